import type {
  DatasetResponse,
  DatasetWorkerApi,
  DatasetWorkerMethod,
  DatasetWorkerProgress,
} from './worker_protocol';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (progress: DatasetWorkerProgress) => void;
}

/**
 * The page's handle on the dataset worker. A cancelled import still resolves, with a
 * report of what it stored before it stopped.
 */
export class DatasetWorkerClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly worker: Worker) {
    worker.onmessage = (event: MessageEvent<DatasetResponse>) => this.receive(event.data);
    worker.onerror = (event) => {
      const error = new Error(`the dataset worker crashed: ${event.message}`);
      for (const call of this.pending.values()) call.reject(error);
      this.pending.clear();
    };
  }

  call<M extends DatasetWorkerMethod>(
    method: M,
    params: DatasetWorkerApi[M]['request'],
    options: {
      onProgress?: (p: DatasetWorkerProgress) => void;
      signal?: AbortSignal;
    } = {},
  ): Promise<DatasetWorkerApi[M]['response']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve as (value: unknown) => void,
        reject,
        onProgress: options.onProgress,
      });
      options.signal?.addEventListener('abort', () =>
        this.worker.postMessage({ cancel: id }),
      );
      this.worker.postMessage({ id, method, params });
    });
  }

  private receive(message: DatasetResponse): void {
    const call = this.pending.get(message.id);
    if (!call) return;
    if (message.kind === 'progress') {
      call.onProgress?.(message.progress);
      return;
    }
    this.pending.delete(message.id);
    if (message.kind === 'result') call.resolve(message.value);
    else call.reject(new Error(message.message));
  }
}

/** Starts the dataset worker. */
export function startDatasetWorker(): DatasetWorkerClient {
  const worker = new Worker(new URL('./dataset.worker.ts', import.meta.url), {
    type: 'module',
    name: 'transfer-studio-dataset',
  });
  return new DatasetWorkerClient(worker);
}
