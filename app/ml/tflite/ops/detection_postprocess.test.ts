import * as tf from '@tensorflow/tfjs';
import { encode } from 'flatbuffers/mjs/flexbuffers.js';
import { beforeAll, describe, expect, test } from 'vitest';

import { TfliteFormatError } from '../errors';
import { loadTfliteGraph } from '../tflite_graph';
import { flexbufferOptions } from '../testing/flexbuffer_options';
import { type ModelDef, type TensorDef, writeTflite } from '../testing/tflite_writer';
import {
  DETECTION_POSTPROCESS_CODE,
  readDetectionPostProcessOptions,
} from './detection_postprocess';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The options SSD exports carry, with this test's thresholds. */
function options(overrides: Record<string, number | boolean | { float: number }> = {}) {
  return flexbufferOptions({
    max_detections: 3,
    max_classes_per_detection: 1,
    detections_per_class: 100,
    use_regular_nms: false,
    nms_score_threshold: { float: 0.3 },
    nms_iou_threshold: { float: 0.5 },
    num_classes: 3,
    y_scale: { float: 10 },
    x_scale: { float: 10 },
    h_scale: { float: 5 },
    w_scale: { float: 5 },
    ...overrides,
  });
}

interface Case {
  /** [N, 4]: ycenter, xcenter, h, w. */
  anchors: number[][];
  /** [N, L]: ty, tx, th, tw (and more). */
  encodings: number[][];
  /** [N, C]. */
  scores: number[][];
  customOptions: Uint8Array;
  /** Which of encodings and scores is the graph input; the other is a constant. */
  feed: 'encodings' | 'scores';
}

/** A graph of the post-process op alone, four outputs with TFLite's declared shapes. */
function postProcessModel(c: Case, rows: number): ModelDef {
  const n = c.anchors.length;
  const tensor = (name: string, values: number[][]): TensorDef => ({
    name,
    shape: [1, n, values[0].length],
    data: c.feed === name ? undefined : values.flat(),
  });
  return {
    tensors: [
      tensor('encodings', c.encodings),
      tensor('scores', c.scores),
      { name: 'anchors', shape: [n, 4], data: c.anchors.flat() },
      { name: 'TFLite_Detection_PostProcess', shape: [1, rows, 4] },
      { name: 'TFLite_Detection_PostProcess:1', shape: [1, rows] },
      { name: 'TFLite_Detection_PostProcess:2', shape: [1, rows] },
      { name: 'TFLite_Detection_PostProcess:3', shape: [1] },
    ],
    operators: [
      {
        op: { custom: DETECTION_POSTPROCESS_CODE },
        inputs: [0, 1, 2],
        outputs: [3, 4, 5, 6],
        customOptions: c.customOptions,
      },
    ],
    inputs: [c.feed === 'encodings' ? 0 : 1],
    outputs: [3, 4, 5, 6],
  };
}

interface Rows {
  boxes: number[][];
  classes: number[];
  scores: number[];
  count: number;
}

/** Loads the model, runs it once on `input` and reads the four outputs back. */
async function runModel(model: ModelDef, input: number[][]): Promise<Rows> {
  const graph = loadTfliteGraph(writeTflite(model));
  const x = tf.tensor([input]);
  const before = tf.memory().numTensors;
  const outputs = await graph.run(x);
  expect(tf.memory().numTensors - before).toBe(4);

  const [boxes, classes, scores, count] = await Promise.all(
    outputs.map((t) => t.array()),
  );
  expect(outputs.map((t) => t.dtype)).toEqual([
    'float32',
    'float32',
    'float32',
    'float32',
  ]);
  tf.dispose([x, ...outputs]);
  graph.dispose();
  return {
    boxes: (boxes as number[][][])[0],
    classes: (classes as number[][])[0],
    scores: (scores as number[][])[0],
    count: (count as number[])[0],
  };
}

async function run(c: Case, rows: number): Promise<Rows> {
  return runModel(
    postProcessModel(c, rows),
    c.feed === 'encodings' ? c.encodings : c.scores,
  );
}

