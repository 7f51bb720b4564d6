import { describe, expect, it } from 'vitest';

import { boxArea, boxFromNormalizedYxyx, clipBox, iou, scaleBox } from './box';

describe('iou', () => {
  it('is 1 for identical boxes and 0 for disjoint or touching ones', () => {
    const a = { x1: 0, y1: 0, x2: 10, y2: 10 };
    expect(iou(a, a)).toBe(1);
    expect(iou(a, { x1: 20, y1: 20, x2: 30, y2: 30 })).toBe(0);
    expect(iou(a, { x1: 10, y1: 0, x2: 20, y2: 10 })).toBe(0);
  });

  it('matches hand-worked overlaps', () => {
    // Two 10x10 squares shifted by 5 in x: intersection 5*10 = 50, union 100+100-50 = 150.
    expect(
      iou({ x1: 0, y1: 0, x2: 10, y2: 10 }, { x1: 5, y1: 0, x2: 15, y2: 10 }),
    ).toBeCloseTo(1 / 3, 12);
    // A 4x4 square inside a 10x10 one: 16 / 100.
    expect(
      iou({ x1: 0, y1: 0, x2: 10, y2: 10 }, { x1: 3, y1: 3, x2: 7, y2: 7 }),
    ).toBeCloseTo(0.16, 12);
  });

  it('is 0 for empty boxes rather than NaN', () => {
    const point = { x1: 5, y1: 5, x2: 5, y2: 5 };
    expect(iou(point, point)).toBe(0);
    expect(boxArea({ x1: 5, y1: 5, x2: 1, y2: 9 })).toBe(0);
  });
});

describe('scaleBox and clipBox', () => {
  it('scale each axis and clamp to the image', () => {
    const scaled = scaleBox({ x1: 1, y1: 2, x2: 3, y2: 4 }, 2, 10);
    expect(scaled).toEqual({ x1: 2, y1: 20, x2: 6, y2: 40 });
    expect(clipBox({ x1: -3, y1: 2, x2: 700, y2: 500 }, 640, 480)).toEqual({
      x1: 0,
      y1: 2,
      x2: 640,
      y2: 480,
    });
  });
});

describe('boxFromNormalizedYxyx', () => {
  it('reads row n of ymin, xmin, ymax, xmax and scales x by width, y by height', () => {
    const boxes = [0, 0, 0, 0, 0.1, 0.2, 0.5, 0.8];
    expect(boxFromNormalizedYxyx(boxes, 1, 200, 100)).toEqual({
      x1: 40,
      y1: 10,
      x2: 160,
      y2: 50,
    });
  });
});
