import { describe, expect, it } from 'vitest';

import { nonMaxSuppression, nonMaxSuppressionAgnostic } from './nms';

const square = (x: number, y: number, size = 10) => ({
  x1: x,
  y1: y,
  x2: x + size,
  y2: y + size,
});

describe('nonMaxSuppression', () => {
  // Boxes 0 and 1 overlap with IoU 1/3 (shift 5 of 10 in x); box 2 overlaps box 0 with
  // IoU 81/119 = 0.68 (shift 1 in x and y: intersection 9*9 = 81, union 200 - 81 = 119);
  // box 3 stands alone.
  const candidates = [
    { box: square(0, 0), score: 0.9, classId: 0 },
    { box: square(5, 0), score: 0.8, classId: 0 },
    { box: square(1, 1), score: 0.7, classId: 0 },
    { box: square(50, 50), score: 0.6, classId: 0 },
  ];

  it('drops boxes overlapping a better one by more than the threshold', () => {
    // At 0.5: box 2 (0.68 with box 0) goes; box 1 (1/3) stays.
    expect(nonMaxSuppression(candidates, 0.5)).toEqual([0, 1, 3]);
    // At 0.3: box 1 goes as well.
    expect(nonMaxSuppression(candidates, 0.3)).toEqual([0, 3]);
    // At 0.7 nothing overlaps enough.
    expect(nonMaxSuppression(candidates, 0.7)).toEqual([0, 1, 2, 3]);
  });

  it('visits by score, not by input order', () => {
    const reversed = [...candidates].reverse();
    // Indices into the reversed list: box 0 is now 3, box 1 is 2, box 3 is 0.
    expect(nonMaxSuppression(reversed, 0.5)).toEqual([3, 2, 0]);
  });

  it('stops at maxOutput', () => {
    expect(nonMaxSuppression(candidates, 0.5, 2)).toEqual([0, 1]);
  });

  it('lets only the same class suppress, unless class-agnostic', () => {
    const twoClasses = [
      { box: square(0, 0), score: 0.9, classId: 0 },
      { box: square(1, 1), score: 0.8, classId: 1 },
      { box: square(0, 1), score: 0.7, classId: 1 },
    ];
    // Per class: box 1 is the best of class 1; box 2 overlaps it with IoU
    // (9*10) / (200 - 90) = 90/110 = 0.82 and goes.
    expect(nonMaxSuppression(twoClasses, 0.5)).toEqual([0, 1]);
    // Agnostic: box 0 suppresses both (IoU 0.68 and 0.82).
    expect(nonMaxSuppressionAgnostic(twoClasses, 0.5)).toEqual([0]);
  });

  it('handles no candidates and rejects a bad threshold', () => {
    expect(nonMaxSuppression([], 0.5)).toEqual([]);
    expect(() => nonMaxSuppression(candidates, 1.5)).toThrow(
      /iouThreshold must be in 0\.\.1, got 1\.5/,
    );
  });
});