function expectClose(
  actual: number[][] | number[],
  expected: number[][] | number[],
): void {
  const a = actual.flat();
  const e = expected.flat();
  expect(a).toHaveLength(e.length);
  a.forEach((v, i) => expect(v, `element ${i}`).toBeCloseTo(e[i], 5));
}

describe('TFLite_Detection_PostProcess box decoding', () => {
  test('decodes against the anchors, skipping extra values and the background', async () => {
    // Scales y 10, x 10, h 5, w 5.
    // Anchor 0: ycenter .5, xcenter .5, h .2, w .4; encoding 1, -2, 0, 5 ln 2 (then two
    //   keypoint values that must be ignored):
    //   ycenter = 1 / 10 * .2 + .5 = .52     h = exp(0 / 5) * .2 = .2
    //   xcenter = -2 / 10 * .4 + .5 = .42    w = exp(ln 2) * .4 = .8
    //   box = .52 -+ .1, .42 -+ .4 = [.42, .02, .62, .82]
    // Anchor 1: .2, .3, .1, .1 with a zero encoding: [.15, .25, .25, .35].
    // Scores have a background column first (3 columns, num_classes 2), which must not
    // count: anchor 0 scores .99 there but reports class 0 (.7); anchor 1 class 1 (.6).
    const rows = await run(
      {
        anchors: [
          [0.5, 0.5, 0.2, 0.4],
          [0.2, 0.3, 0.1, 0.1],
        ],
        encodings: [
          [1, -2, 0, 5 * Math.LN2, 7, 7],
          [0, 0, 0, 0, 7, 7],
        ],
        scores: [
          [0.99, 0.7, 0.1],
          [0.0, 0.2, 0.6],
        ],
        customOptions: options({ num_classes: 2 }),
        feed: 'encodings',
      },
      3,
    );

    expectClose(rows.boxes, [
      [0.42, 0.02, 0.62, 0.82],
      [0.15, 0.25, 0.25, 0.35],
      [0, 0, 0, 0],
    ]);
    expect(rows.classes).toEqual([0, 1, 0]);
    expectClose(rows.scores, [0.7, 0.6, 0]);
    expect(rows.count).toBe(2);
  });
});

/**
 * Four anchors with zero encodings, so each box is its anchor's corners:
 *   A0 [.3, .3, .7, .7]    A1 [.3, .35, .7, .75]    A2 [.1, .1, .3, .3]    A3 [.7, .7, .9, .9]
 * IoU(A0, A1) = (.4 * .35) / (.16 + .16 - .14) = .14 / .18 = .78 > .5: they overlap.
 * A2 touches A0 only at a corner (IoU 0); A3 lies apart from them all.
 * Scores for classes 0, 1, 2 (no background column), score threshold .3, IoU .5.
 */
const NMS_CASE: Omit<Case, 'customOptions'> = {
  anchors: [
    [0.5, 0.5, 0.4, 0.4],
    [0.5, 0.55, 0.4, 0.4],
    [0.2, 0.2, 0.2, 0.2],
    [0.8, 0.8, 0.2, 0.2],
  ],
  encodings: [
    [0, 0, 0, 0],
    [0, 0, 0, 0],
    [0, 0, 0, 0],
    [0, 0, 0, 0],
  ],
  scores: [
    [0.1, 0.8, 0.5],
    [0.9, 0.7, 0.0],
    [0.0, 0.2, 0.6],
    [0.2, 0.1, 0.0],
  ],
  feed: 'scores',
};
const A0 = [0.3, 0.3, 0.7, 0.7];
const A1 = [0.3, 0.35, 0.7, 0.75];
const A2 = [0.1, 0.1, 0.3, 0.3];
const PAD = [0, 0, 0, 0];

