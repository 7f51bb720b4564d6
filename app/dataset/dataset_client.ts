import { WorkerRpc } from '../util/worker_rpc';
import type { DatasetWorkerApi, DatasetWorkerProgress } from './worker_protocol';

/**
 * The page's handle on the dataset worker. A cancelled import still resolves, with a
 * report of what it stored before it stopped.
 */
export type DatasetWorkerClient = WorkerRpc<DatasetWorkerApi, DatasetWorkerProgress>;

/** Starts the dataset worker. */
export function startDatasetWorker(): DatasetWorkerClient {
  const worker = new Worker(new URL('./dataset.worker.ts', import.meta.url), {
    type: 'module',
    name: 'transfer-studio-dataset',
  });
  return new WorkerRpc(worker, 'dataset', /* settleOnAbort= */ false);
}
