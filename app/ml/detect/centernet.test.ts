import { resolve } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { iou } from './box';
import { createCenterNetDetector, decodeCenterNetRows } from './centernet';
import type { Detection, Detector, DetectionSample } from './index';
import { readGraphModel } from './node_model_files';
import { readYoloFolder } from './node_yolo_dataset';

const SHARED = resolve(__dirname, '../../../../shared');
const COCO128 = resolve(SHARED, 'datasets/coco128-val');
const HORSE = 17;

/** 000000007281.jpg: two horses with riders, 640x361; its labels hold two horses. */
async function horsePhoto(): Promise<DetectionSample> {
  for await (const sample of readYoloFolder(COCO128, {
    imageNames: ['000000007281.jpg'],
  })) {
    return sample;
  }
  throw new Error('horse photo missing from coco128-val');
}

describe('decodeCenterNetRows', () => {
  it('scales input-pixel corners to the image and reads score and class', () => {
    // A 512x512 input fed from a 1024x256 image: x doubles, y quarters.
    const rows = [10, 20, 30, 40, 0.9, 17, 0, 0, 512, 512, 0.1, 0];
    expect(decodeCenterNetRows(rows, 2, 0.5)).toEqual([
      { box: { x1: 20, y1: 10, x2: 60, y2: 20 }, score: 0.9, classId: 17 },
      { box: { x1: 0, y1: 0, x2: 1024, y2: 256 }, score: 0.1, classId: 0 },
    ]);
    expect(() => decodeCenterNetRows([1, 2, 3], 1, 1)).toThrow(/rows of 6 values, got 3/);
  });
});

describe('CenterNet detector on the real graph', () => {
  let detector: Detector;
  let photo: DetectionSample;

  beforeAll(async () => {
    await tf.setBackend('wasm');
    const graph = await readGraphModel(
      resolve(SHARED, 'models/centernet-coco/centernet.json'),
    );
    detector = createCenterNetDetector(graph);
    photo = await horsePhoto();
  });

  afterAll(() => {
    photo?.image.dispose();
    detector?.dispose();
  });

  it('finds each labelled horse, boxes in original image pixels', async () => {
    const detections = await detector.detect(photo.image, { scoreThreshold: 0.3 });
    const horses = detections.filter((d) => d.label === 'horse');
    const truth = photo.groundTruth.filter((gt) => gt.classId === HORSE);
    expect(truth).toHaveLength(2);
    // The third horse, cut off at the left edge, is not in the labels.
    expect(horses).toHaveLength(3);
    for (const gt of truth) {
      const best = Math.max(...horses.map((d) => iou(d.box, gt.box)));
      expect(best).toBeGreaterThan(0.5);
    }
    for (const d of detections) {
      expect(d.box.x2).toBeLessThanOrEqual(640);
      expect(d.box.y2).toBeLessThanOrEqual(361);
      expect(d.score).toBeGreaterThanOrEqual(0.3);
    }
  });

  it('returns overlapping boxes of one class from the graph alone, none after NMS', async () => {
    // The graph keeps its top 100 heat-map peaks; neighbouring peaks give near-duplicate
    // boxes, so the raw output has same-class pairs above IoU 0.5.
    const overlapping = (ds: Detection[]) =>
      ds.some((a, i) =>
        ds.some((b, j) => j > i && a.classId === b.classId && iou(a.box, b.box) > 0.5),
      );
    const options = { scoreThreshold: 0.05 };
    const raw = await detector.detect(photo.image, { ...options, iouThreshold: 1 });
    const suppressed = await detector.detect(photo.image, {
      ...options,
      iouThreshold: 0.5,
    });
    expect(overlapping(raw)).toBe(true);
    expect(overlapping(suppressed)).toBe(false);
    expect(suppressed.length).toBeLessThan(raw.length);
  });

  it('honours classFilter, maxDetections and the score order', async () => {
    const horses = await detector.detect(photo.image, {
      scoreThreshold: 0.1,
      classFilter: [HORSE],
    });
    expect(horses.length).toBeGreaterThan(0);
    expect(horses.every((d) => d.classId === HORSE)).toBe(true);

    const top = await detector.detect(photo.image, {
      scoreThreshold: 0,
      maxDetections: 5,
    });
    expect(top).toHaveLength(5);
    expect(top.map((d) => d.score)).toEqual(
      [...top.map((d) => d.score)].sort((a, b) => b - a),
    );
  });

  it('rejects an image that is not HWC RGB and options out of range', async () => {
    const rgba = tf.zeros([8, 8, 4]) as tf.Tensor3D;
    await expect(detector.detect(rgba)).rejects.toThrow(/\[h, w, 3\], got \[8, 8, 4\]/);
    rgba.dispose();
    await expect(detector.detect(photo.image, { scoreThreshold: 2 })).rejects.toThrow(
      /scoreThreshold must be in 0\.\.1, got 2/,
    );
  });

  it('leaves no tensor behind', async () => {
    await detector.detect(photo.image);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i += 1)
      await detector.detect(photo.image, { scoreThreshold: 0.01 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
