import { describe, expect, it } from 'vitest';

import { resolveDetectOptions } from './detection';
import { finishDetections } from './postprocess';

const square = (x: number, size = 10) => ({ x1: x, y1: 0, x2: x + size, y2: size });
const labels = ['cat', 'dog'];

describe('finishDetections', () => {
  const candidates = [
    { box: square(0), score: 0.5, classId: 0 },
    { box: square(1), score: 0.9, classId: 0 }, // IoU with the first: 9*10/110 = 0.82
    { box: square(1), score: 0.8, classId: 1 },
    { box: square(95), score: 0.2, classId: 1 }, // spills over a 100-wide image
    { box: square(50), score: 0.05, classId: 1 },
  ];

  it('thresholds, suppresses per class, sorts, clips and names', () => {
    const options = resolveDetectOptions({ scoreThreshold: 0.1, iouThreshold: 0.5 });
    const result = finishDetections(candidates, options, labels, 100, 100);
    expect(result).toEqual([
      { box: square(1), score: 0.9, classId: 0, label: 'cat' },
      { box: square(1), score: 0.8, classId: 1, label: 'dog' },
      { box: { x1: 95, y1: 0, x2: 100, y2: 10 }, score: 0.2, classId: 1, label: 'dog' },
    ]);
  });

  it('keeps overlaps when iouThreshold is 1, and suppresses across classes on request', () => {
    const raw = resolveDetectOptions({ scoreThreshold: 0.1, iouThreshold: 1 });
    expect(
      finishDetections(candidates, raw, labels, 100, 100).map((d) => d.score),
    ).toEqual([0.9, 0.8, 0.5, 0.2]);
    const agnostic = resolveDetectOptions({
      scoreThreshold: 0.1,
      classAgnosticNms: true,
    });
    expect(
      finishDetections(candidates, agnostic, labels, 100, 100).map((d) => d.score),
    ).toEqual([0.9, 0.2]);
  });

  it('filters classes, caps the count and names unknown classes by number', () => {
    const options = resolveDetectOptions({
      scoreThreshold: 0,
      classFilter: [1],
      maxDetections: 2,
    });
    const result = finishDetections(candidates, options, ['cat'], 100, 100);
    expect(result.map((d) => [d.score, d.label])).toEqual([
      [0.8, 'class 1'],
      [0.2, 'class 1'],
    ]);
  });
});

describe('resolveDetectOptions', () => {
  it('fills defaults and names a bad value', () => {
    expect(resolveDetectOptions()).toEqual({
      scoreThreshold: 0.3,
      iouThreshold: 0.5,
      maxDetections: 100,
    });
    expect(() => resolveDetectOptions({ iouThreshold: -1 })).toThrow(
      /iouThreshold.*got -1/,
    );
    expect(() => resolveDetectOptions({ maxDetections: 0 })).toThrow(
      /maxDetections.*got 0/,
    );
  });
});
