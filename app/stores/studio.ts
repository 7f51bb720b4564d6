import { create } from 'zustand';
import { isBackendName, type BackendName, type BackendReport } from '../ml/backend_info';
import type { ClassScore } from '../ml/classify';
import { formatBytes } from '../models/download';
import type { CachedModelRecord } from '../models/model_cache';
import { startMlWorker, type MlClient } from '../worker/ml_client';
import type { ModelSummary } from '../worker/protocol';
import {
  createModelSlot,
  renameFields,
  type LoadedModel,
  type LoadProgress,
  type SlotStatus,
} from './model_slot';
import { useTraining } from './training';
import { openProjectSource } from './training_data';

const BACKEND_SETTING = 'studio.backend';
const ACTIVE_MODEL_SETTING = 'studio.activeBackbone';

/** Where the backbone's model slot writes in this store. */
const BACKBONE_FIELDS = {
  status: 'modelStatus',
  error: 'modelError',
  progress: 'progress',
  model: 'backbone',
  cached: 'cachedModels',
  downloadFailed: 'downloadFailed',
} as const;

export interface Prediction {
  fileName: string;
  imageUrl: string;
  scores: ClassScore[];
}

interface StudioState {
  backend: BackendReport | null;
  backendError: string | null;
  modelStatus: SlotStatus;
  progress: LoadProgress | null;
  modelError: string | null;
  /** True when the last failure was a download: the page then offers the file drop. */
  downloadFailed: boolean;
  backbone: LoadedModel<ModelSummary> | null;
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
  const slot = createModelSlot<ModelSummary>({
    task: 'classification',
    noun: 'model',
    activeSetting: ACTIVE_MODEL_SETTING,
    load: (name, files, onProgress) =>
      ml().call('loadBackbone', { name, files }, { onProgress }),
    async loaded(record) {
      // Training runs on the backbone just loaded; its head, if one was saved, comes back.
      const backbone = { name: record.name, source: record.source };
      useTraining.getState().connect(ml(), openProjectSource, backbone);
      await useTraining.getState().restore(backbone);
    },
    current: () => get().backbone,
    show: (fields) => set(renameFields(fields, BACKBONE_FIELDS)),
  });

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
      await slot.restoreActive();
    },

    setBackendPreference(name) {
      if (name === 'auto') localStorage.removeItem(BACKEND_SETTING);
      else localStorage.setItem(BACKEND_SETTING, name);
      const url = new URL(location.href);
      url.searchParams.delete('backend');
      location.assign(url.href);
    },

    loadFromCatalog: slot.loadFromCatalog,
    loadFromUrl: slot.loadFromUrl,
    loadFromFiles: slot.loadFromFiles,
    loadCached: slot.loadCached,
    deleteCached: slot.deleteCached,
    cancelLoad: slot.cancelLoad,
    modelKept: slot.modelKept,

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
export type { LoadProgress };
