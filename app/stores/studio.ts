import { create } from 'zustand';
import { isBackendName, type BackendName, type BackendReport } from '../ml/backend_info';
import type { ClassScore } from '../ml/classify';
import { findCatalogModel, type CatalogModel } from '../models/catalog';
import { checkModelUrl, formatBytes, ModelDownloadError } from '../models/download';
import {
  downloadTflite,
  readFiles,
  recordForFiles,
  type ByteProgress,
} from '../models/model_sources';
import {
  deleteModel,
  listModels,
  readModel,
  saveModel,
  type CachedModelRecord,
  type ModelFile,
} from '../models/model_cache';
import { startMlWorker, type MlClient } from '../worker/ml_client';
import type { ModelSummary } from '../worker/protocol';
import { useTraining } from './training';
import { openProjectSource } from './training_data';

const BACKEND_SETTING = 'studio.backend';
const ACTIVE_MODEL_SETTING = 'studio.activeBackbone';

export interface LoadProgress {
  stage: string;
  done: number;
  total: number;
  unit: 'bytes' | 'steps';
}

export interface Prediction {
  fileName: string;
  imageUrl: string;
  scores: ClassScore[];
}

interface StudioState {
  backend: BackendReport | null;
  backendError: string | null;
  modelStatus: 'none' | 'loading' | 'ready' | 'error';
  progress: LoadProgress | null;
  modelError: string | null;
  /** True when the last failure was a download: the page then offers the file drop. */
  downloadFailed: boolean;
  backbone: (ModelSummary & { cacheId: string }) | null;
  cachedModels: CachedModelRecord[];
  prediction: Prediction | null;
  predictionError: string | null;
  classifying: boolean;
  /** False while the browser says it is offline. */
  online: boolean;

  start(): Promise<void>;
  setBackendPreference(name: BackendName | 'auto'): void;
  loadFromCatalog(id: string): Promise<void>;
  loadFromUrl(text: string): Promise<void>;
  loadFromFiles(files: File[]): Promise<void>;
  loadCached(id: string): Promise<void>;
  deleteCached(id: string): Promise<void>;
  classify(file: File): Promise<void>;
  /** Cuts the backbone at another named tensor for transfer learning. */
  chooseFeatureTensor(name: string): Promise<void>;
  /** Stops the download or file read in progress; the model loaded before stays. */
  cancelLoad(): void;
  /**
   * Settles once the model being loaded is kept in Cache Storage (or could not be):
   * it becomes ready before that, and whoever reads it back from the cache waits here.
   */
  modelKept(): Promise<void>;
}

let client: MlClient | null = null;
let loadAbort: AbortController | null = null;
/** Settles when the model loading now is in Cache Storage (or could not be kept). */
let saving: Promise<void> = Promise.resolve();

/** The page's one ML worker; every store that runs tensors calls through it. */
export function ml(): MlClient {
  if (!client) client = startMlWorker();
  return client;
}

/** The backend the user forced: `?backend=` first, then the saved setting. */
export function requestedBackend(): BackendName | undefined {
  const fromUrl = new URLSearchParams(location.search).get('backend');
  if (isBackendName(fromUrl)) return fromUrl;
  const saved = localStorage.getItem(BACKEND_SETTING);
  return isBackendName(saved) ? saved : undefined;
}

