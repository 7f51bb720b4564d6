import * as tf from '@tensorflow/tfjs';

import { TfliteFormatError } from '../errors';
import { type FlexValue, readFlexbufferMap } from '../flexbuffer';
import { expectInputs, type OpContext, type OpDefinition } from './op';

/** The `custom_code` of the SSD post-process op that TFLite detectors end with. */
export const DETECTION_POSTPROCESS_CODE = 'TFLite_Detection_PostProcess';

/** What TFLite assumes when a file leaves `detections_per_class` out. */
const DEFAULT_DETECTIONS_PER_CLASS = 100;

/** The op's `custom_options`, a FlexBuffer map, with TFLite's names in comments. */
export interface DetectionPostProcessOptions {
  /** `max_detections`: anchors kept after NMS. */
  maxDetections: number;
  /** `max_classes_per_detection`: classes reported per kept anchor (fast NMS). */
  maxClassesPerDetection: number;
  /** `detections_per_class`: anchors kept per class (regular NMS), 100 by default. */
  detectionsPerClass: number;
  /** `use_regular_nms`: NMS per class rather than once on each anchor's best score. */
  useRegularNms: boolean;
  /** `nms_score_threshold`: candidates scoring below it are dropped, 0..1. */
  scoreThreshold: number;
  /** `nms_iou_threshold`: a box overlapping a kept one by more than this is dropped. */
  iouThreshold: number;
  /** `num_classes`: classes without the background column. */
  numClasses: number;
  /** `y_scale`, `x_scale`, `h_scale`, `w_scale`: the box coder's divisors. */
  scales: { y: number; x: number; h: number; w: number };
}

/**
 * Reads and checks the post-process op's FlexBuffer options. Throws `TfliteFormatError`
 * naming the option that is missing or out of range.
 */
export function readDetectionPostProcessOptions(
  bytes: Uint8Array | null,
  where = DETECTION_POSTPROCESS_CODE,
): DetectionPostProcessOptions {
  const corrupt = (message: string) =>
    new TfliteFormatError(`corrupt TFLite file: ${where}: ${message}`);
  if (bytes === null || bytes.byteLength === 0)
    throw corrupt('custom options are missing');
  const map = readFlexbufferMap(bytes, `${where} custom options`);

  const number = (key: string, fallback?: number): number => {
    const value: FlexValue | undefined = map[key];
    if ((value === undefined || value === null) && fallback !== undefined)
      return fallback;
    if (typeof value === 'number') return value;
    if (typeof value === 'boolean') return value ? 1 : 0;
    throw corrupt(
      `option "${key}" is ${value === undefined ? 'missing' : 'not a number'}`,
    );
  };
  const positiveInt = (key: string, fallback?: number): number => {
    const value = Math.trunc(number(key, fallback));
    if (!(value > 0))
      throw corrupt(`option "${key}" must be a positive integer, got ${value}`);
    return value;
  };
  const scale = (key: string): number => {
    const value = number(key);
    if (!(value !== 0 && Number.isFinite(value))) {
      throw corrupt(`option "${key}" must be a finite non-zero number, got ${value}`);
    }
    return value;
  };

  const options: DetectionPostProcessOptions = {
    maxDetections: positiveInt('max_detections'),
    maxClassesPerDetection: positiveInt('max_classes_per_detection'),
    detectionsPerClass: positiveInt('detections_per_class', DEFAULT_DETECTIONS_PER_CLASS),
    useRegularNms: number('use_regular_nms', 0) !== 0,
    scoreThreshold: number('nms_score_threshold'),
    iouThreshold: number('nms_iou_threshold'),
    numClasses: positiveInt('num_classes'),
    scales: {
      y: scale('y_scale'),
      x: scale('x_scale'),
      h: scale('h_scale'),
      w: scale('w_scale'),
    },
  };
  if (!(options.iouThreshold > 0 && options.iouThreshold <= 1)) {
    throw corrupt(
      `option "nms_iou_threshold" must be in (0, 1], got ${options.iouThreshold}`,
    );
  }
  return options;
}

/**
 * Decodes SSD box encodings against their anchors into corners, normalised to the image
 * fed. Each encoding is `ty, tx, th, tw` (further values, such as keypoints, are skipped)
 * and each anchor `ycenter, xcenter, h, w`:
 * `ycenter = ty / y_scale * anchor_h + anchor_y`, `h = exp(th / h_scale) * anchor_h`,
 * x and w alike. Returns `ymin, xmin, ymax, xmax` per anchor, in float32 as TFLite does.
 */