describe('TFLite_Detection_PostProcess fast NMS', () => {
  test('suppresses across classes on each anchor best score', async () => {
    // Best scores: A0 .8 (class 1), A1 .9 (class 0), A2 .6 (class 2), A3 .2 (< .3, out).
    // A1 comes first and suppresses A0 although their classes differ; A2 stays.
    const rows = await run({ ...NMS_CASE, customOptions: options() }, 3);
    expectClose(rows.boxes, [A1, A2, PAD]);
    expect(rows.classes).toEqual([0, 2, 0]);
    expectClose(rows.scores, [0.9, 0.6, 0]);
    expect(rows.count).toBe(2);
  });

  test('reports the top classes of each kept anchor in consecutive rows', async () => {
    // max_classes_per_detection 2 gives 2 * 2 rows. A1: class 0 (.9), class 1 (.7);
    // A2: class 2 (.6), class 1 (.2: second classes are not held to the threshold).
    // num_detections counts anchors, as in TFLite.
    const rows = await run(
      {
        ...NMS_CASE,
        customOptions: options({ max_detections: 2, max_classes_per_detection: 2 }),
      },
      4,
    );
    expectClose(rows.boxes, [A1, A1, A2, A2]);
    expect(rows.classes).toEqual([0, 1, 2, 1]);
    expectClose(rows.scores, [0.9, 0.7, 0.6, 0.2]);
    expect(rows.count).toBe(2);
  });

  test('stops at max_detections', async () => {
    const rows = await run(
      { ...NMS_CASE, customOptions: options({ max_detections: 1 }) },
      1,
    );
    expectClose(rows.boxes, [A1]);
    expect(rows.classes).toEqual([0]);
    expect(rows.count).toBe(1);
  });
});

describe('TFLite_Detection_PostProcess regular NMS', () => {
  test('runs NMS per class, then keeps the best of all classes', async () => {
    // Class 0: A1 .9 only (A3 .2 and A0 .1 are under .3).
    // Class 1: A0 .8, then A1 .7, suppressed by A0 (IoU .78) within the class.
    // Class 2: A2 .6 and A0 .5, no overlap: both kept.
    // Merged by score: A1/0 .9, A0/1 .8, A2/2 .6, A0/2 .5; max_detections 3 drops the last.
    const rows = await run(
      { ...NMS_CASE, customOptions: options({ use_regular_nms: true }) },
      3,
    );
    expectClose(rows.boxes, [A1, A0, A2]);
    expect(rows.classes).toEqual([0, 1, 2]);
    expectClose(rows.scores, [0.9, 0.8, 0.6]);
    expect(rows.count).toBe(3);

    const more = await run(
      {
        ...NMS_CASE,
        customOptions: options({ use_regular_nms: true, max_detections: 5 }),
      },
      5,
    );
    expectClose(more.boxes, [A1, A0, A2, A0, PAD]);
    expect(more.classes).toEqual([0, 1, 2, 2, 0]);
    expectClose(more.scores, [0.9, 0.8, 0.6, 0.5, 0]);
    expect(more.count).toBe(4);
  });

  test('keeps at most detections_per_class of each class', async () => {
    // Class 2 now keeps only A2 (.6); A0's .5 goes.
    const rows = await run(
      {
        ...NMS_CASE,
        customOptions: options({
          use_regular_nms: true,
          max_detections: 5,
          detections_per_class: 1,
        }),
      },
      5,
    );
    expect(rows.classes).toEqual([0, 1, 2, 0, 0]);
    expectClose(rows.scores, [0.9, 0.8, 0.6, 0, 0]);
    expect(rows.count).toBe(3);
  });

  test('skips the background column', async () => {
    // The same scores behind a background column of 1s: the result must not change.
    const scores = NMS_CASE.scores.map((row) => [1, ...row]);
    const rows = await run(
      { ...NMS_CASE, scores, customOptions: options({ use_regular_nms: true }) },
      3,
    );
    expect(rows.classes).toEqual([0, 1, 2]);
    expectClose(rows.scores, [0.9, 0.8, 0.6]);
  });
});

