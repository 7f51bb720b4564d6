import * as tf from '@tensorflow/tfjs';
import { imageToInput } from '../classify';
import { decodeImage } from '../decode_image';
import type { LoadedGraph } from '../graph';
import type { NamedBytes } from '../graph_model';
import { loadGraph } from '../load_graph';
import { climbMatmulSizes, matmulFlop, type MatmulLadder } from './matmul_peak';
import type { BackbonePlan, FigureSamples, TimingPlan } from './plan';
import { formatNumber } from './stats';
import { timeRuns } from './timing';

export type BenchProgress = (stage: string, done: number, total: number) => void;

/** A graph and its photos, prepared once, kept between calls for more timing rounds. */
export interface BenchSession {
  graph: LoadedGraph;
  /** One 1×H×W×C input per photo, in the graph's own input units. */
  inputs: tf.Tensor4D[];
}

/** Decodes photos and turns each into one graph input (resized, normalised). */
export async function prepareInputs(
  graph: LoadedGraph,
  images: Blob[],
): Promise<tf.Tensor4D[]> {
  if (images.length === 0) throw new Error('the benchmark needs at least one photo');
  const inputs: tf.Tensor4D[] = [];
  try {
    for (const image of images) {
      const pixels = await decodeImage(image);
      inputs.push(imageToInput(graph, pixels));
      pixels.dispose();
    }
  } catch (error) {
    tf.dispose(inputs);
    throw error;
  }
  return inputs;
}

/** A batch of `size` inputs, cycling through the photos when there are fewer. */
function batchOf(inputs: tf.Tensor4D[], size: number): tf.Tensor4D {
  const picked = Array.from({ length: size }, (_, i) => inputs[i % inputs.length]);
  return tf.concat(picked, 0);
}

/** Runs the graph on `input` and reads its first output back, so the time is complete. */
async function runOnce(graph: LoadedGraph, input: tf.Tensor): Promise<void> {
  const outputs = await graph.run(input);
  try {
    await outputs[0].data();
  } finally {
    tf.dispose(outputs);
  }
}

/**
 * Has WebGPU compile every kernel one run of `graph` on `input` would dispatch, without
 * dispatching any (tfjs's `WEBGPU_ENGINE_COMPILE_ONLY`), and waits for the compiles.
 * Returns the milliseconds it took, or null on other backends or when the graph cannot
 * run that way (an op that reads values back): then nothing is warmed up.
 */
async function compileOnly(graph: LoadedGraph, input: tf.Tensor): Promise<number | null> {
  if (tf.getBackend() !== 'webgpu') return null;
  const backend = tf.backend() as unknown as {
    checkCompileCompletionAsync?: () => Promise<void>;
  };
  if (!backend.checkCompileCompletionAsync) return null;
  const started = performance.now();
  tf.env().set('WEBGPU_ENGINE_COMPILE_ONLY', true);
  let outputs: tf.Tensor[] = [];
  try {
    outputs = await graph.run(input);
    await backend.checkCompileCompletionAsync();
    return performance.now() - started;
  } catch {
    return null;
  } finally {
    tf.env().set('WEBGPU_ENGINE_COMPILE_ONLY', false);
    tf.dispose(outputs);
  }
}

/**
 * Times batch-1 runs, one photo after another: milliseconds per image, from a
 * 224×224 input tensor already on the backend to class scores read back.
 */
export async function timeLatency(
  session: BenchSession,
  timing: TimingPlan,
): Promise<number[]> {
  let next = 0;
  return timeRuns(
    () => runOnce(session.graph, session.inputs[next++ % session.inputs.length]),
    timing,
  );
}

/**
 * Float32 GFLOP/s of the active backend on an n×n by n×n matmul (2n³ floating-point
 * operations), reduced to one number that is read back; one value per timed run.
 */
async function timeMatmulGflops(size: number, timing: TimingPlan): Promise<number[]> {
  const a = tf.randomUniform([size, size], -1, 1);
  const b = tf.randomUniform([size, size], -1, 1);
  try {
    const times = await timeRuns(async () => {
      const total = tf.tidy(() => tf.matMul(a, b).sum());
      await total.data();
      total.dispose();
    }, timing);
    return times.map((ms) => matmulFlop(size) / (ms / 1000) / 1e9);
  } finally {
    tf.dispose([a, b]);
  }
}

/**
 * The backend's reachable float32 GFLOP/s: the best of the ladder's matmul sizes, as a
 * figure whose note lists every size tried.
 */
