import * as tf from '@tensorflow/tfjs';

import type { LoadedGraph } from '../graph';
import { boxFromNormalizedYxyx } from './box';
import { COCO_LABELS, cocoIndexOfCategoryId } from './coco_labels';
import {
  resolveDetectOptions,
  type Detector,
  type DetectorFamily,
  type DetectOptions,
} from './detection';
import { imageSize, resizeToBatch } from './image_input';
import type { ScoredBox } from './nms';
import { finishDetections } from './postprocess';

/** Output names of a TensorFlow Object Detection API export (signature keys). */
export const OD_API_OUTPUTS = {
  boxes: 'detection_boxes',
  scores: 'detection_scores',
  classes: 'detection_classes',
  count: 'num_detections',
} as const;

/** The single output of an AutoML EfficientDet export, [1, N, 7]. */
export const AUTOML_DETECTIONS = 'detections';

/**
 * How a graph numbers its classes. `coco-category`: COCO's own category ids 1..90 (with
 * gaps), which both TensorFlow EfficientDet exports report for COCO-trained models;
 * mapped onto the 80 contiguous COCO classes, unused ids dropped. `one-based`: 1 is the
 * first label, as in a model fine-tuned on the user's own label list.
 */
export type ClassNumbering = 'coco-category' | 'one-based';

/** The Object Detection API's four outputs, read back to the CPU, batch of one. */
export interface OdApiOutputs {
  /** [N * 4]: ymin, xmin, ymax, xmax, normalised 0..1 to the image fed. */
  boxes: ArrayLike<number>;
  /** [N], 0..1, falling. */
  scores: ArrayLike<number>;
  /** [N], float-valued class ids. */
  classes: ArrayLike<number>;
  /** Valid rows; the rest are padding. All N when absent. */
  count?: number;
}

/** Index into the labels of a graph's class id, or -1 when the id names no class. */
function classIndex(id: number, numbering: ClassNumbering): number {
  const rounded = Math.round(id);
  return numbering === 'coco-category' ? cocoIndexOfCategoryId(rounded) : rounded - 1;
}

/**
 * Decodes Object Detection API outputs into candidates in original image pixels. The
 * boxes are normalised to the image fed, and the image is only ever stretched to the
 * input, so normalised corners times the original size are original pixels.
 */
export function decodeOdApiOutputs(
  outputs: OdApiOutputs,
  imageWidth: number,
  imageHeight: number,
  numbering: ClassNumbering,
): ScoredBox[] {
  const rowCount = outputs.scores.length;
  if (outputs.boxes.length !== rowCount * 4 || outputs.classes.length !== rowCount) {
    throw new Error(
      `detection outputs disagree: ${outputs.boxes.length / 4} boxes, ` +
        `${rowCount} scores, ${outputs.classes.length} classes`,
    );
  }

  const count = Math.min(outputs.count ?? rowCount, rowCount);
  const candidates: ScoredBox[] = [];
  for (let i = 0; i < count; i += 1) {
    const classId = classIndex(outputs.classes[i], numbering);
    if (classId < 0) continue;
    candidates.push({
      box: boxFromNormalizedYxyx(outputs.boxes, i, imageWidth, imageHeight),
      score: outputs.scores[i],
      classId,
    });
  }
  return candidates;
}

/**
 * Decodes the AutoML EfficientDet `detections` rows, `image_id, ymin, xmin, ymax, xmax,
 * score, class` with corners in input pixels, into candidates in original image pixels.
 * `scaleX` and `scaleY` are image size over input size.
 */
export function decodeAutoMlDetections(
  rows: ArrayLike<number>,
  scaleX: number,
  scaleY: number,
  numbering: ClassNumbering,
): ScoredBox[] {
  if (rows.length % 7 !== 0) {
    throw new Error(
      `AutoML detections must be rows of 7 values, got ${rows.length} values`,
    );
  }

  const candidates: ScoredBox[] = [];
  for (let i = 0; i < rows.length; i += 7) {
    const classId = classIndex(rows[i + 6], numbering);
    if (classId < 0) continue;
    candidates.push({
      box: {
        x1: rows[i + 2] * scaleX,
        y1: rows[i + 1] * scaleY,
        x2: rows[i + 4] * scaleX,
        y2: rows[i + 3] * scaleY,
      },
      score: rows[i + 5],
      classId,
    });
  }
  return candidates;
}

/** Names without the `:0` output suffix, as signatures and node names may differ. */
function bareNames(outputNames: readonly string[]): Set<string> {
  return new Set(outputNames.map((name) => name.replace(/:\d+$/, '')));
}

/** True when the outputs are those of an Object Detection API export. */
export function isOdApiGraph(outputNames: readonly string[]): boolean {
  const names = bareNames(outputNames);
  return [OD_API_OUTPUTS.boxes, OD_API_OUTPUTS.scores, OD_API_OUTPUTS.classes].every(
    (n) => names.has(n),
  );
}

