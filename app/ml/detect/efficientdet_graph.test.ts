import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import type { LoadedGraph, TensorSpec } from '../graph';
import {
  createEfficientDetGraphDetector,
  decodeAutoMlDetections,
  decodeOdApiOutputs,
} from './efficientdet_graph';

describe('decodeOdApiOutputs', () => {
  it('reads normalised ymin, xmin, ymax, xmax and maps COCO category ids', async () => {
    // Three rows, the third beyond num_detections. Row 0: category 19 (horse, index 17),
    // box y .1...5, x .2...6 of a 1000x500 image: x 200..600, y 50..250. Row 1:
    // category 12, unused by COCO 2017, is dropped.
    const boxes = tf.tensor3d([
      [
        [0.1, 0.2, 0.5, 0.6],
        [0, 0, 1, 1],
        [0, 0, 0.5, 0.5],
      ],
    ]);
    const scores = tf.tensor2d([[0.9, 0.8, 0.7]]);
    const classes = tf.tensor2d([[19, 12, 1]]);
    const count = tf.tensor1d([2]);
    const [b, s, c, n] = await Promise.all(
      [boxes, scores, classes, count].map((t) => t.data()),
    );
    tf.dispose([boxes, scores, classes, count]);

    const candidates = decodeOdApiOutputs(
      { boxes: b, scores: s, classes: c, count: n[0] },
      1000,
      500,
      'coco-category',
    );
    expect(candidates).toHaveLength(1);
    expect(candidates[0].classId).toBe(17);
    expect(candidates[0].score).toBeCloseTo(0.9, 6);
    const box = candidates[0].box;
    expect(
      [box.x1, box.y1, box.x2, box.y2].map((v) => Math.round(v * 1000) / 1000),
    ).toEqual([200, 50, 600, 250]);
  });

  it('takes one-based ids for a user label list and checks the lengths agree', () => {
    const outputs = { boxes: [0, 0, 1, 1], scores: [0.5], classes: [1] };
    expect(decodeOdApiOutputs(outputs, 10, 10, 'one-based')[0].classId).toBe(0);
    expect(() =>
      decodeOdApiOutputs({ ...outputs, scores: [0.5, 0.4] }, 10, 10, 'one-based'),
    ).toThrow(/disagree: 1 boxes, 2 scores, 1 classes/);
  });
});

describe('decodeAutoMlDetections', () => {
  it('reads image_id, ymin, xmin, ymax, xmax, score, class in input pixels', async () => {
    // Input 512x512 from a 1024x256 image: x doubles, y quarters. Row 0: category 1
    // (person), x 20..220 -> 40..440, y 10..110 -> 2.5..27.5. Row 1: padding, category 0.
    const rows = tf.tensor3d([
      [
        [0, 10, 20, 110, 220, 0.95, 1],
        [0, 0, 0, 0, 0, 0, 0],
      ],
    ]);
    const data = await rows.data();
    rows.dispose();

    expect(decodeAutoMlDetections(data, 2, 0.5, 'coco-category')).toEqual([
      {
        box: { x1: 40, y1: 5, x2: 440, y2: 55 },
        score: expect.closeTo(0.95, 6),
        classId: 0,
      },
    ]);
    expect(() => decodeAutoMlDetections([1, 2, 3], 1, 1, 'coco-category')).toThrow(
      /rows of 7/,
    );
  });
});

/**
 * A stand-in for an exported EfficientDet graph, which cannot be had offline: it
 * answers every run with the given outputs and records the input it was fed.
 */
function fakeExport(inputs: TensorSpec[], outputs: Record<string, () => tf.Tensor>) {
  const fed: { shape: number[]; dtype: string }[] = [];
  const graph: LoadedGraph = {
    format: 'tfjs-graph',
    inputs,
    outputs: Object.keys(outputs).map((name) => ({ name, shape: [], dtype: 'float32' })),
    description: {},
    tensorNames: () => Object.keys(outputs),
    run: async (input, names = Object.keys(outputs)) => {
      fed.push({ shape: input.shape, dtype: input.dtype });
      return names.map((name) => outputs[name]());
    },
    dispose: () => undefined,
  };
  return { graph, fed };
}

describe('createEfficientDetGraphDetector', () => {
  it('feeds an Object Detection API export the image as it is, as int32', async () => {
    const { graph, fed } = fakeExport(
      [{ name: 'input_tensor', shape: [1, -1, -1, 3], dtype: 'int32' }],
      {
        'detection_boxes:0': () => tf.tensor3d([[[0.1, 0.2, 0.5, 0.6]]]),
        'detection_scores:0': () => tf.tensor2d([[0.9]]),
        'detection_classes:0': () => tf.tensor2d([[19]]),
        'num_detections:0': () => tf.tensor1d([1]),
      },
    );
    const detector = createEfficientDetGraphDetector(graph);
    const image = tf.zeros([500, 1000, 3], 'int32') as tf.Tensor3D;
    const before = tf.memory().numTensors;

    const detections = await detector.detect(image);
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();

    expect(detector.family).toBe('efficientdet-od-api');
    expect(fed).toEqual([{ shape: [1, 500, 1000, 3], dtype: 'int32' }]);
    expect(detections).toHaveLength(1);
    expect(detections[0].label).toBe('horse');
    expect(detections[0].box.x1).toBeCloseTo(200, 3);
    expect(detections[0].box.y2).toBeCloseTo(250, 3);
  });

  it('stretches the image to a fixed AutoML input and scales boxes back', async () => {
    const { graph, fed } = fakeExport(
      [{ name: 'image_arrays', shape: [1, 512, 512, 3], dtype: 'int32' }],
      { detections: () => tf.tensor3d([[[0, 10, 20, 110, 220, 0.95, 1]]]) },
    );
    const detector = createEfficientDetGraphDetector(graph);
    const image = tf.zeros([256, 1024, 3], 'int32') as tf.Tensor3D;
    const [person] = await detector.detect(image);
    image.dispose();

    expect(detector.family).toBe('efficientdet-automl');
    expect(detector.inputSize).toEqual([512, 512]);
    expect(fed[0].shape).toEqual([1, 512, 512, 3]);
    expect(person.label).toBe('person');
    expect(person.box).toEqual({ x1: 40, y1: 5, x2: 440, y2: 55 });
  });

  it('refuses a graph that is no EfficientDet export', () => {
    const { graph } = fakeExport([], { logits: () => tf.zeros([1, 10]) });
    expect(() => createEfficientDetGraphDetector(graph)).toThrow(/outputs are logits/);
  });
});
