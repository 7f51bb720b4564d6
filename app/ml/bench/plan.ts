/**
 * What a benchmark is asked to do and what it gives back: plain data that crosses the
 * worker boundary, importable without TensorFlow.js.
 */
import type { NamedBytes } from '../graph_model';
import type { MatmulLadder } from './matmul_peak';

/** Multiply-adds of one EfficientNet-Lite0 forward pass at 224×224 (published figure). */
export const EFFICIENTNET_LITE0_MULTIPLY_ADDS = 407e6;

/** Floating-point operations of one EfficientNet-Lite0 image: two per multiply-add. */
export const EFFICIENTNET_LITE0_GFLOP = (2 * EFFICIENTNET_LITE0_MULTIPLY_ADDS) / 1e9;

/**
 * Matmul sides tried for the backend's reachable GFLOP/s; the run-time cap of each plan
 * stops the climb early on slow backends (a 4096 matmul is 137 GFLOP).
 */
export const MATMUL_SIZES = [512, 1024, 2048, 4096];

/** How many runs to time, and for how long at most. */
export interface TimingPlan {
  /** Untimed runs before timing starts (shader compile, caches, JIT). */
  warmupRuns: number;
  /** Timed runs wanted. */
  runs: number;
  /** Runs always timed, even past the time budget. */
  minRuns: number;
  /** Once `minRuns` are done, timing stops when this many milliseconds have passed. */
  budgetMs: number;
}

/** The backbone benchmark: one graph, batches of real photos, matmuls of rising size. */
export interface BackbonePlan {
  /** Batch sizes to time; 1 is reported as latency, larger ones as throughput. */
  batchSizes: number[];
  timing: TimingPlan;
  /** The square float32 matmuls that find the backend's reachable GFLOP/s. */
  matmul: MatmulLadder;
  /** Multiply-adds of one forward pass, to turn images/s into GFLOP/s. */
  multiplyAddsPerImage: number;
  /**
   * How each batch larger than 1 is warmed up before it is timed: `run` (the default)
   * makes `timing.warmupRuns` full runs; `compile` has WebGPU compile the batch's
   * kernels without running them, and reports that time. For software adapters, where
   * one batch of 32 takes minutes; other backends fall back to full runs.
   */
  batchWarmup?: 'run' | 'compile';
}

/** A detector benchmark: per-frame latency, then tensors and bytes as frames go by. */
export interface DetectorPlan {
  timing: TimingPlan;
  /** Frame counts after which tf.memory() is read, e.g. [10, 1000]. */
  memoryCheckpoints: number[];
}

/** Head training from cached embeddings against re-embedding every epoch. */
export interface TrainingBenchPlan {
  /** Augmented views of each photo besides the photo itself. */
  augmentViews: number;
  epochs: number;
  batchSize: number;
  /** Timed runs of the cached path, each with a fresh head. */
  cachedRuns: number;
  /** Epochs of the naive path to time (it is reported per epoch times `epochs`). */
  naiveEpochs: TimingPlan;
}

export type BenchmarkRequest =
  /** Loads the model afresh (timing the build and the first run), then times it. */
  | { kind: 'backbone'; files: NamedBytes[]; images: Blob[]; plan: BackbonePlan }
  /** Times more batch-1 runs of the graph and photos the last `backbone` call kept. */
  | { kind: 'latencyRound'; runs: number }
  | { kind: 'detector'; files: NamedBytes[]; images: Blob[]; plan: DetectorPlan }
  /** Trains heads on the backbone's embeddings of labelled photos (class indices). */
  | {
      kind: 'training';
      files: NamedBytes[];
      images: Blob[];
      labels: number[];
      plan: TrainingBenchPlan;
    }
  /** Frees the graph and the input batches the benchmark kept. */
  | { kind: 'release' };

/**
 * The samples of one figure, already in its unit (ms per image, images/s, GFLOP/s,
 * tensors, bytes). `key` names the figure for code; `figure` for people.
 */
export interface FigureSamples {
  key: string;
  figure: string;
  unit: string;
  samples: number[];
  note?: string;
}

export interface BenchmarkResponse {
  figures: FigureSamples[];
}
