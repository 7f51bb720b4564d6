/**
 * One model slot: how a store gets a model into the ML worker and keeps it for the next
 * visit. The backbone and the detector each hold one; a slot reads dropped files,
 * downloads, loads from Cache Storage, keeps what it loaded, cancels, lists the cached
 * models of its task and remembers the model loaded last in localStorage. It writes its
 * fields into the store that owns it, under that store's names.
 */
import { findCatalogModel, type CatalogModel, type ModelTask } from '../models/catalog';
import { checkModelUrl, ModelDownloadError } from '../models/download';
import {
  deleteModel,
  listModels,
  readModel,
  saveModel,
  type CachedModelRecord,
  type ModelFile,
} from '../models/model_cache';
import {
  downloadTflite,
  readFiles,
  recordForFiles,
  type ByteProgress,
} from '../models/model_sources';

export interface LoadProgress {
  stage: string;
  done: number;
  total: number;
  unit: 'bytes' | 'steps';
}

export type SlotStatus = 'none' | 'loading' | 'ready' | 'error';

/** A loaded model's summary and the id its files are kept under in Cache Storage. */
export type LoadedModel<Summary> = Summary & { cacheId: string };

/** The store fields a slot writes, under the slot's own names. */
export interface SlotFields<Summary> {
  status: SlotStatus;
  error: string | null;
  progress: LoadProgress | null;
  model: LoadedModel<Summary> | null;
  /** The cached models of the slot's task, newest first. */
  cached: CachedModelRecord[];
  /** True when the last failure was a download: the page then offers the file drop. */
  downloadFailed: boolean;
}

/** A store's names for the slot's fields; a field the store does not show has none. */
export type SlotFieldNames = { readonly [K in keyof SlotFields<unknown>]?: string };

/** Some of a slot's fields under a store's names, ready for the store's `set`. */
export type RenamedFields<Summary, Names extends SlotFieldNames> = {
  [
    K in keyof SlotFields<Summary> as K extends keyof Names ? Names[K] & string : never
  ]?: SlotFields<Summary>[K];
};

/** Renames the fields a slot writes to the store's names, leaving out those it lacks. */
export function renameFields<Summary, const Names extends SlotFieldNames>(
  fields: Partial<SlotFields<Summary>>,
  names: Names,
): RenamedFields<Summary, Names> {
  const renamed: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    const name = names[field as keyof SlotFields<Summary>];
    if (name) renamed[name] = value;
  }
  return renamed as RenamedFields<Summary, Names>;
}

export interface ModelSlotOptions<Summary> {
  task: ModelTask;
  /** What the slot holds, `model` or `detector`, as its messages say it. */
  noun: string;
  /** The localStorage key of the model loaded last, reloaded on the next visit. */
  activeSetting: string;
  /** Loads the files into the ML worker; rejects with a message a person can read. */
  load(
    name: string,
    files: ModelFile[],
    onProgress: (progress: Omit<LoadProgress, 'unit'>) => void,
  ): Promise<Summary>;
  /** Runs once the model is ready and before it is kept; the slot awaits it. */
  loaded?(record: CachedModelRecord): void | Promise<void>;
  /** The model the store holds now. */
  current(): LoadedModel<Summary> | null;
  /** Writes some of the slot's fields into the store. */
  show(fields: Partial<SlotFields<Summary>>): void;
}

export interface ModelSlot {
  loadFromCatalog(id: string): Promise<void>;
  loadFromUrl(text: string): Promise<void>;
  loadFromFiles(files: File[]): Promise<void>;
  loadCached(id: string): Promise<void>;
  deleteCached(id: string): Promise<void>;
  /** Stops the download or file read in progress; the model loaded before stays. */
  cancelLoad(): void;
  /**
   * Settles once the model being loaded is kept in Cache Storage (or could not be):
   * it becomes ready before that, and whoever reads it back from the cache waits here.
   */
  modelKept(): Promise<void>;
  /**
   * Lists the cached models, then reloads the one loaded last if it is still kept and
   * no model was loaded meanwhile.
   */
  restoreActive(): Promise<void>;
}

