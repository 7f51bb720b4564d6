import { iou } from './box';
import type { GroundTruthBox } from './detection';
import type { ScoredBox } from './nms';

/**
 * `count` evenly spaced values from `start` to `stop`, computed as NumPy's linspace does
 * (i * step + start, the last set to stop), so that each threshold is the very double
 * pycocotools compares against: 0.35 there is 35 * 0.01 = 0.35000000000000003.
 */
function linspace(start: number, stop: number, count: number): number[] {
  const step = (stop - start) / (count - 1);
  return Array.from({ length: count }, (_, i) =>
    i === count - 1 ? stop : i * step + start,
  );
}

/** COCO's IoU thresholds, .50:.05:.95. */
export const COCO_IOU_THRESHOLDS: readonly number[] = linspace(0.5, 0.95, 10);

/** The recall points at which COCO samples the precision curve: 0, 0.01, ..., 1. */
const RECALL_THRESHOLDS: readonly number[] = linspace(0, 1, 101);

/** Detections and ground truth of one image, boxes in the same units (pixels, say). */
export interface ImageResult {
  detections: readonly ScoredBox[];
  groundTruth: readonly GroundTruthBox[];
}

/** Average precision of one class. */
export interface ClassAP {
  classId: number;
  /** Ground-truth boxes of this class over all images. */
  groundTruthCount: number;
  /** AP at each of `COCO_IOU_THRESHOLDS`, 0..1. */
  apPerThreshold: number[];
  /** AP at IoU 0.5. */
  ap50: number;
  /** Mean AP over IoU 0.50:0.05:0.95. */
  ap50to95: number;
}

/** COCO-style summary of a detector on a set of images. */
export interface MeanAP {
  /** Mean over classes of AP at IoU 0.5, 0..1. */
  map50: number;
  /** Mean over classes of AP averaged over IoU 0.50:0.05:0.95, 0..1. */
  map50to95: number;
  /** Classes that have ground truth, by class id. Others do not count. */
  perClass: ClassAP[];
}

/**
 * COCO-style mean average precision ("all" areas, every detection given is used: cap
 * them per image beforehand, COCO keeps 100). Per class and IoU threshold: detections of
 * all images sorted by falling score (stable), each matched greedily to the unmatched
 * ground-truth box of its image and class with the highest IoU at or above the threshold,
 * each ground-truth box matched at most once; precision made non-increasing and read at
 * the 101 recall points 0, 0.01, ..., 1 (0 beyond the highest recall reached); AP is the
 * mean of those. Classes without ground truth are left out of the means; a class with
 * ground truth and no detection has AP 0. With no ground truth at all both means are NaN.
 * On CenterNet's detections over coco128-val this agrees with pycocotools' COCOeval to
 * 1e-15 per class.
 */
// Limitation: YOLO labels carry no `iscrowd` flag and no area ranges, so crowd regions
// count as ordinary boxes and there is no small/medium/large breakdown.
export function meanAveragePrecision(images: readonly ImageResult[]): MeanAP {
  const classIds = new Set<number>();
  for (const image of images)
    for (const gt of image.groundTruth) classIds.add(gt.classId);

  const perClass = [...classIds]
    .sort((a, b) => a - b)
    .map((classId) => classAveragePrecision(images, classId));
  const mean = (values: number[]) =>
    values.reduce((sum, v) => sum + v, 0) / values.length;
  return {
    map50: mean(perClass.map((c) => c.ap50)),
    map50to95: mean(perClass.map((c) => c.ap50to95)),
    perClass,
  };
}

/** AP of one class at every COCO IoU threshold; see meanAveragePrecision. */
export function classAveragePrecision(
  images: readonly ImageResult[],
  classId: number,
): ClassAP {
  const ranked: { image: number; detection: ScoredBox }[] = [];
  let groundTruthCount = 0;
  images.forEach((image, index) => {
    for (const detection of image.detections) {
      if (detection.classId === classId) ranked.push({ image: index, detection });
    }
    groundTruthCount += image.groundTruth.filter((gt) => gt.classId === classId).length;
  });
  ranked.sort((a, b) => b.detection.score - a.detection.score);

  const groundTruthOf = images.map((image) =>
    image.groundTruth.filter((gt) => gt.classId === classId),
  );
  const apPerThreshold = COCO_IOU_THRESHOLDS.map((threshold) => {
    const matched = groundTruthOf.map((boxes) => boxes.map(() => false));
    const isTruePositive = ranked.map(({ image, detection }) => {
      const best = bestUnmatched(
        detection,
        groundTruthOf[image],
        matched[image],
        threshold,
      );
      if (best < 0) return false;
      matched[image][best] = true;
      return true;
    });
    return interpolatedAP(isTruePositive, groundTruthCount);
  });

  return {
    classId,
    groundTruthCount,
    apPerThreshold,
    ap50: apPerThreshold[0],
    ap50to95: apPerThreshold.reduce((sum, ap) => sum + ap, 0) / apPerThreshold.length,
  };
}

/** Index of the unmatched box with the highest IoU >= threshold, or -1. */
function bestUnmatched(
  detection: ScoredBox,
  boxes: readonly GroundTruthBox[],
  matched: readonly boolean[],
  threshold: number,
): number {
  let best = -1;
  let bestIou = threshold;
  boxes.forEach((gt, index) => {
    if (matched[index]) return;
    const overlap = iou(detection.box, gt.box);
    if (overlap >= bestIou) {
      best = index;
      bestIou = overlap;
    }
  });
  return best;
}

/**
 * COCO's 101-point interpolated AP from the true/false-positive flags of detections
 * ranked by falling score. 0 when there is no ground truth to find.
 */
export function interpolatedAP(
  isTruePositive: readonly boolean[],
  groundTruthCount: number,
): number {
  if (groundTruthCount === 0) return 0;

  const recall: number[] = [];
  const precision: number[] = [];
  let truePositives = 0;
  isTruePositive.forEach((hit, rank) => {
    if (hit) truePositives += 1;
    recall.push(truePositives / groundTruthCount);
    precision.push(truePositives / (rank + 1));
  });

  for (let i = precision.length - 2; i >= 0; i -= 1) {
    precision[i] = Math.max(precision[i], precision[i + 1]);
  }

  let sum = 0;
  let rank = 0;
  for (const target of RECALL_THRESHOLDS) {
    while (rank < recall.length && recall[rank] < target) rank += 1;
    if (rank === recall.length) break;
    sum += precision[rank];
  }
  return sum / RECALL_THRESHOLDS.length;
}
