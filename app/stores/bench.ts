import { create } from 'zustand';
import { runsOnSoftwareGpu, type BackendReport } from '../ml/backend_info';
import type {
  BackbonePlan,
  DetectorPlan,
  FigureSamples,
  TrainingBenchPlan,
} from '../ml/bench/plan';
import { EFFICIENTNET_LITE0_MULTIPLY_ADDS, MATMUL_SIZES } from '../ml/bench/plan';
import { backendDevice, browserName, figureRows, machineLine } from '../ml/bench/report';
import type { BenchRow } from '../ml/bench/stats';
import type { NamedBytes } from '../ml/graph_model';
import { readModel } from '../models/model_cache';
import { startMlWorker, type MlClient } from '../worker/ml_client';
import type { ProgressUpdate } from '../worker/protocol';
import { useDetection, type LiveStats } from './detection';
import { requestedBackend, useStudio } from './studio';

const RESULTS_SETTING = 'studio.benchmarkResults';

/** How long the benchmark in the studio page runs: a quick look, or the full table. */
export const BENCH_PLANS: Record<'quick' | 'full', BackbonePlan> = {
  quick: {
    batchSizes: [1, 8],
    timing: { warmupRuns: 1, runs: 5, minRuns: 3, budgetMs: 5_000 },
    matmul: { sizes: MATMUL_SIZES, maxRunMs: 500 },
    multiplyAddsPerImage: EFFICIENTNET_LITE0_MULTIPLY_ADDS,
  },
  full: {
    batchSizes: [1, 8, 32],
    timing: { warmupRuns: 2, runs: 15, minRuns: 5, budgetMs: 15_000 },
    matmul: { sizes: MATMUL_SIZES, maxRunMs: 1_000 },
    multiplyAddsPerImage: EFFICIENTNET_LITE0_MULTIPLY_ADDS,
  },
};
export type BenchPlanName = keyof typeof BENCH_PLANS;

/** One backend's results on this machine, kept so that runs on other backends add up. */
export interface BackendResults {
  backend: string;
  machine: string;
  model: string;
  measuredAt: string;
  rows: BenchRow[];
}

interface BenchState {
  status: 'idle' | 'running';
  progress: ProgressUpdate | null;
  error: string | null;
  /** Set when the last run was cancelled: nothing of it was kept. */
  cancelled: boolean;
  /** Results by backend name, from this and earlier visits. */
  results: Record<string, BackendResults>;

  run(images: File[], planName: BenchPlanName): Promise<void>;
  /**
   * Stops the run in progress at once: its worker is stopped (a timing loop cannot be
   * interrupted otherwise) and the next run starts a fresh one. Earlier results stay.
   */
  cancel(): void;
  forget(): void;
}

/**
 * The benchmark runs in a worker of its own, on the backend the studio was asked for,
 * so that its tensors and timings never mix with the user's loaded model.
 */
let worker: { client: MlClient; ready: Promise<BackendReport> } | null = null;
let runAbort: AbortController | null = null;

async function benchWorker(): Promise<{ client: MlClient; backend: BackendReport }> {
  if (!worker) {
    const client = startMlWorker();
    const ready = client.call('init', { backend: requestedBackend() });
    worker = { client, ready };
    ready.catch(() => {
      if (worker?.client === client) stopBenchWorker();
    });
  }
  const { client, ready } = worker;
  return { client, backend: await ready };
}

function stopBenchWorker(): void {
  worker?.client.terminate();
  worker = null;
}

/**
 * The plan as run on this backend: on a software GPU (WebGPU's fallback adapter), where a
 * batch of 32 takes minutes, larger batches are warmed up by compiling their kernels.
 */
function planOn(backend: BackendReport, planName: BenchPlanName): BackbonePlan {
  const plan = BENCH_PLANS[planName];
  return runsOnSoftwareGpu(backend) ? { ...plan, batchWarmup: 'compile' } : plan;
}

function machineOf(backend: BackendReport): string {
  return machineLine(
    navigator.hardwareConcurrency,
    browserName(navigator.userAgent),
    backendDevice(backend),
  );
}

function loadResults(): Record<string, BackendResults> {
  try {
    return JSON.parse(localStorage.getItem(RESULTS_SETTING) ?? '{}') as Record<
      string,
      BackendResults
    >;
  } catch {
    return {};
  }
}