export function decodeCenterSizeBoxes(
  encodings: ArrayLike<number>,
  encodingLength: number,
  anchors: ArrayLike<number>,
  scales: DetectionPostProcessOptions['scales'],
): Float32Array {
  const count = anchors.length / 4;
  const boxes = new Float32Array(count * 4);
  for (let i = 0; i < count; i++) {
    const e = i * encodingLength;
    const [anchorY, anchorX, anchorH, anchorW] = [0, 1, 2, 3].map(
      (k) => anchors[i * 4 + k],
    );
    const ycenter = Math.fround((encodings[e] / scales.y) * anchorH + anchorY);
    const xcenter = Math.fround((encodings[e + 1] / scales.x) * anchorW + anchorX);
    const halfH = Math.fround(0.5 * Math.exp(encodings[e + 2] / scales.h) * anchorH);
    const halfW = Math.fround(0.5 * Math.exp(encodings[e + 3] / scales.w) * anchorW);
    boxes[i * 4] = ycenter - halfH;
    boxes[i * 4 + 1] = xcenter - halfW;
    boxes[i * 4 + 2] = ycenter + halfH;
    boxes[i * 4 + 3] = xcenter + halfW;
    if (boxes[i * 4] > boxes[i * 4 + 2] || boxes[i * 4 + 1] > boxes[i * 4 + 3]) {
      throw new Error(
        `anchor ${i} decodes to an inverted box; is its height or width < 0?`,
      );
    }
  }
  return boxes;
}

/** IoU of boxes `i` and `j` of `ymin, xmin, ymax, xmax` rows; 0 when either is empty. */
function boxIou(boxes: Float32Array, i: number, j: number): number {
  const [ay1, ax1, ay2, ax2] = boxes.subarray(i * 4, i * 4 + 4);
  const [by1, bx1, by2, bx2] = boxes.subarray(j * 4, j * 4 + 4);
  const areaA = (ay2 - ay1) * (ax2 - ax1);
  const areaB = (by2 - by1) * (bx2 - bx1);
  if (areaA <= 0 || areaB <= 0) return 0;
  const height = Math.max(Math.min(ay2, by2) - Math.max(ay1, by1), 0);
  const width = Math.max(Math.min(ax2, bx2) - Math.max(ax1, bx1), 0);
  const intersection = height * width;
  return intersection / (areaA + areaB - intersection);
}

/**
 * TFLite's single-class NMS: the anchors scoring at least `scoreThreshold`, visited by
 * falling score (ties in anchor order), each kept unless a kept one overlaps it by IoU
 * above `iouThreshold`. Returns at most `maxOutput` anchor indices, best first.
 */
function suppress(
  scores: ArrayLike<number>,
  boxes: Float32Array,
  scoreThreshold: number,
  iouThreshold: number,
  maxOutput: number,
): number[] {
  const candidates: number[] = [];
  for (let i = 0; i < scores.length; i++)
    if (scores[i] >= scoreThreshold) candidates.push(i);
  candidates.sort((a, b) => scores[b] - scores[a] || a - b);

  const kept: number[] = [];
  const active = new Uint8Array(candidates.length).fill(1);
  for (let i = 0; i < candidates.length && kept.length < maxOutput; i++) {
    if (!active[i]) continue;
    kept.push(candidates[i]);
    for (let j = i + 1; j < candidates.length; j++) {
      if (active[j] && boxIou(boxes, candidates[i], candidates[j]) > iouThreshold) {
        active[j] = 0;
      }
    }
  }
  return kept;
}

/** The op's four outputs on the host: rows of box, class and score, and the count. */
export interface PostProcessRows {
  /** [rows * 4]: ymin, xmin, ymax, xmax, normalised; padding rows are zero. */
  boxes: Float32Array;
  /** [rows]: 0-based class index, background column excluded. */
  classes: Float32Array;
  /** [rows]. */
  scores: Float32Array;
  /** Detections written; with fast NMS, anchors kept (each fills maxClassesPerDetection rows). */
  count: number;
}

function emptyRows(options: DetectionPostProcessOptions): PostProcessRows {
  const rows = options.maxDetections * options.maxClassesPerDetection;
  return {
    boxes: new Float32Array(rows * 4),
    classes: new Float32Array(rows),
    scores: new Float32Array(rows),
    count: 0,
  };
}

