/** Precision, recall and F1 of one class, and how many items truly belong to it. */
export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** How well a classifier did on a labelled set. */
export interface Evaluation {
  /** Fraction correct, 0..1. */
  accuracy: number;
  count: number;
  perClass: ClassMetrics[];
  /** `confusion[t][p]`: items of true class t predicted as class p. */
  confusion: number[][];
  /** `cells[t][p]`: the indices (into the evaluated items) behind `confusion[t][p]`. */
  cells: number[][][];
}

/** Index of the largest value. */
export function argMax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/**
 * Scores predicted class indices against true ones. Precision (recall) of a class that
 * was never predicted (never present) is 0, and so is its F1.
 */
export function evaluatePredictions(
  predicted: number[],
  truth: number[],
  numClasses: number,
): Evaluation {
  if (predicted.length !== truth.length) {
    throw new Error(`${predicted.length} predictions for ${truth.length} labels`);
  }
  const cells = Array.from({ length: numClasses }, () =>
    Array.from({ length: numClasses }, () => [] as number[]),
  );
  predicted.forEach((p, i) => {
    const t = truth[i];
    if (!(t >= 0 && t < numClasses && p >= 0 && p < numClasses)) {
      throw new Error(
        `item ${i}: class ${t} or prediction ${p} is not in 0..${numClasses - 1}`,
      );
    }
    cells[t][p].push(i);
  });
  const confusion = cells.map((row) => row.map((cell) => cell.length));

  const perClass = confusion.map((row, c) => {
    const truePositives = row[c];
    const support = row.reduce((a, b) => a + b, 0);
    const predictedCount = confusion.reduce((sum, r) => sum + r[c], 0);
    const precision = predictedCount > 0 ? truePositives / predictedCount : 0;
    const recall = support > 0 ? truePositives / support : 0;
    const f1 =
      precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1, support };
  });
  const correct = confusion.reduce((sum, row, c) => sum + row[c], 0);

  return {
    accuracy: predicted.length > 0 ? correct / predicted.length : 0,
    count: predicted.length,
    perClass,
    confusion,
    cells,
  };
}
