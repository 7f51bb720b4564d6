/**
 * How long `npm run bench` spends on each figure. Sized so that the whole run stays
 * under 15 minutes on a 2-core machine without a GPU, where WebGPU and WebGL run on
 * SwiftShader (a software rasteriser) and the CPU backend is plain JavaScript: those
 * get fewer runs, and their rows say so.
 */
import type { BackendName } from '../app/ml/backend_info';
import {
  EFFICIENTNET_LITE0_MULTIPLY_ADDS,
  type BackbonePlan,
  type DetectorPlan,
} from '../app/ml/bench/plan';
import type { BenchRow } from '../app/ml/bench/stats';
import type { RuntimeName } from './reference/runtimes';

export type RunnerPlan = BackbonePlan & { notes: string[] };

const FULL: RunnerPlan = {
  batchSizes: [1, 8, 32],
  timing: { warmupRuns: 2, runs: 20, minRuns: 5, budgetMs: 8_000 },
  matmulSize: 1024,
  multiplyAddsPerImage: EFFICIENTNET_LITE0_MULTIPLY_ADDS,
  notes: [],
};

/** For backends that take seconds per batch here: one warm-up run, three timed runs. */
const FEW_RUNS: RunnerPlan = {
  ...FULL,
  timing: { warmupRuns: 1, runs: 3, minRuns: 3, budgetMs: 0 },
  matmulSize: 512,
};

export const BACKEND_PLANS: Record<BackendName, RunnerPlan> = {
  wasm: FULL,
  webgpu: { ...FEW_RUNS, notes: ['few runs: software adapter when no GPU'] },
  webgl: { ...FEW_RUNS, notes: ['few runs: software renderer when no GPU'] },
  cpu: { ...FEW_RUNS, notes: ['few runs: plain JavaScript kernels'] },
};

/** Reference runtimes run side by side with each of our backends. */
export const PAIRINGS: Partial<Record<BackendName, RuntimeName[]>> = {
  wasm: ['tfjs-tflite', 'mediapipe-cpu', 'litert-wasm'],
  webgpu: ['mediapipe-gpu', 'litert-webgpu'],
};

/** Alternating rounds: ours, then each reference, this many runs each, this many times. */
export const PAIRING = { rounds: 5, runsPerRound: 10 };

export const DETECTOR_PLAN: DetectorPlan & { backend: BackendName } = {
  backend: 'wasm',
  timing: { warmupRuns: 2, runs: 20, minRuns: 5, budgetMs: 8_000 },
  memoryCheckpoints: [10, 30],
};

/** Figures that need the training code, which is not on this branch. */
export const TRAINING_NOT_MEASURED: Omit<BenchRow, 'machine' | 'backend'>[] = [
  {
    figure: 'training: head on 1,000 cached embeddings, 20 epochs',
    unit: 's',
    note: 'not measured: needs the head training code (app/ml/train), not on this branch',
  },
  {
    figure: 'training: naive path re-embedding the images every epoch, 20 epochs',
    unit: 's',
    note: 'not measured: needs the head training code (app/ml/train), not on this branch',
  },
  {
    figure: 'training speed-up of cached embeddings over re-embedding',
    unit: '×',
    note: 'not measured: needs the two training figures above',
  },
];
