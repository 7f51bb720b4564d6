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

/**
 * Runs benchmark requests on the active backend, inside the ML worker. It keeps the
 * backbone and photos of the last backbone benchmark, for more latency rounds, so that
 * the runner can alternate rounds of ours with rounds of another runtime.
 */
export class BenchmarkRunner {
  private session: BenchSession | null = null;

  /**
   * Runs one request. A `backbone` request replaces the kept session; `latencyRound`
   * reuses it; `release` frees it.
   */
  async run(
    request: BenchmarkRequest,
    progress: BenchProgress,
  ): Promise<BenchmarkResponse> {
    switch (request.kind) {
      case 'backbone': {
        this.release();
        const result = await benchmarkBackbone(
          request.files,
          request.images,
          request.plan,
          progress,
        );
        this.session = result.session;
        return { figures: result.figures };
      }
      case 'latencyRound': {
        if (!this.session)
          throw new Error('run a backbone benchmark before a latency round');
        const samples = await timeLatency(this.session, {
          warmupRuns: 0,
          runs: request.runs,
          minRuns: request.runs,
          budgetMs: Infinity,
        });
        return {
          figures: [
            { key: 'latency-1', figure: 'latency, batch 1', unit: 'ms', samples },
          ],
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
        return {
          figures: await benchmarkTraining(files, images, labels, plan, progress),
        };
      }
      case 'release':
        this.release();
        return { figures: [] };
    }
  }

  /** Frees the kept graph and photos, if any. */
  private release(): void {
    if (!this.session) return;
    tf.dispose(this.session.inputs);
    this.session.graph.dispose();
    this.session = null;
  }
}