function writeRow(
  out: PostProcessRows,
  row: number,
  boxes: Float32Array,
  anchor: number,
  classId: number,
  score: number,
): void {
  out.boxes.set(boxes.subarray(anchor * 4, anchor * 4 + 4), row * 4);
  out.classes[row] = classId;
  out.scores[row] = score;
}

/**
 * Fast NMS, TFLite's default: one class-agnostic NMS on each anchor's best class score;
 * each kept anchor then reports its top `maxClassesPerDetection` classes in consecutive
 * rows. `topScores` and `topClasses` hold each anchor's best `k` classes, best first.
 */
export function fastNmsRows(
  topScores: ArrayLike<number>,
  topClasses: ArrayLike<number>,
  k: number,
  boxes: Float32Array,
  options: DetectionPostProcessOptions,
): PostProcessRows {
  const anchors = boxes.length / 4;
  const best = new Float32Array(anchors);
  for (let i = 0; i < anchors; i++) best[i] = topScores[i * k];
  const kept = suppress(
    best,
    boxes,
    options.scoreThreshold,
    options.iouThreshold,
    options.maxDetections,
  );

  const out = emptyRows(options);
  kept.forEach((anchor, n) => {
    for (let col = 0; col < k; col++) {
      const row = n * options.maxClassesPerDetection + col;
      const at = anchor * k + col;
      writeRow(out, row, boxes, anchor, topClasses[at], topScores[at]);
    }
  });
  out.count = kept.length;
  return out;
}

/**
 * Regular NMS: NMS per class over every anchor, keeping `detectionsPerClass` per class,
 * then the best `maxDetections` of all classes by falling score (ties: lower class first).
 * `scores` holds `columns` values per anchor, the classes starting at `labelOffset`.
 */
export function regularNmsRows(
  scores: ArrayLike<number>,
  columns: number,
  labelOffset: number,
  boxes: Float32Array,
  options: DetectionPostProcessOptions,
): PostProcessRows {
  const anchors = boxes.length / 4;
  const classScores = new Float32Array(anchors);
  let best: { anchor: number; classId: number; score: number }[] = [];
  for (let classId = 0; classId < options.numClasses; classId++) {
    for (let i = 0; i < anchors; i++) {
      classScores[i] = scores[i * columns + labelOffset + classId];
    }
    const kept = suppress(
      classScores,
      boxes,
      options.scoreThreshold,
      options.iouThreshold,
      options.detectionsPerClass,
    );
    const found = kept.map((anchor) => ({ anchor, classId, score: classScores[anchor] }));
    best = [...best, ...found]
      .sort((a, b) => b.score - a.score)
      .slice(0, options.maxDetections);
  }

  const out = emptyRows(options);
  best.forEach(({ anchor, classId, score }, row) =>
    writeRow(out, row, boxes, anchor, classId, score),
  );
  out.count = best.length;
  return out;
}

/** Dimensions the file declares, -1 where a size is fixed only at run time. */
function declaredShape(context: OpContext, input: number): number[] {
  const tensor = context.inputs[input]!;
  return tensor.shapeSignature ?? tensor.shape;
}

/**
 * `TFLite_Detection_PostProcess`: decodes SSD box encodings [1, N, 4+] against constant
 * anchors [N, 4] and runs NMS on class scores [1, N, numClasses (+1 background first)],
 * giving detection_boxes [1, R, 4] (ymin, xmin, ymax, xmax, normalised), detection_classes
 * [1, R] (0-based, background excluded), detection_scores [1, R] and num_detections [1],
 * all float32 with R = max_detections * max_classes_per_detection and zero padding rows.
 * It reads scores back to the CPU, so it is async.
 */
