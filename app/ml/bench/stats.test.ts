import { describe, expect, it } from 'vitest';
import {
  formatNumber,
  formatTable,
  median,
  pairedRatio,
  summarize,
  summaryRatio,
} from './stats';

describe('median and summarize', () => {
  it('takes the middle of an odd count, unsorted', () => {
    expect(median([9, 1, 5])).toBe(5);
  });

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 10])).toBe(3.5);
  });

  it('summarises median, min, max and runs', () => {
    expect(summarize([30, 10, 20, 50])).toEqual({
      median: 25,
      min: 10,
      max: 50,
      runs: 4,
    });
  });

  it('refuses no samples and samples that are not numbers', () => {
    expect(() => summarize([])).toThrow(/at least one sample/);
    expect(() => summarize([1, Number.NaN])).toThrow(/not a finite number/);
  });
});

describe('pairedRatio', () => {
  it('divides the medians over all runs, and spreads the per-round ratios', () => {
    const ours = [
      [10, 12],
      [20, 20],
    ];
    const theirs = [
      [20, 20],
      [20, 30],
    ];
    const ratio = pairedRatio(ours, theirs);
    // Ours over all runs: [10, 12, 20, 20] -> 16; theirs: [20, 20, 20, 30] -> 20.
    expect(ratio.median).toBeCloseTo(0.8, 12);
    // Round 1: 11 / 20 = 0.55; round 2: 20 / 25 = 0.8.
    expect(ratio.min).toBeCloseTo(0.55, 12);
    expect(ratio.max).toBeCloseTo(0.8, 12);
    expect(ratio.runs).toBe(2);
  });

  it('refuses rounds that do not pair up', () => {
    expect(() => pairedRatio([[1]], [[1], [2]])).toThrow(/must match/);
    expect(() => pairedRatio([], [])).toThrow(/must match/);
  });
});

describe('summaryRatio', () => {
  it('divides medians and takes the widest range', () => {
    const achieved = { median: 6, min: 4, max: 8, runs: 5 };
    const peak = { median: 20, min: 16, max: 40, runs: 3 };
    expect(summaryRatio(achieved, peak)).toEqual({
      median: 0.3,
      min: 0.1,
      max: 0.5,
      runs: 3,
    });
  });
});

describe('formatTable', () => {
  it('writes a header, measured rows with units and unmeasured rows with a reason', () => {
    const table = formatTable([
      {
        machine: '2 cores, Chromium 156',
        backend: 'wasm',
        figure: 'latency, batch 1',
        unit: 'ms',
        summary: { median: 41.237, min: 39.5, max: 60, runs: 7 },
      },
      {
        machine: '2 cores, Chromium 156',
        backend: 'ours / mediapipe (cpu)',
        figure: 'latency, batch 1',
        unit: '×',
        summary: { median: 1.5, min: 1.25, max: 2, runs: 3 },
      },
      {
        machine: '2 cores, Chromium 156',
        backend: 'wasm',
        figure: 'training | 20 epochs',
        unit: 's',
        note: 'needs the training code',
      },
    ]);
    const lines = table.trim().split('\n');
    expect(lines[0]).toBe(
      '| machine | backend | figure | median | min | max | runs | note |',
    );
    expect(lines[2]).toBe(
      '| 2 cores, Chromium 156 | wasm | latency, batch 1 | 41.2 ms | 39.5 ms | 60.0 ms | 7 |  |',
    );
    expect(lines[3]).toContain('| 1.50× | 1.25× | 2.00× | 3 |');
    expect(lines[4]).toBe(
      '| 2 cores, Chromium 156 | wasm | training \\| 20 epochs | not measured |  |  | 0 | ' +
        'needs the training code |',
    );
  });

  it('keeps three significant digits', () => {
    expect(formatNumber(1234.5)).toBe('1235');
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatNumber(7)).toBe('7.00');
  });
});
