import { expect, test } from 'vitest';

import { argMax, evaluatePredictions } from './metrics';

test('accuracy, per-class precision/recall/F1 and the items behind each cell', () => {
  const truth = [0, 0, 0, 1, 1, 2];
  const predicted = [0, 0, 1, 1, 2, 2];
  const evaluation = evaluatePredictions(predicted, truth, 3);

  expect(evaluation.accuracy).toBeCloseTo(4 / 6, 10);
  expect(evaluation.confusion).toEqual([
    [2, 1, 0],
    [0, 1, 1],
    [0, 0, 1],
  ]);
  expect(evaluation.cells[0][1]).toEqual([2]);
  expect(evaluation.cells[1][2]).toEqual([4]);
  expect(evaluation.cells[2][2]).toEqual([5]);
  const [a, b, c] = evaluation.perClass;
  expect(a).toEqual({ precision: 1, recall: 2 / 3, f1: 0.8, support: 3 });
  expect(b.precision).toBeCloseTo(0.5, 10);
  expect(b.recall).toBeCloseTo(0.5, 10);
  expect(c.precision).toBeCloseTo(0.5, 10);
  expect(c.f1).toBeCloseTo(2 / 3, 10);
});

test('a class never predicted nor present scores 0, and bad indices are refused', () => {
  const evaluation = evaluatePredictions([0, 0], [0, 0], 2);
  expect(evaluation.perClass[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  expect(() => evaluatePredictions([3], [0], 2)).toThrow(/not in 0..1/);
  expect(() => evaluatePredictions([0], [0, 1], 2)).toThrow(/1 predictions for 2 labels/);
  expect(argMax([0.1, 0.7, 0.2])).toBe(1);
});