// Limitation: batch 1 only, as in TFLite itself.
export const detectionPostProcess: OpDefinition = {
  async: true,
  compile(context) {
    expectInputs(context, 3);
    if (context.outputs.length !== 4) {
      throw context.fail(`expects 4 outputs, the file gives ${context.outputs.length}`);
    }
    const where = `operator ${context.operatorIndex} (${context.opName})`;
    const options = readDetectionPostProcessOptions(context.customOptions, where);

    const anchorTensor = context.constant(2);
    if (anchorTensor.shape.length !== 2 || anchorTensor.shape[1] !== 4) {
      throw context.fail(
        `anchors must be [N, 4], the file gives [${anchorTensor.shape}]`,
      );
    }
    const anchorCount = anchorTensor.shape[0];
    const anchors = Float32Array.from(anchorTensor.values);
    const [, boxCount, encodingLength] = declaredShape(context, 0);
    const [, scoreCount, columns] = declaredShape(context, 1);
    checkShapes(context.fail, anchorCount, options.numClasses, {
      boxCount,
      encodingLength,
      scoreCount,
      columns,
    });

    const encodings = context.operand(0);
    const classPredictions = context.operand(1);
    return async (inputs) => {
      const boxInput = encodings(inputs);
      const scoreInput = classPredictions(inputs);
      if (boxInput.rank !== 3 || scoreInput.rank !== 3) {
        throw new Error(
          `box encodings and class predictions must be [1, N, k], got ` +
            `[${boxInput.shape}] and [${scoreInput.shape}]`,
        );
      }
      if (boxInput.shape[0] !== 1 || scoreInput.shape[0] !== 1) {
        throw new Error(`only a batch of 1 is supported, got ${boxInput.shape[0]}`);
      }
      const [, boxCount, encodingLength] = boxInput.shape as number[];
      const [, scoreCount, columns] = scoreInput.shape as number[];
      checkShapes((message) => new Error(message), anchorCount, options.numClasses, {
        boxCount,
        encodingLength,
        scoreCount,
        columns,
      });

      const labelOffset = columns - options.numClasses;
      const encodingValues = await boxInput.data();
      const { scales } = options;
      const boxes = decodeCenterSizeBoxes(
        encodingValues,
        encodingLength,
        anchors,
        scales,
      );
      const rows = options.useRegularNms
        ? regularNmsRows(await scoreInput.data(), columns, labelOffset, boxes, options)
        : await fastNms(scoreInput, labelOffset, boxes, options);

      const count = rows.scores.length;
      return [
        tf.tensor3d(rows.boxes, [1, count, 4]),
        tf.tensor2d(rows.classes, [1, count]),
        tf.tensor2d(rows.scores, [1, count]),
        tf.tensor1d([rows.count]),
      ];
    };
  },
};

/** Picks each anchor's top classes on the device, so only those come back to the CPU. */
async function fastNms(
  scoreInput: tf.Tensor,
  labelOffset: number,
  boxes: Float32Array,
  options: DetectionPostProcessOptions,
): Promise<PostProcessRows> {
  const k = Math.min(options.maxClassesPerDetection, options.numClasses);
  const [values, indices] = tf.tidy(() => {
    const [, anchors, columns] = scoreInput.shape as number[];
    const classScores = tf.slice(
      tf.reshape(scoreInput, [anchors, columns]),
      [0, labelOffset],
      [anchors, options.numClasses],
    );
    const top = tf.topk(classScores, k);
    return [top.values, top.indices];
  });
  try {
    const [topScores, topClasses] = await Promise.all([values.data(), indices.data()]);
    return fastNmsRows(topScores, topClasses, k, boxes, options);
  } finally {
    tf.dispose([values, indices]);
  }
}

/** Checks that encodings, scores and anchors agree; -1 (a run-time size) passes. */
function checkShapes(
  fail: (message: string) => Error,
  anchorCount: number,
  numClasses: number,
  shapes: Record<
    'boxCount' | 'encodingLength' | 'scoreCount' | 'columns',
    number | undefined
  >,
): void {
  const { boxCount, encodingLength, scoreCount, columns } = shapes;
  const known = (n: number | undefined): n is number => n !== undefined && n >= 0;
  if (known(boxCount) && boxCount !== anchorCount) {
    throw fail(`${boxCount} box encodings for ${anchorCount} anchors`);
  }
  if (known(scoreCount) && scoreCount !== anchorCount) {
    throw fail(`${scoreCount} rows of class predictions for ${anchorCount} anchors`);
  }
  if (known(encodingLength) && encodingLength < 4) {
    throw fail(`box encodings need at least 4 values per anchor, got ${encodingLength}`);
  }
  if (known(columns) && columns !== numClasses && columns !== numClasses + 1) {
    throw fail(
      `class predictions have ${columns} columns for num_classes ${numClasses}; ` +
        `expected ${numClasses}, or ${numClasses + 1} with a background column first`,
    );
  }
}
