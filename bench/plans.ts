/**
 * How long `npm run bench` spends on each figure. Sized so that the whole run stays
 * under 15 minutes on a 2-core machine without a GPU, where WebGPU and WebGL run on
 * SwiftShader (a software rasteriser) and the CPU backend is plain JavaScript: those
 * get fewer runs, and their rows say so.
 */
import {
  runsOnSoftwareGpu,
  type BackendName,
  type BackendReport,
} from '../app/ml/backend_info';
import {
  EFFICIENTNET_LITE0_MULTIPLY_ADDS,
  MATMUL_SIZES,
  type BackbonePlan,
  type DetectorPlan,
  type TrainingBenchPlan,
} from '../app/ml/bench/plan';
import type { RuntimeName } from './reference/runtimes';

/** A backbone plan, remarks for its rows, and its alternating rounds with references. */
export type RunnerPlan = BackbonePlan & {
  notes: string[];
  /** Ours, then each reference, `runsPerRound` runs each, `rounds` times. */
  pairing: { rounds: number; runsPerRound: number };
};

const FULL: RunnerPlan = {
  batchSizes: [1, 8, 32],
  timing: { warmupRuns: 2, runs: 20, minRuns: 5, budgetMs: 6_000 },
  matmul: { sizes: MATMUL_SIZES, maxRunMs: 1_000 },
  multiplyAddsPerImage: EFFICIENTNET_LITE0_MULTIPLY_ADDS,
  notes: [],
  pairing: { rounds: 5, runsPerRound: 10 },
};

/**
 * For backends that take seconds per batch here: one warm-up run, then two timed runs,
 * or one when that one took longer than 20 seconds (a batch of 32 on the CPU backend).
 */
const FEW_RUNS: RunnerPlan = {
  ...FULL,
  timing: { warmupRuns: 1, runs: 2, minRuns: 1, budgetMs: 20_000 },
  pairing: { rounds: 3, runsPerRound: 2 },
};

/**
 * WebGPU on SwiftShader takes about three seconds an image on 2 cores, so a batch of 32
 * takes nearly two minutes a run: larger batches are warmed up by compiling their
 * kernels instead of a full run, and each is timed once.
 */
const SOFTWARE_WEBGPU: RunnerPlan = {
  ...FEW_RUNS,
  batchWarmup: 'compile',
  notes: ['software adapter (no GPU): few runs'],
  pairing: { rounds: 3, runsPerRound: 1 },
};

/** The order the runner measures in: the fastest here first, the slowest last. */
export const RUN_ORDER: BackendName[] = ['wasm', 'webgl', 'cpu', 'webgpu'];

/**
 * The plan for a backend as it started: the full plan for WASM and for a hardware GPU,
 * few runs for the CPU backend and for WebGPU or WebGL on a software rasteriser.
 */
export function planFor(report: BackendReport): RunnerPlan {
  if (report.name === 'cpu')
    return { ...FEW_RUNS, notes: ['few runs: plain JavaScript kernels'] };
  if (!runsOnSoftwareGpu(report)) return FULL;
  if (report.name === 'webgpu') return SOFTWARE_WEBGPU;
  return { ...FEW_RUNS, notes: ['few runs: software rasteriser, no GPU'] };
}

/** Reference runtimes run side by side with each of our backends. */
export const PAIRINGS: Partial<Record<BackendName, RuntimeName[]>> = {
  wasm: ['tfjs-tflite', 'mediapipe-cpu', 'litert-wasm'],
  webgpu: ['mediapipe-gpu', 'litert-webgpu'],
};

export const DETECTOR_PLAN: DetectorPlan & { backend: BackendName } = {
  backend: 'wasm',
  timing: { warmupRuns: 2, runs: 20, minRuns: 5, budgetMs: 6_000 },
  memoryCheckpoints: [10, 1000],
};

/**
 * Head training: 100 clothing photos (10 a class) with 9 augmented views each, 1,000
 * embeddings. The naive path runs the backbone on all of them every epoch (about a
 * minute an epoch on 2 cores), so one or two of its epochs are timed and scaled to 20.
 */
export const TRAINING_PLAN: TrainingBenchPlan & { backend: BackendName; photos: number } =
  {
    backend: 'wasm',
    photos: 100,
    augmentViews: 9,
    epochs: 20,
    batchSize: 32,
    cachedRuns: 3,
    naiveEpochs: { warmupRuns: 0, runs: 2, minRuns: 1, budgetMs: 40_000 },
  };

/**
 * The Detect page's live loop on Chromium's fake camera: frames per second over
 * `windows` windows of `windowMs`, after `warmupFrames` answered frames.
 */
export const WEBCAM_PLAN: {
  backend: BackendName;
  warmupFrames: number;
  windows: number;
  windowMs: number;
} = {
  backend: 'wasm',
  warmupFrames: 10,
  windows: 6,
  windowMs: 5_000,
};
