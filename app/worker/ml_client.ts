import type {
  ProgressUpdate,
  RequestMessage,
  ResponseMessage,
  WorkerApi,
  WorkerMethod,
} from './protocol';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (progress: ProgressUpdate) => void;
}

export interface CallOptions {
  onProgress?: (progress: ProgressUpdate) => void;
  signal?: AbortSignal;
  transfer?: Transferable[];
}

/** An error thrown inside the ML worker, carried back with its name and message. */
export class WorkerCallError extends Error {
  constructor(message: string, name: string) {
    super(message);
    this.name = name;
  }
}

/**
 * The page's handle on the ML worker: typed calls that resolve with the worker's
 * answer, with progress and cancellation.
 */
export class MlClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly worker: Worker) {
    worker.onmessage = (event: MessageEvent<ResponseMessage>) => this.receive(event.data);
    worker.onerror = (event) => {
      const error = new Error(`the ML worker crashed: ${event.message}`);
      for (const call of this.pending.values()) call.reject(error);
      this.pending.clear();
    };
  }

  call<M extends WorkerMethod>(
    method: M,
    params: WorkerApi[M]['request'],
    { onProgress, signal, transfer = [] }: CallOptions = {},
  ): Promise<WorkerApi[M]['response']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new DOMException('cancelled', 'AbortError'));
      this.pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        onProgress,
      });
      signal?.addEventListener('abort', () => {
        this.worker.postMessage({ cancel: id });
        this.pending.delete(id);
        reject(new DOMException('cancelled', 'AbortError'));
      });
      const message: RequestMessage<M> = { id, method, params };
      this.worker.postMessage(message, transfer);
    });
  }

  terminate(): void {
    this.worker.terminate();
  }

  private receive(message: ResponseMessage): void {
    const call = this.pending.get(message.id);
    if (!call) return;
    if (message.kind === 'progress') {
      call.onProgress?.(message.progress);
      return;
    }
    this.pending.delete(message.id);
    if (message.kind === 'result') call.resolve(message.value);
    else call.reject(new WorkerCallError(message.message, message.errorName));
  }
}

/** Starts the studio's ML worker. */
export function startMlWorker(): MlClient {
  const worker = new Worker(new URL('./ml.worker.ts', import.meta.url), {
    type: 'module',
    name: 'transfer-studio-ml',
  });
  return new MlClient(worker);
}
