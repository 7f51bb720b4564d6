import { WorkerRpc } from '../util/worker_rpc';
import type { ProgressUpdate, WorkerApi } from './protocol';

export { WorkerCallError } from '../util/worker_rpc';

/** The page's handle on the ML worker; a cancelled call fails at once. */
export type MlClient = WorkerRpc<WorkerApi, ProgressUpdate>;

/** Starts the studio's ML worker. */
export function startMlWorker(): MlClient {
  const worker = new Worker(new URL('./ml.worker.ts', import.meta.url), {
    type: 'module',
    name: 'transfer-studio-ml',
  });
  return new WorkerRpc(worker, 'ML', /* settleOnAbort= */ true);
}
