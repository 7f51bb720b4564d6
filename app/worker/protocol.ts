import type { BackendName, BackendReport } from '../ml/backend_info';
import type { ClassScore } from '../ml/classify';
import type { TensorSpec } from '../ml/graph';
import type { NamedBytes } from '../ml/graph_model';
import type { DetectOptions } from '../ml/detect/detection';
import type {
  DetectorSummary,
  FolderEvaluation,
  ImageDetections,
} from '../ml/detect/detector_session';
import type { YoloItem } from '../ml/detect/yolo_folder';

/** What a loaded model looks like from the page: no tensors, just facts. */
export interface ModelSummary {
  name: string;
  format: 'tflite' | 'tfjs-graph';
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  labelCount: number;
  /** The pooled feature tensor used as the transfer-learning cut, when one was found. */
  featureTensor?: string;
  featureSize?: number;
  /** Milliseconds to build the graph, and to run it the first time (shader compile). */
  buildMs: number;
  firstRunMs: number;
}

export interface MemoryReport {
  numTensors: number;
  numBytes: number;
}

/**
 * The worker's calls: each names its request and its response. The page sends a
 * request with an id; the worker answers with a result or an error for that id, and
 * may send progress for it before.
 */
export interface WorkerApi {
  init: { request: { backend?: BackendName }; response: BackendReport };
  loadBackbone: { request: { name: string; files: NamedBytes[] }; response: ModelSummary };
  classify: { request: { image: Blob; topK: number }; response: ClassScore[] };
  memory: { request: Record<string, never>; response: MemoryReport };

  /** Loads the detector, in its own slot beside the backbone. */
  loadDetector: {
    request: { name: string; files: NamedBytes[] };
    response: DetectorSummary;
  };
  /**
   * Detects objects in a photo (Blob) or a camera frame (ImageBitmap, transferred and
   * closed by the worker); answers with the worker's tensor count after the pass.
   */
  detect: {
    request: { image: Blob | ImageBitmap; options: Partial<DetectOptions> };
    response: ImageDetections & { memory: MemoryReport };
  };
  /** COCO mAP of the detector over a YOLO folder; progress per image; cancellable. */
  evaluateDetector: {
    request: {
      classNames: string[];
      items: YoloItem<Blob>[];
      options: Partial<DetectOptions>;
    };
    response: FolderEvaluation;
  };
}

export type WorkerMethod = keyof WorkerApi;

export interface RequestMessage<M extends WorkerMethod = WorkerMethod> {
  id: number;
  method: M;
  params: WorkerApi[M]['request'];
}

export interface ProgressUpdate {
  /** What is happening, in a few words: `building graph`, `compiling shaders`. */
  stage: string;
  done: number;
  total: number;
}

export type ResponseMessage =
  | { id: number; kind: 'result'; value: unknown }
  | { id: number; kind: 'error'; message: string; errorName: string }
  | { id: number; kind: 'progress'; progress: ProgressUpdate };

/** Sent by the page to stop a call in flight; the call then fails as cancelled. */
export interface CancelMessage {
  cancel: number;
}
