import * as tf from '@tensorflow/tfjs';
import {
  benchmarkBackbone,
  timeLatency,
  type BenchProgress,
  type BenchSession,
} from './backbone_bench';
import { benchmarkDetector } from './detector_bench';
import { benchmarkTraining } from './training_bench';
import type { BenchmarkRequest, BenchmarkResponse } from './plan';

/** The backbone and photos of the last backbone benchmark, for more latency rounds. */
let session: BenchSession | null = null;

function release(): void {
  if (!session) return;
  tf.dispose(session.inputs);
  session.graph.dispose();
  session = null;
}

/**
 * Runs one benchmark request on the active backend, inside the ML worker. A
 * `backbone` request replaces the kept session; `latencyRound` reuses it, so that the
 * runner can alternate rounds of ours with rounds of another runtime.
 */
export async function runBenchmark(
  request: BenchmarkRequest,
  progress: BenchProgress,
): Promise<BenchmarkResponse> {
  switch (request.kind) {
    case 'backbone': {
      release();
      const result = await benchmarkBackbone(
        request.files,
        request.images,
        request.plan,
        progress,
      );
      session = result.session;
      return { figures: result.figures };
    }
    case 'latencyRound': {
      if (!session) throw new Error('run a backbone benchmark before a latency round');
      const samples = await timeLatency(session, {
        warmupRuns: 0,
        runs: request.runs,
        minRuns: request.runs,
        budgetMs: Infinity,
      });
      return {
        figures: [{ key: 'latency-1', figure: 'latency, batch 1', unit: 'ms', samples }],
      };
    }
    case 'detector':
      return {
        figures: await benchmarkDetector(
          request.files,
          request.images,
          request.plan,
          progress,
        ),
      };
    case 'training': {
      const { files, images, labels, plan } = request;
      return { figures: await benchmarkTraining(files, images, labels, plan, progress) };
    }
    case 'release':
      release();
      return { figures: [] };
  }
}
