import { describe, expect, it } from 'vitest';

import { classAveragePrecision, interpolatedAP, meanAveragePrecision } from './map';

const square = (x: number, y: number, size = 10) => ({
  x1: x,
  y1: y,
  x2: x + size,
  y2: y + size,
});
const gt = (x: number, y: number, classId = 0) => ({ box: square(x, y), classId });
const det = (x: number, y: number, score: number, classId = 0) => ({
  box: square(x, y),
  score,
  classId,
});

describe('interpolatedAP', () => {
  it('reads the non-increasing precision at the 101 recall points', () => {
    // Ranks TP, FP, TP with 2 GT: recall .5, .5, 1; precision 1, 1/2, 2/3, made
    // non-increasing from the right: 1, 2/3, 2/3. Points 0..0.50 (51 of them) read 1,
    // points 0.51..1 (50) read 2/3: AP = (51 + 50 * 2/3) / 101 = 0.834983...
    expect(interpolatedAP([true, false, true], 2)).toBeCloseTo((51 + 100 / 3) / 101, 12);
  });

  it('compares recall with the thresholds as pycocotools computes them', () => {
    // 35 TP of 100 GT: recall reaches 35/100 = 0.35, but the 36th recall point is
    // 35 * 0.01 = 0.35000000000000003, just above it, so only points 0..0.34 read 1:
    // AP 35/101, not 36/101.
    expect(interpolatedAP(Array(35).fill(true), 100)).toBeCloseTo(35 / 101, 12);
  });

  it('counts points beyond the highest recall as 0', () => {
    // One TP of 4 GT: recall .25 at precision 1; points 0..0.25 (26) read 1.
    expect(interpolatedAP([true], 4)).toBeCloseTo(26 / 101, 12);
    expect(interpolatedAP([], 3)).toBe(0);
    expect(interpolatedAP([false, false], 1)).toBe(0);
  });
});

