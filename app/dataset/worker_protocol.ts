import type { RpcResponse } from '../util/worker_rpc';
import type { ImportReport } from './ingest';
import type { DatasetClass, ImageRecord } from './types';

/** A file as sent to the dataset worker: Files and Blobs pass by reference, not copied. */
export interface WorkerImportEntry {
  file: Blob;
  relativePath: string;
}

/** The dataset worker's calls, each with its request and its response. */
export interface DatasetWorkerApi {
  import: {
    request: {
      projectId: string;
      maxSide: number;
      classId?: string;
      entries: WorkerImportEntry[];
    };
    response: ImportReport;
  };
  importZip: {
    request: { projectId: string; maxSide: number; zip: Blob };
    response: ImportReport;
  };
  export: { request: { projectId: string }; response: Blob };
}

export type DatasetWorkerMethod = keyof DatasetWorkerApi;

/** Work done so far; `images` and `classes` are what was stored since the last update. */
export interface DatasetWorkerProgress {
  done: number;
  total: number;
  images: ImageRecord[];
  classes: DatasetClass[];
}

export interface DatasetRequest<M extends DatasetWorkerMethod = DatasetWorkerMethod> {
  id: number;
  method: M;
  params: DatasetWorkerApi[M]['request'];
}

export type DatasetResponse = RpcResponse<DatasetWorkerProgress>;

/** Stops a call in flight; an import then ends with what it stored so far. */
export interface DatasetCancel {
  cancel: number;
}
