import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { Builder } from 'flatbuffers';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';

import { loadTfliteGraph } from '../tflite';
import { flexbufferOptions } from '../tflite/testing/flexbuffer_options';
import { type ModelDef, writeTflite } from '../tflite/testing/tflite_writer';
import {
  decodePostProcessOutputs,
  mapPostProcessClasses,
  type PostProcessOutputs,
} from './efficientdet_lite';
import { createDetector, identifyDetectorFamily } from './family';

const SHARED = resolve(__dirname, '../../../../shared');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('mapPostProcessClasses', () => {
  test('reads 90 classes without labels as COCO category ids 1..90', () => {
    const { labels, labelIndex } = mapPostProcessClasses(90);
    expect(labels).toHaveLength(80);
    // Class 0 is id 1, person; class 11 is id 12, unused; class 12 is id 13, stop sign.
    expect(labels[labelIndex[0]]).toBe('person');
    expect(labelIndex[11]).toBe(-1);
    expect(labels[labelIndex[12]]).toBe('stop sign');
    expect(labels[labelIndex[89]]).toBe('toothbrush');
  });

  test('drops ??? lines of a label map and names classes it lacks', () => {
    const { labels, labelIndex } = mapPostProcessClasses(4, ['cat', '???', 'dog']);
    expect(labels).toEqual(['cat', 'dog', 'class 3']);
    expect(Array.from(labelIndex)).toEqual([0, -1, 1, 2]);
  });
});

describe('decodePostProcessOutputs', () => {
  const options = {
    maxDetections: 2,
    maxClassesPerDetection: 2,
    detectionsPerClass: 100,
    useRegularNms: false,
    scoreThreshold: 0.3,
    iouThreshold: 0.5,
    numClasses: 3,
    scales: { y: 10, x: 10, h: 5, w: 5 },
  };
  // Two rows per anchor, one anchor counted: rows 0 and 1 are real, 2 and 3 padding.
  const outputs: PostProcessOutputs = {
    boxes: [0.1, 0.2, 0.5, 0.6, 0.1, 0.2, 0.5, 0.6, 0, 0, 0, 0, 0, 0, 0, 0],
    classes: [2, 0, 0, 0],
    scores: [0.9, 0.4, 0, 0],
    count: 1,
  };
  const mapping = mapPostProcessClasses(3, ['a', 'b', 'c']);

  test('fast NMS: the counted anchors times max_classes_per_detection rows, in pixels', () => {
    // Image 1000 x 500: x .2..6 -> 200..600, y .1..5 -> 50..250.
    const candidates = decodePostProcessOutputs(outputs, options, mapping, 1000, 500);
    expect(candidates.map((c) => [c.classId, c.score])).toEqual([
      [2, 0.9],
      [0, 0.4],
    ]);
    const { x1, y1, x2, y2 } = candidates[0].box;
    expect([x1, y1, x2, y2].map((v) => Math.round(v * 1e3) / 1e3)).toEqual([
      200, 50, 600, 250,
    ]);
  });

  test('regular NMS: num_detections counts rows', () => {
    const regular = { ...options, useRegularNms: true };
    const candidates = decodePostProcessOutputs(outputs, regular, mapping, 10, 10);
    expect(candidates.map((c) => c.classId)).toEqual([2]);
    expect(() =>
      decodePostProcessOutputs({ ...outputs, scores: [1] }, regular, mapping, 10, 10),
    ).toThrow(/disagree: 4 boxes, 1 scores, 4 classes/);
  });
});

/**
 * A ModelMetadata flatbuffer (metadata_schema.fbs) for a detector: no normalisation, four
 * outputs, the one at `labelledOutput` carrying `labels.txt` as TENSOR_VALUE_LABELS, as
 * TFLite's object detector metadata writer attaches the label map to the category output.
 */
