import { describe, expect, it } from 'vitest';
import { climbMatmulSizes, matmulFlop } from './matmul_peak';

/** A backend whose GFLOP/s at each size is given; records the sizes it was asked for. */
function backend(gflopsBySize: Record<number, number[]>) {
  const asked: number[] = [];
  const measure = async (size: number) => {
    asked.push(size);
    return gflopsBySize[size];
  };
  return { asked, measure };
}

describe('climbMatmulSizes', () => {
  it('climbs while the next size stays under the run-time cap, and keeps the best', async () => {
    // 512: 10 GFLOP/s, so 1024 (2.1 GFLOP) takes ~215 ms; 2048 at 40 GFLOP/s ~430 ms.
    const { asked, measure } = backend({
      512: [9, 10, 11],
      1024: [38, 40, 42],
      2048: [35, 36, 37],
      4096: [50, 50, 50],
    });
    const peak = await climbMatmulSizes(
      { sizes: [512, 1024, 2048, 4096], maxRunMs: 500 },
      measure,
    );

    // After 2048 at 36 GFLOP/s, 4096 would take 137 GFLOP / 36 ≈ 3.8 s a run: not tried.
    expect(asked).toEqual([512, 1024, 2048]);
    expect(peak.best).toEqual({ size: 1024, samples: [38, 40, 42] });
    expect(peak.tried).toEqual([
      { size: 512, medianGflops: 10 },
      { size: 1024, medianGflops: 40 },
      { size: 2048, medianGflops: 36 },
    ]);
  });

  it('times only the first size on a slow backend', async () => {
    const { asked, measure } = backend({ 512: [0.5, 0.4], 1024: [1] });
    const peak = await climbMatmulSizes({ sizes: [512, 1024], maxRunMs: 1000 }, measure);

    // 1024 at 0.45 GFLOP/s would take 2.1 GFLOP / 0.45 ≈ 4.8 s a run.
    expect(asked).toEqual([512]);
    expect(peak.best.size).toBe(512);
    expect(peak.tried[0].medianGflops).toBeCloseTo(0.45);
  });

  it('reaches the largest size on a fast backend', async () => {
    const { asked, measure } = backend({ 64: [1], 128: [2], 256: [8] });
    const peak = await climbMatmulSizes(
      { sizes: [64, 128, 256], maxRunMs: 1e6 },
      measure,
    );
    expect(asked).toEqual([64, 128, 256]);
    expect(peak.best.size).toBe(256);
  });

  it('refuses an empty, unsorted or zero ladder, and a size with no runs', async () => {
    const { measure } = backend({ 64: [] });
    await expect(climbMatmulSizes({ sizes: [], maxRunMs: 1 }, measure)).rejects.toThrow(
      /at least one size/,
    );
    await expect(
      climbMatmulSizes({ sizes: [128, 64], maxRunMs: 1 }, measure),
    ).rejects.toThrow(/ascending/);
    await expect(climbMatmulSizes({ sizes: [0], maxRunMs: 1 }, measure)).rejects.toThrow(
      /positive/,
    );
    await expect(climbMatmulSizes({ sizes: [64], maxRunMs: 1 }, measure)).rejects.toThrow(
      /no timed runs/,
    );
  });

  it('counts two floating-point operations per multiply-add', () => {
    expect(matmulFlop(1024)).toBe(2 * 1024 ** 3);
  });
});
