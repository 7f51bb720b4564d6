/**
 * Typed calls to a Web Worker: each request carries an id; the worker answers that id
 * with a result or an error, and may send progress for it before. Used by the page for
 * the ML worker and the dataset worker alike.
 */

/** A worker's calls: each method names its request and its response. */
export type RpcApi<Api> = { [M in keyof Api]: { request: unknown; response: unknown } };

/** What a worker sends back for a call. */
export type RpcResponse<Progress> =
  | { id: number; kind: 'result'; value: unknown }
  | { id: number; kind: 'error'; message: string; errorName?: string }
  | { id: number; kind: 'progress'; progress: Progress };

export interface RpcCallOptions<Progress> {
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
  transfer?: Transferable[];
}

/** An error thrown inside a worker, carried back with its name and message. */
export class WorkerCallError extends Error {
  constructor(message: string, name = 'Error') {
    super(message);
    this.name = name;
  }
}

interface Pending<Progress> {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (progress: Progress) => void;
}

/**
 * The page's handle on one worker. Aborting a call sends `{ cancel: id }`; with
 * `settleOnAbort` the call then fails at once as an AbortError, otherwise it waits for
 * the worker's own answer (an import that reports what it kept before stopping).
 */
export class WorkerRpc<Api extends RpcApi<Api>, Progress> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending<Progress>>();

  constructor(
    private readonly worker: Worker,
    workerName: string,
    private readonly settleOnAbort: boolean,
  ) {
    worker.onmessage = (event: MessageEvent<RpcResponse<Progress>>) =>
      this.receive(event.data);
    worker.onerror = (event) => {
      const error = new Error(`the ${workerName} worker crashed: ${event.message}`);
      for (const call of this.pending.values()) call.reject(error);
      this.pending.clear();
    };
  }

  call<M extends keyof Api & string>(
    method: M,
    params: Api[M]['request'],
    { onProgress, signal, transfer = [] }: RpcCallOptions<Progress> = {},
  ): Promise<Api[M]['response']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (signal?.aborted && this.settleOnAbort) {
        return reject(new DOMException('cancelled', 'AbortError'));
      }
      this.pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        onProgress,
      });
      signal?.addEventListener('abort', () => {
        this.worker.postMessage({ cancel: id });
        if (!this.settleOnAbort) return;
        this.pending.delete(id);
        reject(new DOMException('cancelled', 'AbortError'));
      });
      this.worker.postMessage({ id, method, params }, transfer);
    });
  }

  /** Stops the worker at once; calls still waiting fail as an AbortError. */
  terminate(): void {
    this.worker.terminate();
    for (const call of this.pending.values()) {
      call.reject(new DOMException('the worker was stopped', 'AbortError'));
    }
    this.pending.clear();
  }

  private receive(message: RpcResponse<Progress>): void {
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