function detectorMetadata(labelledOutput: number): Uint8Array {
  const b = new Builder(256);
  const vector = (offsets: number[]) => {
    b.startVector(4, offsets.length, 4);
    for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i]);
    return b.endVector();
  };
  const fileName = b.createString('labels.txt');
  b.startObject(4);
  b.addFieldOffset(0, fileName, 0);
  b.addFieldInt8(2, 3, 0);
  const files = vector([b.endObject()]);

  const outputs = [0, 1, 2, 3].map((i) => {
    b.startObject(7);
    if (i === labelledOutput) b.addFieldOffset(6, files, 0);
    return b.endObject();
  });
  b.startObject(7);
  const input = b.endObject();
  const inputVector = vector([input]);
  const outputVector = vector(outputs);
  b.startObject(4);
  b.addFieldOffset(2, inputVector, 0);
  b.addFieldOffset(3, outputVector, 0);
  const subgraphs = vector([b.endObject()]);
  const name = b.createString('tiny detector');
  b.startObject(4);
  b.addFieldOffset(0, name, 0);
  b.addFieldOffset(3, subgraphs, 0);
  b.finish(b.endObject(), 'M001');
  return b.asUint8Array().slice();
}

/**
 * A tiny SSD detector as a .tflite file: uint8 image [1, 2, 2, 3] (scale 1/255, so real
 * values 0..1) -> 1x1 CONV_2D to three class logits per pixel -> RESHAPE [1, 4, 3] ->
 * LOGISTIC -> TFLite_Detection_PostProcess with zero box encodings and one anchor per
 * pixel, the size of its cell, so each box is its cell. Logits: class 0 (cat) 10 r - 5,
 * class 1 (a ??? placeholder) 10 g - 5, class 2 (dog) 10 b - 5.
 *
 * The op's outputs get the names of a Model Maker export, not in op order, and the
 * graph lists them in yet another order, so only the op tells which is which.
 */
function tinyDetector(): Uint8Array {
  const model: ModelDef = {
    tensors: [
      {
        name: 'serving_default_images:0',
        shape: [1, 2, 2, 3],
        type: 'uint8',
        quantization: { scale: [1 / 255], zeroPoint: [0] },
      },
      { name: 'w', shape: [3, 1, 1, 3], data: [10, 0, 0, 0, 10, 0, 0, 0, 10] },
      { name: 'b', shape: [3], data: [-5, -5, -5] },
      { name: 'logits', shape: [1, 2, 2, 3] },
      { name: 'shape', shape: [3], type: 'int32', data: [1, 4, 3] },
      { name: 'class_logits', shape: [1, 4, 3] },
      { name: 'class_scores', shape: [1, 4, 3] },
      { name: 'box_encodings', shape: [1, 4, 4], data: new Array(16).fill(0) },
      {
        name: 'anchors',
        shape: [4, 4],
        // ycenter, xcenter, h, w of the cells: top-left, top-right, bottom-left, ...
        data: [
          [0.25, 0.25, 0.5, 0.5],
          [0.25, 0.75, 0.5, 0.5],
          [0.75, 0.25, 0.5, 0.5],
          [0.75, 0.75, 0.5, 0.5],
        ].flat(),
      },
      { name: 'StatefulPartitionedCall:1', shape: [1, 10, 4] },
      { name: 'StatefulPartitionedCall:3', shape: [1, 10] },
      { name: 'StatefulPartitionedCall:0', shape: [1, 10] },
      { name: 'StatefulPartitionedCall:2', shape: [1] },
    ],
    operators: [
      { op: 'CONV_2D', inputs: [0, 1, 2], outputs: [3] },
      { op: 'RESHAPE', inputs: [3, 4], outputs: [5] },
      { op: 'LOGISTIC', inputs: [5], outputs: [6] },
      {
        op: { custom: 'TFLite_Detection_PostProcess' },
        inputs: [7, 6, 8],
        outputs: [9, 10, 11, 12],
        customOptions: flexbufferOptions({
          max_detections: 10,
          max_classes_per_detection: 1,
          detections_per_class: 100,
          use_regular_nms: false,
          nms_score_threshold: { float: 0.3 },
          nms_iou_threshold: { float: 0.5 },
          num_classes: 3,
          y_scale: { float: 1 },
          x_scale: { float: 1 },
          h_scale: { float: 1 },
          w_scale: { float: 1 },
        }),
      },
    ],
    inputs: [0],
    // Scores, boxes, count, classes: the category output is the fourth.
    outputs: [11, 9, 12, 10],
    metadata: [{ name: 'TFLITE_METADATA', data: detectorMetadata(3) }],
  };
  const flat = writeTflite(model);
  const zip = zipSync({ 'labels.txt': new TextEncoder().encode('cat\n???\ndog\n') });
  const file = new Uint8Array(flat.byteLength + zip.byteLength);
  file.set(flat);
  file.set(zip, flat.byteLength);
  return file;
}