describe('TFLite_Detection_PostProcess in a graph', () => {
  test('LOGISTIC on class logits, then the op, from a .tflite file', async () => {
    // Logits ln(p / (1 - p)) turn back into the NMS case's scores, so the fast NMS
    // result is the one worked out above.
    const logits = NMS_CASE.scores.map((row) =>
      row.map((p) => (p === 0 ? -20 : Math.log(p / (1 - p)))),
    );
    const base = postProcessModel({ ...NMS_CASE, customOptions: options() }, 3);
    const model: ModelDef = {
      ...base,
      tensors: [...base.tensors, { name: 'logits', shape: [1, 4, 3] }],
      operators: [{ op: 'LOGISTIC', inputs: [7], outputs: [1] }, ...base.operators],
      inputs: [7],
    };
    const graph = loadTfliteGraph(writeTflite(model));
    expect(graph.outputs.map((spec) => spec.name)).toEqual([
      'TFLite_Detection_PostProcess',
      'TFLite_Detection_PostProcess:1',
      'TFLite_Detection_PostProcess:2',
      'TFLite_Detection_PostProcess:3',
    ]);
    graph.dispose();

    const rows = await runModel(model, logits);
    expectClose(rows.boxes, [A1, A2, PAD]);
    expect(rows.classes).toEqual([0, 2, 0]);
    expectClose(rows.scores, [0.9, 0.6, 0]);
    expect(rows.count).toBe(2);
  });

  test('runs leak no tensors', async () => {
    const graph = loadTfliteGraph(
      writeTflite(postProcessModel({ ...NMS_CASE, customOptions: options() }, 3)),
    );
    const input = tf.tensor([NMS_CASE.scores]);
    tf.dispose(await graph.run(input));
    const settled = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) tf.dispose(await graph.run(input));
    expect(tf.memory().numTensors).toBe(settled);
    input.dispose();
    graph.dispose();
  });

  test('refuses scores whose columns fit num_classes neither with nor without background', () => {
    const model = postProcessModel(
      { ...NMS_CASE, customOptions: options({ num_classes: 1 }) },
      3,
    );
    expect(() => loadTfliteGraph(writeTflite(model))).toThrow(
      'operator 0 (TFLite_Detection_PostProcess): class predictions have 3 columns for ' +
        'num_classes 1; expected 1, or 2 with a background column first',
    );
  });
});

describe('readDetectionPostProcessOptions', () => {
  test('reads a converter-style FlexBuffer map, defaults for the optional keys', () => {
    const bytes = flexbufferOptions({
      max_detections: 25,
      max_classes_per_detection: 1,
      nms_score_threshold: { float: 0.4 },
      nms_iou_threshold: { float: 0.6 },
      num_classes: 90,
      y_scale: { float: 1 },
      x_scale: { float: 1 },
      h_scale: { float: 1 },
      w_scale: { float: 1 },
    });
    expect(readDetectionPostProcessOptions(bytes)).toEqual({
      maxDetections: 25,
      maxClassesPerDetection: 1,
      detectionsPerClass: 100,
      useRegularNms: false,
      scoreThreshold: Math.fround(0.4),
      iouThreshold: Math.fround(0.6),
      numClasses: 90,
      scales: { y: 1, x: 1, h: 1, w: 1 },
    });
  });

  test('reads doubles as well as float32', () => {
    // No value here is exact in float32, so the flatbuffers builder writes every float as
    // a double in 8-byte slots (mixing float32-exact values in would trip a bug of its own).
    const bytes = encode({
      max_detections: 10,
      max_classes_per_detection: 1,
      use_regular_nms: true,
      nms_score_threshold: 0.4,
      nms_iou_threshold: 0.6,
      num_classes: 2,
      y_scale: 10.1,
      x_scale: 10.1,
      h_scale: 5.1,
      w_scale: 5.1,
    });
    const read = readDetectionPostProcessOptions(bytes);
    expect(read.scoreThreshold).toBe(0.4);
    expect(read.useRegularNms).toBe(true);
    expect(read.scales).toEqual({ y: 10.1, x: 10.1, h: 5.1, w: 5.1 });
  });

  test('names a missing or bad option', () => {
    expect(() => readDetectionPostProcessOptions(null)).toThrow(TfliteFormatError);
    const partial = flexbufferOptions({ max_detections: 1 });
    expect(() => readDetectionPostProcessOptions(partial)).toThrow(
      'corrupt TFLite file: TFLite_Detection_PostProcess: ' +
        'option "max_classes_per_detection" is missing',
    );
    expect(() =>
      readDetectionPostProcessOptions(options({ nms_iou_threshold: { float: 0 } })),
    ).toThrow('option "nms_iou_threshold" must be in (0, 1], got 0');
    expect(() => readDetectionPostProcessOptions(options({ max_detections: 0 }))).toThrow(
      'option "max_detections" must be a positive integer, got 0',
    );
  });
});
