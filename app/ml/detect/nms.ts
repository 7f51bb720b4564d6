import { iou } from './box';
import type { Box } from './detection';

/** What NMS needs of a candidate; detections and plain records both qualify. */
export interface ScoredBox {
  box: Box;
  score: number;
  classId: number;
}

/**
 * Greedy non-max suppression: visits the candidates by falling score and keeps one
 * unless its IoU with a box already kept exceeds `iouThreshold`. With `perClass` only boxes
 * of the same class suppress each other. Returns the kept indices into `candidates`,
 * highest score first; equal scores keep their input order. Box units do not matter.
 */
export function nonMaxSuppression(
  candidates: readonly ScoredBox[],
  iouThreshold = 0.5,
  maxOutput = Infinity,
  perClass = true,
): number[] {
  if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
    throw new Error(`iouThreshold must be in 0..1, got ${iouThreshold}`);
  }

  const order = candidates.map((_, i) => i);
  order.sort((a, b) => candidates[b].score - candidates[a].score);
  const kept: number[] = [];
  for (const i of order) {
    if (kept.length >= maxOutput) break;
    const candidate = candidates[i];
    const suppressed = kept.some((k) => {
      const other = candidates[k];
      if (perClass && other.classId !== candidate.classId) return false;
      return iou(other.box, candidate.box) > iouThreshold;
    });
    if (!suppressed) kept.push(i);
  }
  return kept;
}

/** Class-agnostic greedy NMS: any two boxes may suppress each other. See nonMaxSuppression. */
export function nonMaxSuppressionAgnostic(
  candidates: readonly ScoredBox[],
  iouThreshold = 0.5,
  maxOutput = Infinity,
): number[] {
  return nonMaxSuppression(candidates, iouThreshold, maxOutput, /* perClass= */ false);
}