/**
 * An image 200 wide and 100 high of four flat quadrants, which stretch to the 2 x 2 input
 * as their own colours: top-left red, top-right blue 230, bottom-left green (the ???
 * class), bottom-right blue 153.
 */
function quadrants(): tf.Tensor3D {
  const colours = [
    [255, 0, 0],
    [0, 0, 230],
    [0, 255, 0],
    [0, 0, 153],
  ];
  const pixels: number[] = [];
  for (let y = 0; y < 100; y++) {
    for (let x = 0; x < 200; x++) {
      pixels.push(...colours[(y < 50 ? 0 : 2) + (x < 100 ? 0 : 1)]);
    }
  }
  return tf.tensor3d(pixels, [100, 200, 3], 'int32');
}

describe('EfficientDet-Lite detector', () => {
  test('a synthetic TFLite detector runs end to end through createDetector', async () => {
    const graph = loadTfliteGraph(tinyDetector());
    expect(graph.description.labels).toEqual(['cat', '???', 'dog']);
    const detector = createDetector(graph);
    expect(detector.family).toBe('efficientdet-lite');
    expect(detector.labels).toEqual(['cat', 'dog']);
    expect(detector.inputSize).toEqual([2, 2]);

    const image = quadrants();
    const before = tf.memory().numTensors;
    const detections = await detector.detect(image);
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();

    // Scores: top-left cat sigmoid(10 - 5); top-right dog sigmoid(10 * 230 / 255 - 5);
    // bottom-right dog sigmoid(10 * 153 / 255 - 5) = sigmoid(1); bottom-left ??? scores
    // sigmoid(5) but names no class and is dropped. Boxes are the quadrants in pixels.
    expect(detections.map((d) => d.label)).toEqual(['cat', 'dog', 'dog']);
    expect(detections.map((d) => d.classId)).toEqual([0, 1, 1]);
    const expectedScores = [sigmoid(5), sigmoid((10 * 230) / 255 - 5), sigmoid(1)];
    detections.forEach((d, i) => expect(d.score).toBeCloseTo(expectedScores[i], 5));
    const boxes = detections.map(({ box }) => [box.x1, box.y1, box.x2, box.y2]);
    const expectedBoxes = [
      [0, 0, 100, 50],
      [100, 0, 200, 50],
      [100, 50, 200, 100],
    ];
    boxes.flat().forEach((v, i) => expect(v).toBeCloseTo(expectedBoxes.flat()[i], 3));

    const filtered = await detector.detect(quadrants(), { scoreThreshold: 0.9 });
    expect(filtered.map((d) => d.label)).toEqual(['cat', 'dog']);
    detector.dispose();
  });

  test('labels given to createDetector replace the file label map', async () => {
    const labels = ['red', 'green', 'blue'];
    const detector = createDetector(loadTfliteGraph(tinyDetector()), labels);
    expect(detector.labels).toEqual(['red', 'green', 'blue']);
    const image = quadrants();
    const detections = await detector.detect(image);
    image.dispose();
    expect(detections.map((d) => d.label)).toEqual(['red', 'green', 'blue', 'blue']);
    detector.dispose();
  });

  test('is named by the op default output names; a real classifier is no detector', () => {
    const names = [
      'TFLite_Detection_PostProcess',
      'TFLite_Detection_PostProcess:1',
      'TFLite_Detection_PostProcess:2',
      'TFLite_Detection_PostProcess:3',
    ];
    expect(identifyDetectorFamily(names).name).toBe('efficientdet-lite');

    const bytes = readFileSync(
      resolve(SHARED, 'models/efficientnet-lite0-dogs/model.tflite'),
    );
    const classifier = loadTfliteGraph(bytes);
    expect(() => createDetector(classifier)).toThrow(
      /this model has no detection outputs/,
    );
    classifier.dispose();
  });
});