export const useStudio = create<StudioState>((set, get) => {
  async function loadFiles(record: CachedModelRecord, files: ModelFile[]): Promise<void> {
    set({ modelStatus: 'loading', modelError: null, downloadFailed: false });
    try {
      const summary = await ml().call(
        'loadBackbone',
        { name: record.name, files },
        {
          onProgress: (p) =>
            set({
              progress: { stage: p.stage, done: p.done, total: p.total, unit: 'steps' },
            }),
        },
      );
      localStorage.setItem(ACTIVE_MODEL_SETTING, record.id);
      set({
        modelStatus: 'ready',
        backbone: { ...summary, cacheId: record.id },
        progress: null,
      });
    } catch (error) {
      set({
        modelStatus: get().backbone ? 'ready' : 'error',
        modelError: `${record.name}: ${(error as Error).message}`,
        progress: null,
      });
      return;
    }

    // Training runs on the backbone just loaded; its head, if one was saved, comes back.
    const backbone = { name: record.name, source: record.source };
    useTraining.getState().connect(ml(), openProjectSource, backbone);
    await useTraining.getState().restore(backbone);
  }

  async function refreshCache(): Promise<void> {
    const models = await listModels();
    set({ cachedModels: models.filter((model) => model.task === 'classification') });
  }

  async function keep(record: CachedModelRecord, files: ModelFile[]): Promise<void> {
    if (get().backbone?.cacheId !== record.id) return;
    await saveModel(record, files).catch((error: Error) =>
      set({
        modelError: `loaded, but could not be kept for the next visit: ${error.message}`,
      }),
    );
    await refreshCache().catch(() => undefined);
  }

  /** Loads a model read from files or the network, then keeps it in Cache Storage. */
  async function loadAndKeep(record: CachedModelRecord, files: ModelFile[]): Promise<void> {
    let settled = () => {};
    saving = new Promise<void>((resolve) => (settled = resolve));
    try {
      await loadFiles(record, files);
      await keep(record, files);
    } finally {
      settled();
    }
  }

  function showBytes({ stage, done, total }: ByteProgress): void {
    set({ progress: { stage, done, total, unit: 'bytes' } });
  }

  async function download(url: URL, name: string, catalog?: CatalogModel): Promise<void> {
    set({ modelStatus: 'loading', modelError: null, downloadFailed: false });
    const abort = (loadAbort = new AbortController());
    let downloaded: { record: CachedModelRecord; files: ModelFile[] };
    try {
      downloaded = await downloadTflite(url, {
        name,
        task: 'classification',
        id: catalog?.id,
        expectedBytes: catalog ? catalog.sizeMB * 1e6 : 0,
        signal: abort.signal,
        onProgress: showBytes,
      });
    } catch (error) {
      const cancelled =
        error instanceof ModelDownloadError && error.reason === 'cancelled';
      set({
        modelStatus: get().backbone ? 'ready' : cancelled ? 'none' : 'error',
        modelError: cancelled
          ? null
          : `download of ${name} failed: ${(error as Error).message}`,
        downloadFailed: !cancelled,
        progress: null,
      });
      return;
    } finally {
      loadAbort = null;
    }
    await loadAndKeep(downloaded.record, downloaded.files);
  }

  return {
    backend: null,
    backendError: null,
    modelStatus: 'none',
    progress: null,
    modelError: null,
    downloadFailed: false,
    backbone: null,
    cachedModels: [],
    prediction: null,
    predictionError: null,
    classifying: false,
    online: typeof navigator === 'undefined' ? true : navigator.onLine,

    async start() {
      addEventListener('online', () => set({ online: true }));
      addEventListener('offline', () => set({ online: false }));
      const requested = requestedBackend();
      try {
        const backend = await ml().call('init', { backend: requested });
        set({ backend });
      } catch (error) {
        set({ backendError: (error as Error).message });
        return;
      }
      await refreshCache().catch(() => undefined);
      const active = localStorage.getItem(ACTIVE_MODEL_SETTING);
      if (active && get().cachedModels.some((m) => m.id === active))
        await get().loadCached(active);
    },

    setBackendPreference(name) {
      if (name === 'auto') localStorage.removeItem(BACKEND_SETTING);
      else localStorage.setItem(BACKEND_SETTING, name);
      const url = new URL(location.href);
      url.searchParams.delete('backend');
      location.assign(url.href);
    },

    async loadFromCatalog(id) {
      const model = findCatalogModel(id);
      if (!model) return;
      const cached = await readModel(model.id).catch(() => null);
      if (cached) return loadFiles(cached.record, cached.files);
      return download(new URL(model.url), model.name, model);
    },

    async loadFromUrl(text) {
      let url: URL;
      try {
        url = checkModelUrl(text, location.origin);
      } catch (error) {
        set({ modelError: (error as Error).message });
        return;
      }
      return download(url, url.pathname.split('/').pop() || url.host);
    },

    async loadFromFiles(files) {
      const record = recordForFiles(files, 'classification');
      set({ modelStatus: 'loading', modelError: null, downloadFailed: false });
      const abort = (loadAbort = new AbortController());
      const contents = await readFiles(files, abort.signal, showBytes);
      loadAbort = null;
      if (!contents) {
        set({ modelStatus: get().backbone ? 'ready' : 'none', progress: null });
        return;
      }
      await loadAndKeep(record, contents);
    },

    modelKept() {
      return saving;
    },

    async loadCached(id) {
      const cached = await readModel(id).catch(() => null);
      if (!cached) {
        set({ modelError: `the cached model is incomplete; load it again` });
        return;
      }
      return loadFiles(cached.record, cached.files);
    },

    async deleteCached(id) {
      await deleteModel(id);
      if (localStorage.getItem(ACTIVE_MODEL_SETTING) === id)
        localStorage.removeItem(ACTIVE_MODEL_SETTING);
      await refreshCache();
    },

    async chooseFeatureTensor(name) {
      const current = get().backbone;
      if (!current) return;
      try {
        const choice = await ml().call('setFeatureTensor', { name });
        set({ backbone: { ...current, ...choice }, modelError: null });
      } catch (error) {
        set({ modelError: `cannot cut at ${name}: ${(error as Error).message}` });
      }
    },

    cancelLoad() {
      loadAbort?.abort();
    },

    async classify(file) {
      const previous = get().prediction;
      if (previous) URL.revokeObjectURL(previous.imageUrl);
      set({ classifying: true, predictionError: null, prediction: null });
      try {
        const scores = await ml().call('classify', { image: file, topK: 5 });
        set({
          prediction: {
            fileName: file.name,
            imageUrl: URL.createObjectURL(file),
            scores,
          },
        });
      } catch (error) {
        set({ predictionError: `${file.name}: ${(error as Error).message}` });
      } finally {
        set({ classifying: false });
      }
    },
  };
});

export { formatBytes };
