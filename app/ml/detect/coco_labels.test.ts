import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

import { COCO_CATEGORY_IDS, COCO_LABELS, cocoIndexOfCategoryId } from './coco_labels';

const SHARED = resolve(__dirname, '../../../../shared');

describe('COCO_LABELS', () => {
  it('lists the 80 names in the order of the coco128 classes file', () => {
    const classes = readFileSync(
      resolve(SHARED, 'datasets/coco128-val/classes.txt'),
      'utf8',
    )
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
    expect(COCO_LABELS).toEqual(classes);
  });
});

describe('cocoIndexOfCategoryId', () => {
  it('maps COCO category ids to the 80 classes and rejects the unused ids', () => {
    expect(COCO_CATEGORY_IDS).toHaveLength(80);
    expect(new Set(COCO_CATEGORY_IDS).size).toBe(80);
    const labelOf = (id: number) => COCO_LABELS[cocoIndexOfCategoryId(id)];
    expect(labelOf(1)).toBe('person');
    expect(labelOf(13)).toBe('stop sign');
    expect(labelOf(19)).toBe('horse');
    expect(labelOf(67)).toBe('dining table');
    expect(labelOf(72)).toBe('tv');
    expect(labelOf(90)).toBe('toothbrush');
    for (const unused of [0, 12, 26, 29, 30, 45, 66, 68, 69, 71, 83, 91]) {
      expect(cocoIndexOfCategoryId(unused)).toBe(-1);
    }
  });
});