export async function timeMatmulPeak(
  ladder: MatmulLadder,
  timing: TimingPlan,
): Promise<FigureSamples> {
  const peak = await climbMatmulSizes(ladder, (size) => timeMatmulGflops(size, timing));
  const tried = peak.tried
    .map(({ size, medianGflops }) => `${size}: ${formatNumber(medianGflops)}`)
    .join(', ');
  const { size, samples } = peak.best;
  return {
    key: 'matmul-gflops',
    figure: `matmul float32 GFLOP/s, best size ${size}×${size}`,
    unit: 'GFLOP/s',
    samples,
    note: `median GFLOP/s by size: ${tried}`,
  };
}

/**
 * Loads the backbone afresh and measures it on the active backend: graph build and
 * first run (kernel compile, weight upload) once each; then, after warm-up, latency at
 * batch 1 (ms per image) and throughput at each larger batch (images/s); the backbone's
 * achieved GFLOP/s at the largest batch, and the backend's best GFLOP/s on a matmul.
 * Returns the figures and the session (graph and inputs), which the caller disposes.
 */
export async function benchmarkBackbone(
  files: NamedBytes[],
  images: Blob[],
  plan: BackbonePlan,
  progress: BenchProgress,
): Promise<{ figures: FigureSamples[]; session: BenchSession }> {
  const steps = plan.batchSizes.length + 3;
  progress('building graph', 0, steps);
  const buildStarted = performance.now();
  const graph = await loadGraph(files);
  const buildMs = performance.now() - buildStarted;

  let inputs: tf.Tensor4D[] = [];
  try {
    inputs = await prepareInputs(graph, images);
    progress('first run', 1, steps);
    const firstStarted = performance.now();
    await runOnce(graph, inputs[0]);
    const firstRunMs = performance.now() - firstStarted;

    const figures: FigureSamples[] = [
      {
        key: 'build',
        figure: 'graph build (parse, weights to backend)',
        unit: 'ms',
        samples: [buildMs],
      },
      {
        key: 'first-run',
        figure: 'first run, batch 1 (kernel compile, weight upload)',
        unit: 'ms',
        samples: [firstRunMs],
      },
    ];
    const session = { graph, inputs };

    let largestThroughput: { batch: number; samples: number[] } | null = null;
    for (const [i, batch] of plan.batchSizes.entries()) {
      progress(`batch ${batch}`, 2 + i, steps);
      if (batch === 1) {
        const times = await timeLatency(session, plan.timing);
        figures.push({
          key: 'latency-1',
          figure: 'latency, batch 1',
          unit: 'ms',
          samples: times,
        });
        continue;
      }
      const input = batchOf(inputs, batch);
      try {
        let timing = plan.timing;
        if (plan.batchWarmup === 'compile') {
          const compileMs = await compileOnly(graph, input);
          if (compileMs !== null) {
            timing = { ...timing, warmupRuns: 0 };
            figures.push({
              key: `compile-${batch}`,
              figure: `kernel compile, batch ${batch} (warm-up instead of a run)`,
              unit: 'ms',
              samples: [compileMs],
            });
          } else {
            timing = { ...timing, warmupRuns: Math.max(1, timing.warmupRuns) };
          }
        }
        const times = await timeRuns(() => runOnce(graph, input), timing);
        const samples = times.map((ms) => (batch * 1000) / ms);
        figures.push({
          key: `throughput-${batch}`,
          figure: `throughput, batch ${batch}`,
          unit: 'images/s',
          samples,
        });
        if (!largestThroughput || batch > largestThroughput.batch) {
          largestThroughput = { batch, samples };
        }
      } finally {
        input.dispose();
      }
    }

    if (largestThroughput) {
      const gflop = (2 * plan.multiplyAddsPerImage) / 1e9;
      figures.push({
        key: 'backbone-gflops',
        figure: `backbone achieved GFLOP/s, batch ${largestThroughput.batch}`,
        unit: 'GFLOP/s',
        samples: largestThroughput.samples.map(
          (imagesPerSecond) => imagesPerSecond * gflop,
        ),
        note: `${gflop.toFixed(3)} GFLOP per image`,
      });
    }

    progress('matmul', steps - 1, steps);
    figures.push(await timeMatmulPeak(plan.matmul, plan.timing));
    progress('done', steps, steps);
    return { figures, session };
  } catch (error) {
    tf.dispose(inputs);
    graph.dispose();
    throw error;
  }
}
