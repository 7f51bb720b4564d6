/// <reference lib="webworker" />
/**
 * The dataset worker: imports (decoding, downscaling, hashing, storing) and zip
 * exports run here, so the page stays responsive while thousands of photos go in.
 */
import { exportProjectZip, zipImportEntries } from './dataset_zip';
import { importEntries, type ImportProgress } from './ingest';
import { prepareImage } from './prepare_image';
import { DatasetRepository } from './repository';
import type {
  DatasetCancel,
  DatasetRequest,
  DatasetResponse,
  DatasetWorkerApi,
  DatasetWorkerMethod,
  DatasetWorkerProgress,
} from './worker_protocol';

declare const self: DedicatedWorkerGlobalScope;

/** Progress is posted at most this often (milliseconds), and once at the end. */
const PROGRESS_INTERVAL_MS = 100;

let repository: Promise<DatasetRepository> | null = null;
const running = new Map<number, AbortController>();

function post(message: DatasetResponse): void {
  self.postMessage(message);
}

/** Gathers per-file progress into updates sent every PROGRESS_INTERVAL_MS. */
function progressSender(id: number) {
  let pending: DatasetWorkerProgress = { done: 0, total: 0, images: [], classes: [] };
  let lastSent = 0;
  const flush = () => {
    post({ id, kind: 'progress', progress: pending });
    pending = { done: pending.done, total: pending.total, images: [], classes: [] };
    lastSent = performance.now();
  };
  return {
    update(progress: ImportProgress | { done: number; total: number }) {
      pending.done = progress.done;
      pending.total = progress.total;
      if ('images' in progress) {
        pending.images.push(...progress.images);
        pending.classes.push(...progress.classes);
      }
      if (performance.now() - lastSent >= PROGRESS_INTERVAL_MS) flush();
    },
    flush,
  };
}

type Handler<M extends DatasetWorkerMethod> = (
  params: DatasetWorkerApi[M]['request'],
  context: { signal: AbortSignal; progress: ReturnType<typeof progressSender> },
) => Promise<DatasetWorkerApi[M]['response']>;

const handlers: { [M in DatasetWorkerMethod]: Handler<M> } = {
  import: async ({ projectId, maxSide, classId, entries }, { signal, progress }) =>
    importEntries(await repository!, entries, {
      projectId,
      maxSide,
      classId,
      prepare: prepareImage,
      signal,
      onProgress: progress.update,
    }),

  importZip: async ({ projectId, maxSide, zip }, { signal, progress }) =>
    importEntries(await repository!, await zipImportEntries(zip), {
      projectId,
      maxSide,
      prepare: prepareImage,
      signal,
      onProgress: progress.update,
    }),

  export: async ({ projectId }, { signal, progress }) =>
    exportProjectZip(
      await repository!,
      projectId,
      (done, total) => progress.update({ done, total }),
      signal,
    ),
};

self.onmessage = async (event: MessageEvent<DatasetRequest | DatasetCancel>) => {
  const data = event.data;
  if ('cancel' in data) {
    running.get(data.cancel)?.abort();
    return;
  }

  const { id, method, params } = data;
  const controller = new AbortController();
  running.set(id, controller);
  const progress = progressSender(id);
  try {
    repository ??= DatasetRepository.open();
    const handler = handlers[method] as Handler<DatasetWorkerMethod>;
    const value = await handler(params, { signal: controller.signal, progress });
    progress.flush();
    post({ id, kind: 'result', value });
  } catch (error) {
    post({ id, kind: 'error', message: (error as Error).message });
  } finally {
    running.delete(id);
  }
};
