/**
 * Where the time of one EfficientNet-Lite0 pass goes on the tfjs WASM backend in Node:
 * the median latency at batch 1 over timed runs after warm-up, then one profiled pass
 * with the time and count of each tfjs kernel.
 *
 *   npx tsx scripts/profile-tflite.ts [--runs 30] [--mode saturate|float|round]
 *
 * A benchmark, not a test: it prints numbers and asserts nothing. Node's WASM backend
 * runs without threads, so absolute times differ from the browser's.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

import { median } from '../app/ml/bench/stats';
import {
  loadTfliteGraph,
  type QuantizedActivationMode,
} from '../app/ml/tflite/tflite_graph';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MODEL = `${process.env.STUDIO_SHARED_DIR ?? `${ROOT}../shared`}/models/efficientnet-lite0-dogs/model.tflite`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '30' }, mode: { type: 'string' } },
  });
  const runs = Number(values.runs);
  setWasmPaths(`${ROOT}node_modules/@tensorflow/tfjs-backend-wasm/dist/`);
  await tf.setBackend('wasm');

  const graph = loadTfliteGraph(readFileSync(MODEL), {
    quantizedActivations: values.mode as QuantizedActivationMode | undefined,
  });
  const input = tf.randomUniform([1, 224, 224, 3], 0, 255, 'float32', 1);
  const pass = async () => {
    const [scores] = await graph.run(input);
    await scores.data();
    scores.dispose();
  };

  for (let i = 0; i < 5; i++) await pass();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await pass();
    times.push(performance.now() - started);
  }

  const profile = await tf.profile(pass);
  const byKernel = new Map<string, { count: number; ms: number }>();
  for (const kernel of profile.kernels) {
    const entry = byKernel.get(kernel.name) ?? { count: 0, ms: 0 };
    entry.count += 1;
    entry.ms += kernel.kernelTimeMs as number;
    byKernel.set(kernel.name, entry);
  }
  const total = [...byKernel.values()].reduce((sum, entry) => sum + entry.ms, 0);

  console.log(
    `${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ` +
      `mode ${values.mode ?? 'default'}; latency batch 1: median ${median(times).toFixed(1)} ms, ` +
      `min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)} (${runs} runs)`,
  );
  console.log(
    `profiled pass: ${profile.kernels.length} kernels, ${total.toFixed(1)} ms in kernels`,
  );
  for (const [name, entry] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(
      `  ${name.padEnd(24)} ${String(entry.count).padStart(4)}  ${entry.ms.toFixed(2).padStart(8)} ms`,
    );
  }
  graph.dispose();
  input.dispose();
}

void main();