/** A slot over a store's fields; see ModelSlotOptions for what the store supplies. */
export function createModelSlot<Summary>(options: ModelSlotOptions<Summary>): ModelSlot {
  const { task, noun, activeSetting, current, show } = options;
  let loadAbort: AbortController | null = null;
  let keeping: Promise<void> = Promise.resolve();

  function begin(): void {
    show({ status: 'loading', error: null, downloadFailed: false });
  }

  /** The status after a load that did not happen: the model loaded before stays. */
  function statusWithout(failed: boolean): SlotStatus {
    if (current()) return 'ready';
    return failed ? 'error' : 'none';
  }

  function showBytes({ stage, done, total }: ByteProgress): void {
    show({ progress: { stage, done, total, unit: 'bytes' } });
  }

  async function refreshCache(): Promise<CachedModelRecord[]> {
    const models = await listModels();
    const cached = models.filter((model) => model.task === task);
    show({ cached });
    return cached;
  }

  /** Loads files into the worker; false when it refused them. */
  async function loadFiles(
    record: CachedModelRecord,
    files: ModelFile[],
  ): Promise<boolean> {
    begin();
    try {
      const summary = await options.load(record.name, files, ({ stage, done, total }) =>
        show({ progress: { stage, done, total, unit: 'steps' } }),
      );
      localStorage.setItem(activeSetting, record.id);
      show({
        status: 'ready',
        model: { ...summary, cacheId: record.id },
        progress: null,
      });
    } catch (error) {
      show({
        status: statusWithout(true),
        error: `${record.name}: ${(error as Error).message}`,
        progress: null,
      });
      return false;
    }
    await options.loaded?.(record);
    return true;
  }

  async function keep(record: CachedModelRecord, files: ModelFile[]): Promise<void> {
    await saveModel(record, files).catch((error: Error) =>
      show({
        error: `loaded, but could not be kept for the next visit: ${error.message}`,
      }),
    );
    await refreshCache().catch(() => undefined);
  }

  /**
   * Loads files read or downloaded just now, then keeps them in Cache Storage if they
   * are still the model loaded.
   */
  async function loadAndKeep(
    record: CachedModelRecord,
    files: ModelFile[],
  ): Promise<void> {
    let settle = () => {};
    keeping = new Promise<void>((resolve) => (settle = resolve));
    try {
      const loaded = await loadFiles(record, files);
      if (loaded && current()?.cacheId === record.id) await keep(record, files);
    } finally {
      settle();
    }
  }

  async function download(url: URL, name: string, catalog?: CatalogModel): Promise<void> {
    begin();
    const abort = (loadAbort = new AbortController());
    let downloaded: { record: CachedModelRecord; files: ModelFile[] };
    try {
      downloaded = await downloadTflite(url, {
        name,
        task,
        id: catalog?.id,
        expectedBytes: catalog ? catalog.sizeMB * 1e6 : 0,
        signal: abort.signal,
        onProgress: showBytes,
      });
    } catch (error) {
      const cancelled =
        error instanceof ModelDownloadError && error.reason === 'cancelled';
      show({
        status: statusWithout(!cancelled),
        error: cancelled
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

  async function loadCached(id: string): Promise<void> {
    const cached = await readModel(id).catch(() => null);
    if (!cached) {
      show({ error: `the cached ${noun} is incomplete; load it again` });
      return;
    }
    await loadFiles(cached.record, cached.files);
  }

  return {
    async loadFromCatalog(id) {
      const model = findCatalogModel(id);
      if (!model) return;
      const cached = await readModel(model.id).catch(() => null);
      if (cached) {
        await loadFiles(cached.record, cached.files);
        return;
      }
      await download(new URL(model.url), model.name, model);
    },

    async loadFromUrl(text) {
      let url: URL;
      try {
        url = checkModelUrl(text, location.origin);
      } catch (error) {
        show({ error: (error as Error).message });
        return;
      }
      await download(url, url.pathname.split('/').pop() || url.host);
    },

    async loadFromFiles(files) {
      const record = recordForFiles(files, task);
      begin();
      const abort = (loadAbort = new AbortController());
      let contents: ModelFile[] | null;
      try {
        contents = await readFiles(files, abort.signal, showBytes);
      } catch (error) {
        // A file moved, deleted or unreadable since it was dropped.
        show({
          status: statusWithout(true),
          error: `${record.name} could not be read: ${(error as Error).message}`,
          progress: null,
        });
        return;
      } finally {
        loadAbort = null;
      }
      if (!contents) {
        show({ status: statusWithout(false), progress: null });
        return;
      }
      await loadAndKeep(record, contents);
    },

    loadCached,

    async deleteCached(id) {
      await deleteModel(id);
      if (localStorage.getItem(activeSetting) === id)
        localStorage.removeItem(activeSetting);
      await refreshCache();
    },

    cancelLoad() {
      loadAbort?.abort();
    },

    modelKept() {
      return keeping;
    },

    async restoreActive() {
      const cached = await refreshCache().catch(() => []);
      const active = localStorage.getItem(activeSetting);
      if (active && !current() && cached.some((model) => model.id === active)) {
        await loadCached(active);
      }
    },
  };
}
