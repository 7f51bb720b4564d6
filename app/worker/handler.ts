import type { ProgressUpdate, WorkerApi, WorkerMethod } from './protocol';

/** What a handler may do for the call it serves, besides answering it. */
export interface CallContext {
  progress(update: ProgressUpdate): void;
  /** Whether the page has cancelled this call; long calls check it between steps. */
  cancelled(): boolean;
}

/** Serves one worker call: takes its request, answers with its response or throws. */
export type Handler<M extends WorkerMethod> = (
  params: WorkerApi[M]['request'],
  context: CallContext,
) => Promise<WorkerApi[M]['response']>;

/** One handler for each of the calls `M`: an area's share of the protocol. */
export type Handlers<M extends WorkerMethod> = { [K in M]: Handler<K> };