/** True when the outputs are those of an AutoML EfficientDet export. */
export function isAutoMlGraph(outputNames: readonly string[]): boolean {
  return bareNames(outputNames).has(AUTOML_DETECTIONS);
}

/** The graph's name for an output, with or without a `:0` suffix. */
function outputName(graph: LoadedGraph, bare: string): string | undefined {
  return graph.outputs
    .map((spec) => spec.name)
    .find((n) => n.replace(/:\d+$/, '') === bare);
}

/** Options of an EfficientDet graph detector. */
export interface EfficientDetGraphOptions {
  /** Class names; COCO's 80 by default. */
  labels?: readonly string[];
  /** `coco-category` by default with COCO labels, `one-based` with the user's own. */
  numbering?: ClassNumbering;
}

/**
 * A detector over an EfficientDet D0..D7 tfjs graph exported from TensorFlow, either by
 * the Object Detection API (four `detection_*` outputs) or by AutoML (`detections`).
 * Both take uint8 RGB 0..255 (fed as int32); a fixed input size gets the photo stretched
 * to it, a dynamic one gets it as it is. Both exports run their own NMS in the graph.
 */
// Limitation: a graph whose outputs were renamed on conversion (e.g. to `Identity_1`)
// without a signature is not recognised; it would take matching outputs by shape.
export function createEfficientDetGraphDetector(
  graph: LoadedGraph,
  options: EfficientDetGraphOptions = {},
): Detector {
  const names = graph.outputs.map((spec) => spec.name);
  const odApi = isOdApiGraph(names);
  if (!odApi && !isAutoMlGraph(names)) {
    throw new Error(`not an EfficientDet export: outputs are ${names.join(', ')}`);
  }
  const labels = options.labels ?? COCO_LABELS;
  const isCoco =
    labels.length === COCO_LABELS.length &&
    labels.every((name, i) => name === COCO_LABELS[i]);
  const numbering = options.numbering ?? (isCoco ? 'coco-category' : 'one-based');

  const input = graph.inputs[0];
  const [, specHeight, specWidth] = input?.shape ?? [];
  const fixedSize: [number, number] | null =
    specHeight > 0 && specWidth > 0 ? [specHeight, specWidth] : null;
  const wantsIntegers = input !== undefined && input.dtype !== 'float32';

  function prepare(image: tf.Tensor3D, height: number, width: number): tf.Tensor4D {
    const [inputHeight, inputWidth] = fixedSize ?? [height, width];
    return tf.tidy(() => {
      const batch = resizeToBatch(image, inputHeight, inputWidth);
      return wantsIntegers ? tf.cast(tf.round(batch), 'int32') : batch;
    });
  }

  async function run(batch: tf.Tensor, outputNames: string[]): Promise<Float32Array[]> {
    let outputs: tf.Tensor[];
    try {
      outputs = await graph.run(batch, outputNames);
    } finally {
      batch.dispose();
    }
    try {
      return await Promise.all(
        outputs.map(async (t) => Float32Array.from(await t.data())),
      );
    } finally {
      for (const output of outputs) output.dispose();
    }
  }

  async function detect(image: tf.Tensor3D, detectOptions?: Partial<DetectOptions>) {
    const resolved = resolveDetectOptions(detectOptions);
    const [height, width] = imageSize(image);
    const batch = prepare(image, height, width);

    let candidates: ScoredBox[];
    if (odApi) {
      const wanted = [
        OD_API_OUTPUTS.boxes,
        OD_API_OUTPUTS.scores,
        OD_API_OUTPUTS.classes,
      ];
      const countName = outputName(graph, OD_API_OUTPUTS.count);
      const outputNames = wanted.map((n) => outputName(graph, n) as string);
      if (countName) outputNames.push(countName);
      const [boxes, scores, classes, count] = await run(batch, outputNames);
      candidates = decodeOdApiOutputs(
        { boxes, scores, classes, count: count ? count[0] : undefined },
        width,
        height,
        numbering,
      );
    } else {
      const [rows] = await run(batch, [outputName(graph, AUTOML_DETECTIONS) as string]);
      const [inputHeight, inputWidth] = fixedSize ?? [height, width];
      const [scaleX, scaleY] = [width / inputWidth, height / inputHeight];
      candidates = decodeAutoMlDetections(rows, scaleX, scaleY, numbering);
    }
    return finishDetections(candidates, resolved, labels, width, height);
  }

  return {
    family: odApi ? odApiFamily.name : autoMlFamily.name,
    labels,
    inputSize: fixedSize,
    detect,
    dispose: () => graph.dispose(),
  };
}

export const odApiFamily: DetectorFamily = {
  name: 'efficientdet-od-api',
  matches: isOdApiGraph,
  create: (graph, labels) => createEfficientDetGraphDetector(graph, { labels }),
};

export const autoMlFamily: DetectorFamily = {
  name: 'efficientdet-automl',
  matches: isAutoMlGraph,
  create: (graph, labels) => createEfficientDetGraphDetector(graph, { labels }),
};
