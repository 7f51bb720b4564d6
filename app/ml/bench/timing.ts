import type { TimingPlan } from './plan';

/**
 * Runs `step` `plan.warmupRuns` times untimed, then times it until `plan.runs` runs are
 * done or, once `plan.minRuns` are done, `plan.budgetMs` has passed. Returns each timed
 * run's wall time in milliseconds. `step` must wait for its own results (read them
 * back), so that a GPU's queued work is inside the time.
 */
export async function timeRuns(
  step: () => Promise<void>,
  plan: TimingPlan,
  onRun?: (done: number) => void,
): Promise<number[]> {
  for (let i = 0; i < plan.warmupRuns; i++) await step();

  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < plan.runs) {
    const runStarted = performance.now();
    await step();
    samples.push(performance.now() - runStarted);
    onRun?.(samples.length);
    const spent = performance.now() - started;
    if (samples.length >= plan.minRuns && spent > plan.budgetMs) break;
  }
  return samples;
}