describe('meanAveragePrecision', () => {
  it('gives 1 for a perfect detector at every threshold', () => {
    const result = meanAveragePrecision([
      {
        groundTruth: [gt(0, 0), gt(50, 50, 1)],
        detections: [det(0, 0, 0.9), det(50, 50, 0.4, 1)],
      },
      { groundTruth: [gt(20, 20)], detections: [det(20, 20, 0.3)] },
    ]);
    expect(result.map50).toBe(1);
    expect(result.map50to95).toBe(1);
    expect(result.perClass.map((c) => [c.classId, c.groundTruthCount])).toEqual([
      [0, 2],
      [1, 1],
    ]);
  });

  it('halves AP when a false positive is ranked first', () => {
    // FP (0.9) then TP (0.8), 1 GT: precision 0, 1/2 -> non-increasing 1/2, 1/2; recall
    // 0, 1. Every recall point reads 1/2: AP = 0.5 at every threshold.
    const result = meanAveragePrecision([
      { groundTruth: [gt(0, 0)], detections: [det(100, 100, 0.9), det(0, 0, 0.8)] },
    ]);
    expect(result.map50).toBeCloseTo(0.5, 12);
    expect(result.map50to95).toBeCloseTo(0.5, 12);
  });

  it('does not mind a false positive ranked last', () => {
    // TP (0.9), FP (0.1): precision 1, 1/2, recall 1, 1: the first rank reaches recall 1
    // at precision 1, so every point reads 1.
    const result = meanAveragePrecision([
      { groundTruth: [gt(0, 0)], detections: [det(0, 0, 0.9), det(100, 100, 0.1)] },
    ]);
    expect(result.map50).toBe(1);
  });

  it('caps AP at the recall reached when a box is missed', () => {
    // 2 GT, one found: recall .5 at precision 1; points 0..0.50 (51) read 1, AP = 51/101.
    const result = meanAveragePrecision([
      { groundTruth: [gt(0, 0), gt(50, 50)], detections: [det(0, 0, 0.9)] },
    ]);
    expect(result.map50).toBeCloseTo(51 / 101, 12);
  });

  it('matches each ground-truth box at most once', () => {
    // A duplicate of the first box (0.8) is a FP: ranks TP, FP, TP over 2 GT, which is
    // (51 + 50 * 2/3) / 101 as worked out above.
    const result = meanAveragePrecision([
      {
        groundTruth: [gt(0, 0), gt(50, 50)],
        detections: [det(0, 0, 0.9), det(0, 0, 0.8), det(50, 50, 0.7)],
      },
    ]);
    expect(result.map50).toBeCloseTo((51 + 100 / 3) / 101, 12);
  });

  it('ranks detections across images by score', () => {
    // Image A: FP at 0.9. Image B: TP at 0.8. Over both, FP ranks first: AP 0.5 as above.
    // Taken image by image in input order it would be the same; swap the scores and the
    // TP ranks first: AP 1.
    const first = meanAveragePrecision([
      { groundTruth: [], detections: [det(0, 0, 0.9)] },
      { groundTruth: [gt(0, 0)], detections: [det(0, 0, 0.8)] },
    ]);
    const second = meanAveragePrecision([
      { groundTruth: [], detections: [det(0, 0, 0.8)] },
      { groundTruth: [gt(0, 0)], detections: [det(0, 0, 0.9)] },
    ]);
    expect(first.map50).toBeCloseTo(0.5, 12);
    expect(second.map50).toBe(1);
  });

  it('averages over classes with ground truth only', () => {
    // Class 0 perfect (AP 1); class 1 has a FP ranked first (AP 0.5); class 2 has a
    // detection but no ground truth and is left out: mAP = (1 + 0.5) / 2 = 0.75.
    const result = meanAveragePrecision([
      {
        groundTruth: [gt(0, 0, 0), gt(50, 50, 1)],
        detections: [
          det(0, 0, 0.9, 0),
          det(80, 80, 0.8, 1),
          det(50, 50, 0.7, 1),
          det(5, 5, 0.9, 2),
        ],
      },
    ]);
    expect(result.perClass.map((c) => c.classId)).toEqual([0, 1]);
    expect(result.perClass[1].ap50).toBeCloseTo(0.5, 12);
    expect(result.map50).toBeCloseTo(0.75, 12);
  });

  it('gives AP 0 to a class with ground truth and no detections', () => {
    // Class 0 perfect, class 1 never detected: (1 + 0) / 2.
    const result = meanAveragePrecision([
      { groundTruth: [gt(0, 0, 0), gt(50, 50, 1)], detections: [det(0, 0, 0.9, 0)] },
    ]);
    expect(result.map50).toBeCloseTo(0.5, 12);
  });

  it('averages AP over IoU thresholds .50:.05:.95', () => {
    // A 10x7.2 box inside a 10x10 one: IoU 72/100 = 0.72. It is a TP at 0.50, 0.55,
    // 0.60, 0.65, 0.70 (AP 1) and a FP at 0.75 .. 0.95 (AP 0): mean 5/10 = 0.5.
    const result = meanAveragePrecision([
      {
        groundTruth: [gt(0, 0)],
        detections: [{ box: { x1: 0, y1: 0, x2: 10, y2: 7.2 }, score: 0.9, classId: 0 }],
      },
    ]);
    expect(result.perClass[0].apPerThreshold).toEqual([1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
    expect(result.map50).toBe(1);
    expect(result.map50to95).toBeCloseTo(0.5, 12);
  });

  it('matches a detection to the ground-truth box it overlaps most', () => {
    // GT a at x 0..10, GT b at x 3..13. The first detection, x 2..12, overlaps a by
    // 8*10 / 120 = 0.67 and b by 9*10 / 110 = 0.82: it takes b. The second, x -2..8,
    // overlaps a by 0.67 and b by 5*10 / 150 = 0.33: it takes a. Both TP, AP 1. Taking
    // the first GT above 0.5 instead would give the first detection a and leave the
    // second a FP (AP 51/101).
    const images = [
      {
        groundTruth: [gt(0, 0), gt(3, 0)],
        detections: [det(2, 0, 0.9), det(-2, 0, 0.8)],
      },
    ];
    expect(classAveragePrecision(images, 0).apPerThreshold[0]).toBe(1);
  });

  it('is NaN when there is no ground truth at all', () => {
    expect(
      meanAveragePrecision([{ groundTruth: [], detections: [det(0, 0, 1)] }]).map50,
    ).toBeNaN();
  });
});
