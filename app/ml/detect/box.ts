import type { Box } from './detection';

/** Area of a box in squared units of its corners; 0 for an empty or inverted box. */
export function boxArea(box: Box): number {
  return Math.max(0, box.x2 - box.x1) * Math.max(0, box.y2 - box.y1);
}

/** Intersection over union of two boxes in the same units, 0..1; 0 when both are empty. */
export function iou(a: Box, b: Box): number {
  const width = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const height = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (width <= 0 || height <= 0) return 0;

  const intersection = width * height;
  const union = boxArea(a) + boxArea(b) - intersection;
  return union > 0 ? intersection / union : 0;
}

/** Multiplies x by `scaleX` and y by `scaleY`, e.g. from a model's input to image pixels. */
export function scaleBox(box: Box, scaleX: number, scaleY: number): Box {
  return {
    x1: box.x1 * scaleX,
    y1: box.y1 * scaleY,
    x2: box.x2 * scaleX,
    y2: box.y2 * scaleY,
  };
}

/** Clamps a box to 0..width by 0..height. */
export function clipBox(box: Box, width: number, height: number): Box {
  const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
  return {
    x1: clamp(box.x1, width),
    y1: clamp(box.y1, height),
    x2: clamp(box.x2, width),
    y2: clamp(box.y2, height),
  };
}

/**
 * Row `row` of a flat [n, 4] array of `ymin, xmin, ymax, xmax` corners normalised to
 * 0..1 (TensorFlow's box order), as a box in pixels of a `width` × `height` image.
 */
export function boxFromNormalizedYxyx(
  boxes: ArrayLike<number>,
  row: number,
  width: number,
  height: number,
): Box {
  const at = row * 4;
  return {
    x1: boxes[at + 1] * width,
    y1: boxes[at] * height,
    x2: boxes[at + 3] * width,
    y2: boxes[at + 2] * height,
  };
}
