/**
 * The backend's reachable float32 GFLOP/s, found by climbing matmul sizes: a small
 * matmul on a GPU is bound by dispatch and read-back, not arithmetic, so one fixed size
 * under-states what a fast backend can do (and the backbone's "efficiency" over it
 * comes out above 1). No tfjs: the timing of one size is passed in.
 */
import { median } from './stats';

/** The square matmul sizes to try, and when to stop climbing. */
export interface MatmulLadder {
  /** Sides of the square matmuls, ascending, e.g. [512, 1024, 2048, 4096]. */
  sizes: number[];
  /**
   * Climbing stops when the next size's runs would take longer than this many
   * milliseconds each, judged from the last size's median (the work grows as n³).
   */
  maxRunMs: number;
}

/** What one size gave: its GFLOP/s per timed run. */
export interface MatmulRung {
  size: number;
  samples: number[];
}

/** The best size's runs, and every size tried with its median GFLOP/s. */
export interface MatmulPeak {
  best: MatmulRung;
  tried: { size: number; medianGflops: number }[];
}

/** Floating-point operations of an n×n by n×n matmul. */
export function matmulFlop(size: number): number {
  return 2 * size ** 3;
}

/**
 * Times the sizes in ascending order with `measure` (GFLOP/s per run) and keeps the
 * size with the highest median. Stops before a size whose runs, at the last size's
 * GFLOP/s, would take longer than `ladder.maxRunMs`; the first size is always timed.
 */
export async function climbMatmulSizes(
  ladder: MatmulLadder,
  measure: (size: number) => Promise<number[]>,
): Promise<MatmulPeak> {
  const { sizes } = ladder;
  if (sizes.length === 0) throw new Error('the matmul ladder needs at least one size');
  if (sizes.some((size, i) => !(size > 0) || (i > 0 && size <= sizes[i - 1]))) {
    throw new Error(`matmul sizes must be positive and ascending: [${sizes}]`);
  }

  let best: MatmulRung | null = null;
  let bestMedian = -Infinity;
  const tried: MatmulPeak['tried'] = [];
  for (const [i, size] of sizes.entries()) {
    const samples = await measure(size);
    if (samples.length === 0) throw new Error(`no timed runs for a ${size} matmul`);
    const medianGflops = median(samples);
    tried.push({ size, medianGflops });
    if (medianGflops > bestMedian) {
      best = { size, samples };
      bestMedian = medianGflops;
    }

    const next = sizes[i + 1];
    if (next === undefined) break;
    const nextRunMs = (matmulFlop(next) / (medianGflops * 1e9)) * 1000;
    if (nextRunMs > ladder.maxRunMs) break;
  }
  return { best: best!, tried };
}
