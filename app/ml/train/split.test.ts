import { describe, expect, test } from 'vitest';

import { balancedClassWeights, stratifiedSplit } from './split';

describe('stratifiedSplit', () => {
  const labels = [...Array(30).fill(0), ...Array(10).fill(1), ...Array(3).fill(2), 3];

  test('holds out about the fraction of every class, and never a lone item', () => {
    const { train, validation } = stratifiedSplit(labels, 0.2, 7);
    const count = (indices: number[], c: number) =>
      indices.filter((i) => labels[i] === c).length;
    expect([0, 1, 2, 3].map((c) => count(validation, c))).toEqual([6, 2, 1, 0]);
    expect([...train, ...validation].sort((a, b) => a - b)).toEqual(
      labels.map((_, i) => i),
    );
  });

  test('is reproducible by seed and differs across seeds', () => {
    expect(stratifiedSplit(labels, 0.3, 1)).toEqual(stratifiedSplit(labels, 0.3, 1));
    expect(stratifiedSplit(labels, 0.3, 1).validation).not.toEqual(
      stratifiedSplit(labels, 0.3, 2).validation,
    );
  });

  test('refuses a fraction outside [0, 1)', () => {
    expect(() => stratifiedSplit(labels, 1)).toThrow(/validationFraction/);
    expect(stratifiedSplit(labels, 0).validation).toEqual([]);
  });
});

test('balanced class weights make every class weigh the same in total', () => {
  const labels = [0, 0, 0, 0, 1, 2, 2];
  const weights = balancedClassWeights(labels, 4);
  const totals = [0, 1, 2].map((c) => labels.filter((l) => l === c).length * weights[c]);
  totals.forEach((total) => expect(total).toBeCloseTo(7 / 3, 10));
  expect(weights[3]).toBe(0);
});
