import { seededRandom, shuffleInPlace } from './random';

/** Indices of the items used to train and to validate. */
export interface Split {
  train: number[];
  validation: number[];
}

/**
 * Splits items into training and validation sets, per class, so that each class keeps
 * about `validationFraction` of its items for validation. A class with a single item
 * keeps it for training. Indices come back sorted; the same seed gives the same split.
 */
export function stratifiedSplit(
  labels: number[],
  validationFraction: number,
  seed = 1,
): Split {
  if (!(validationFraction >= 0 && validationFraction < 1)) {
    throw new Error(`validationFraction must be in [0, 1), not ${validationFraction}`);
  }
  const byClass = new Map<number, number[]>();
  labels.forEach((label, index) => {
    const members = byClass.get(label) ?? [];
    members.push(index);
    byClass.set(label, members);
  });

  const random = seededRandom(seed);
  const split: Split = { train: [], validation: [] };
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = shuffleInPlace(byClass.get(label)!, random);
    let count = Math.round(members.length * validationFraction);
    if (validationFraction > 0 && members.length >= 2) count = Math.max(1, count);
    count = Math.min(count, members.length - 1);
    split.validation.push(...members.slice(0, count));
    split.train.push(...members.slice(count));
  }
  split.train.sort((a, b) => a - b);
  split.validation.sort((a, b) => a - b);
  return split;
}

/**
 * Weights that make each class count as much as the others in the loss: `n / (k * n_c)`
 * for n items in k classes, n_c of them in class c ("balanced", as scikit-learn has it).
 * A class with no items gets weight 0.
 */
export function balancedClassWeights(labels: number[], numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const label of labels) counts[label]++;
  const present = counts.filter((c) => c > 0).length;
  return counts.map((count) => (count > 0 ? labels.length / (present * count) : 0));
}
