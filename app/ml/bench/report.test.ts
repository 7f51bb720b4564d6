import { describe, expect, it } from 'vitest';
import { backendDevice, browserName, figureRows } from './report';

describe('figureRows', () => {
  it('summarises each figure and derives the efficiency from GFLOP/s', () => {
    const rows = figureRows(
      'm',
      'wasm',
      [
        {
          key: 'latency-1',
          figure: 'latency, batch 1',
          unit: 'ms',
          samples: [30, 10, 20],
        },
        {
          key: 'backbone-gflops',
          figure: 'achieved',
          unit: 'GFLOP/s',
          samples: [4, 6, 8],
        },
        {
          key: 'matmul-gflops',
          figure: 'matmul',
          unit: 'GFLOP/s',
          samples: [16, 20, 40],
        },
      ],
      ['few runs'],
    );
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({
      figure: 'latency, batch 1',
      summary: { median: 20, min: 10, max: 30, runs: 3 },
      note: 'few runs',
    });
    expect(rows[3].figure).toMatch(/^efficiency/);
    expect(rows[3].summary).toEqual({ median: 0.3, min: 0.1, max: 0.5, runs: 3 });
  });

  it('derives the training speed-up as naive time over cached time', () => {
    const rows = figureRows('m', 'wasm', [
      { key: 'train-cached', figure: 'cached', unit: 's', samples: [2, 4, 3] },
      { key: 'train-naive', figure: 'naive', unit: 's', samples: [900] },
    ]);
    expect(rows).toHaveLength(3);
    expect(rows[2].figure).toMatch(/^training speed-up/);
    expect(rows[2].summary).toEqual({ median: 300, min: 225, max: 450, runs: 1 });
  });

  it('adds no efficiency row without both GFLOP/s figures', () => {
    const rows = figureRows('m', 'cpu', [
      { key: 'matmul-gflops', figure: 'matmul', unit: 'GFLOP/s', samples: [1] },
    ]);
    expect(rows).toHaveLength(1);
  });
});

describe('machine description', () => {
  it('names the browser and the device of each backend', () => {
    expect(
      browserName(
        'Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/156.0.0.0 Safari/537.36',
      ),
    ).toBe('Chromium 156');
    expect(
      backendDevice({ name: 'wasm', skipped: [], wasmSimd: true, wasmThreads: 1 }),
    ).toBe('WASM, SIMD on, 1 thread');
    expect(
      backendDevice({ name: 'wasm', skipped: [], wasmSimd: false, wasmThreads: 4 }),
    ).toBe('WASM, SIMD off, 4 threads');
    expect(
      backendDevice({ name: 'webgl', skipped: [], renderer: 'ANGLE (SwiftShader)' }),
    ).toBe('ANGLE (SwiftShader)');
  });
});
