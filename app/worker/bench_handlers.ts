/**
 * The benchmark area of the ML worker: times backbones, detectors and head training
 * on the running backend. It owns the benchmark runner, whose kept backbone session
 * lives until the next backbone benchmark or a `release` request.
 */
import type { BackendReport } from '../ml/backend_info';
import { BenchmarkRunner } from '../ml/bench/run_benchmark';
import type { Handlers } from './handler';

export type BenchMethod = 'benchmark';

/**
 * The benchmark call. `requireBackend` answers the running backend or throws before
 * `init`.
 */
export function benchHandlers(
  requireBackend: () => BackendReport,
): Handlers<BenchMethod> {
  const runner = new BenchmarkRunner();

  return {
    benchmark: async (request, context) => {
      requireBackend();
      return runner.run(request, (stage, done, total) =>
        context.progress({ stage, done, total }),
      );
    },
  };
}
