import { clipBox } from './box';
import type { Detection, DetectOptions } from './detection';
import { nonMaxSuppression, type ScoredBox } from './nms';

/**
 * The steps every adapter shares once a graph's outputs are decoded into candidates with
 * boxes in original image pixels: drop low scores and unwanted classes, suppress overlaps
 * unless `iouThreshold` is 1, keep the best `maxDetections`, clip to the image and name
 * the classes. Returns detections by falling score.
 */
export function finishDetections(
  candidates: readonly ScoredBox[],
  options: DetectOptions,
  labels: readonly string[],
  imageWidth: number,
  imageHeight: number,
): Detection[] {
  const wanted = options.classFilter ? new Set(options.classFilter) : null;
  const kept = candidates.filter(
    (c) => c.score >= options.scoreThreshold && (!wanted || wanted.has(c.classId)),
  );

  const { iouThreshold, maxDetections } = options;
  const order =
    iouThreshold < 1
      ? nonMaxSuppression(kept, iouThreshold, maxDetections, !options.classAgnosticNms)
      : kept
          .map((_, i) => i)
          .sort((a, b) => kept[b].score - kept[a].score)
          .slice(0, maxDetections);

  return order.map((i) => {
    const { box, score, classId } = kept[i];
    return {
      box: clipBox(box, imageWidth, imageHeight),
      score,
      classId,
      label: labels[classId] ?? `class ${classId}`,
    };
  });
}
