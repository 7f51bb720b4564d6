import type { RpcResponse } from '../util/worker_rpc';
import type { BackendName, BackendReport } from '../ml/backend_info';
import type { BenchmarkRequest, BenchmarkResponse } from '../ml/bench/plan';
import type { ClassScore } from '../ml/classify';
import type { TensorSpec } from '../ml/graph';
import type { NamedBytes } from '../ml/graph_model';
import type { HeadMetadata } from '../ml/train/export';
import type { HeadRecipe } from '../ml/train/heads';
import type { EpochLog } from '../ml/train/train';
import type {
  EmbedCounts,
  EvaluationReport,
  LabelledImage,
  SessionImage,
  TrainReport,
  TrainRequest,
} from '../ml/train/training_session';
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
  /** Every tensor the graph can return, for choosing another cut point. */
  tensorNames: string[];
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
  loadBackbone: {
    request: { name: string; files: NamedBytes[] };
    response: ModelSummary;
  };
  setFeatureTensor: {
    request: { name: string };
    response: { featureTensor: string; featureSize: number };
  };
  classify: { request: { image: Blob; topK: number }; response: ClassScore[] };
  memory: { request: Record<string, never>; response: MemoryReport };

  /** Embeds images (and `augmentViews` views of each) for a head recipe, into the cache. */
  embedImages: {
    request: { images: SessionImage[]; recipe: HeadRecipe; augmentViews: number };
    response: EmbedCounts;
  };
  /** Embeds what is missing, then trains a head; progress carries each epoch's log. */
  train: { request: TrainRequest; response: TrainReport };
  /** Ends a training in progress after its batch, keeping the best weights so far. */
  stopTraining: { request: Record<string, never>; response: { stopping: boolean } };
  evaluate: {
    request: { images: LabelledImage[]; asTest: boolean };
    response: EvaluationReport;
  };
  /** Top-k classes of a photo or a camera frame under the trained head. */
  predictHead: {
    request: { image: Blob | ImageBitmap; topK: number };
    response: ClassScore[];
  };
  /** The trained head as model.json, weights.bin and metadata.json. */
  exportHead: { request: Record<string, never>; response: NamedBytes[] };
  /** Makes an export (zip or files) the current head. */
  importHead: { request: { files: NamedBytes[] }; response: HeadMetadata };
  /** The head saved for the loaded backbone, brought back after a reload; null if none. */
  restoreHead: { request: Record<string, never>; response: HeadMetadata | null };
  benchmark: { request: BenchmarkRequest; response: BenchmarkResponse };
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
  /** While training: the log of the epoch just finished. */
  epoch?: EpochLog;
}

export type ResponseMessage = RpcResponse<ProgressUpdate>;

/** Sent by the page to stop a call in flight; the call then fails as cancelled. */
export interface CancelMessage {
  cancel: number;
}