export const useBench = create<BenchState>((set, get) => ({
  status: 'idle',
  progress: null,
  error: null,
  cancelled: false,
  results: loadResults(),

  async run(images, planName) {
    const backbone = useStudio.getState().backbone;
    if (!backbone) {
      set({ error: 'load a backbone first: the benchmark times the model you use' });
      return;
    }
    if (images.length === 0) {
      set({ error: 'drop a few photos first: the benchmark runs the model on them' });
      return;
    }
    const abort = new AbortController();
    runAbort = abort;
    set({
      status: 'running',
      error: null,
      cancelled: false,
      progress: { stage: 'starting the benchmark worker', done: 0, total: 1 },
    });
    try {
      await useStudio.getState().modelKept();
      const cached = await readModel(backbone.cacheId);
      if (!cached)
        throw new Error('the loaded model is not in the browser cache; load it again');
      abort.signal.throwIfAborted();
      const { client, backend } = await benchWorker();
      const { figures } = await client.call(
        'benchmark',
        {
          kind: 'backbone',
          files: cached.files,
          images,
          plan: planOn(backend, planName),
        },
        { onProgress: (progress) => set({ progress }), signal: abort.signal },
      );
      await client.call('benchmark', { kind: 'release' }, { signal: abort.signal });

      const entry: BackendResults = {
        backend: backend.name,
        machine: machineOf(backend),
        model: backbone.name,
        measuredAt: new Date().toISOString(),
        rows: figureRows(machineOf(backend), backend.name, figures),
      };
      const results = { ...get().results, [backend.name]: entry };
      localStorage.setItem(RESULTS_SETTING, JSON.stringify(results));
      set({ results });
    } catch (error) {
      if (abort.signal.aborted) set({ cancelled: true });
      else set({ error: `benchmark failed: ${(error as Error).message}` });
    } finally {
      if (runAbort === abort) runAbort = null;
      set({ status: 'idle', progress: null });
    }
  },

  cancel() {
    if (!runAbort) return;
    runAbort.abort();
    stopBenchWorker();
  },

  forget() {
    localStorage.removeItem(RESULTS_SETTING);
    set({ results: {} });
  },
}));

async function fetchNamed(url: string): Promise<NamedBytes> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return { name: url.split('/').pop() ?? url, bytes: await response.arrayBuffer() };
}

async function fetchBlobs(urls: string[]): Promise<Blob[]> {
  return Promise.all(
    urls.map(async (url) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return response.blob();
    }),
  );
}

/**
 * The calls the benchmark runner (bench/run.ts) makes through Playwright, present only
 * when the page is opened with `?benchHook`: the same worker calls as the panel, on
 * files fetched from this origin.
 */
export interface BenchAutomation {
  start(): Promise<{ backend: BackendReport; machine: string }>;
  backbone(
    modelUrl: string,
    imageUrls: string[],
    plan: BackbonePlan,
  ): Promise<FigureSamples[]>;
  latencyRound(runs: number): Promise<number[]>;
  detector(
    modelUrls: string[],
    imageUrls: string[],
    plan: DetectorPlan,
  ): Promise<FigureSamples[]>;
  training(
    modelUrl: string,
    imageUrls: string[],
    labels: number[],
    plan: TrainingBenchPlan,
  ): Promise<FigureSamples[]>;
  /** Loads a detector into the Detect page, as dropping its files there does. */
  loadDetector(modelUrls: string[]): Promise<{ ready: boolean; error: string | null }>;
  /** The Detect page's live-camera figures, with the page's clock in milliseconds. */
  liveStats(): { stats: LiveStats; camera: string; error: string | null; nowMs: number };
}

/** One console line per stage, which the runner shows as the run goes. */
function logProgress(what: string): (progress: ProgressUpdate) => void {
  let last = '';
  return ({ stage, done, total }) => {
    if (stage === last) return;
    last = stage;
    console.info(`[bench] ${what}: ${stage} (${done}/${total})`);
  };
}

function exposeAutomation(): void {
  const automation: BenchAutomation = {
    async start() {
      const { backend } = await benchWorker();
      return { backend, machine: machineOf(backend) };
    },
    async backbone(modelUrl, imageUrls, plan) {
      const { client } = await benchWorker();
      const [model, images] = await Promise.all([
        fetchNamed(modelUrl),
        fetchBlobs(imageUrls),
      ]);
      const request = { kind: 'backbone' as const, files: [model], images, plan };
      const onProgress = logProgress('backbone');
      return (await client.call('benchmark', request, { onProgress })).figures;
    },
    async latencyRound(runs) {
      const { client } = await benchWorker();
      const { figures } = await client.call('benchmark', { kind: 'latencyRound', runs });
      return figures[0].samples;
    },
    async detector(modelUrls, imageUrls, plan) {
      const { client } = await benchWorker();
      const [files, images] = await Promise.all([
        Promise.all(modelUrls.map(fetchNamed)),
        fetchBlobs(imageUrls),
      ]);
      await client.call('benchmark', { kind: 'release' });
      const request = { kind: 'detector' as const, files, images, plan };
      const onProgress = logProgress('detector');
      return (await client.call('benchmark', request, { onProgress })).figures;
    },
    async training(modelUrl, imageUrls, labels, plan) {
      const { client } = await benchWorker();
      const [model, images] = await Promise.all([
        fetchNamed(modelUrl),
        fetchBlobs(imageUrls),
      ]);
      await client.call('benchmark', { kind: 'release' });
      const request = { kind: 'training' as const, files: [model], images, labels, plan };
      const onProgress = logProgress('training');
      return (await client.call('benchmark', request, { onProgress })).figures;
    },
    async loadDetector(modelUrls) {
      const files = await Promise.all(
        modelUrls.map(async (url) => {
          const { name, bytes } = await fetchNamed(url);
          return new File([bytes], name);
        }),
      );
      await useDetection.getState().loadFromFiles(files);
      const { detector, loadError } = useDetection.getState();
      return { ready: detector !== null, error: loadError };
    },
    liveStats() {
      const { stats, camera, cameraError, liveError } = useDetection.getState();
      return { stats, camera, error: cameraError ?? liveError, nowMs: performance.now() };
    },
  };
  (globalThis as { studioBench?: BenchAutomation }).studioBench = automation;
}

if (
  typeof location !== 'undefined' &&
  new URLSearchParams(location.search).has('benchHook')
) {
  exposeAutomation();
}
