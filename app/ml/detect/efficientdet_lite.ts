import * as tf from '@tensorflow/tfjs';

import type { LoadedGraph } from '../graph';
import {
  DETECTION_POSTPROCESS_CODE,
  type DetectionPostProcessOptions,
  readDetectionPostProcessOptions,
  type TfliteGraph,
} from '../tflite';
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

/**
 * The four outputs of a TFLite detector's `TFLite_Detection_PostProcess` op by their
 * role, as tensor names of the graph, with the op's options. The roles follow the op's
 * output order; the graph's own output list may be in any order and names vary
 * (`StatefulPartitionedCall:0..3`, `TFLite_Detection_PostProcess:1..3`).
 */
export interface PostProcessBinding {
  boxes: string;
  classes: string;
  scores: string;
  count: string;
  options: DetectionPostProcessOptions;
}

/** Finds the post-process op of a TFLite graph; null for any other graph. */
export function findPostProcess(graph: LoadedGraph): PostProcessBinding | null {
  if (graph.format !== 'tflite' || !('model' in graph)) return null;
  const { model } = graph as TfliteGraph;
  const subgraph = model.subgraphs[0];
  const op = subgraph.operators.find(
    (candidate) =>
      model.operatorCodes[candidate.opcodeIndex].name === DETECTION_POSTPROCESS_CODE,
  );
  if (op === undefined || op.outputs.length !== 4) return null;

  const [boxes, classes, scores, count] = op.outputs.map((i) => subgraph.tensors[i].name);
  const options = readDetectionPostProcessOptions(op.customOptions);
  return { boxes, classes, scores, count, options };
}

/** Label lines that stand for unused class ids, as `???` does in COCO label maps. */
function isPlaceholder(label: string): boolean {
  return /^\?*$/.test(label.trim());
}

/** How the post-process op's class indices become the detector's labels. */
export interface ClassMapping {
  /** The detector's labels, placeholders left out. */
  labels: string[];
  /** Index into `labels` of each class index of the graph, -1 for unused ones. */
  labelIndex: Int32Array;
}

/**
 * Maps the op's 0-based class indices to labels. A label file is read line by line:
 * class i is line i, as in Google's EfficientDet-Lite files, whose 90-line COCO label
 * map keeps `???` on the ten unused ids; those lines are dropped from the labels and
 * their classes from the results, leaving COCO's 80 classes in their usual order. A
 * file shorter than `numClasses` gets `class i` names for the rest. Without labels, 90
 * classes are read as COCO category ids 1..90 and 80 as COCO's 80 classes.
 */
export function mapPostProcessClasses(
  numClasses: number,
  labels?: readonly string[],
): ClassMapping {
  const labelIndex = new Int32Array(numClasses).fill(-1);
  if (labels === undefined && (numClasses === 90 || numClasses === 80)) {
    for (let i = 0; i < numClasses; i++) {
      labelIndex[i] = numClasses === 80 ? i : cocoIndexOfCategoryId(i + 1);
    }
    return { labels: [...COCO_LABELS], labelIndex };
  }

  const kept: string[] = [];
  for (let i = 0; i < numClasses; i++) {
    const label = labels?.[i] ?? `class ${i}`;
    if (isPlaceholder(label)) continue;
    labelIndex[i] = kept.length;
    kept.push(label);
  }
  return { labels: kept, labelIndex };
}

/** The post-process op's outputs read back to the CPU, batch of one. */
export interface PostProcessOutputs {
  /** [R * 4]: ymin, xmin, ymax, xmax, normalised 0..1 to the image fed. */
  boxes: ArrayLike<number>;
  /** [R]: 0-based class indices. */
  classes: ArrayLike<number>;
  /** [R], 0..1. */
  scores: ArrayLike<number>;
  /** num_detections: rows with regular NMS, anchors with fast NMS. */
  count: number;
}

/**
 * Decodes the post-process op's rows into candidates in original image pixels. The
 * image is only ever stretched to the input, so normalised corners times the original
 * size are original pixels. With fast NMS each counted anchor fills
 * `maxClassesPerDetection` rows, of which the first `min(that, numClasses)` are real.
 */
export function decodePostProcessOutputs(
  outputs: PostProcessOutputs,
  options: DetectionPostProcessOptions,
  mapping: ClassMapping,
  imageWidth: number,
  imageHeight: number,
): ScoredBox[] {
  const rowCount = outputs.scores.length;
  if (outputs.boxes.length !== rowCount * 4 || outputs.classes.length !== rowCount) {
    throw new Error(
      `detection outputs disagree: ${outputs.boxes.length / 4} boxes, ` +
        `${rowCount} scores, ${outputs.classes.length} classes`,
    );
  }
  const rows: number[] = [];
  if (options.useRegularNms) {
    for (let row = 0; row < Math.min(outputs.count, rowCount); row++) rows.push(row);
  } else {
    const perAnchor = Math.min(options.maxClassesPerDetection, options.numClasses);
    for (let anchor = 0; anchor < outputs.count; anchor++) {
      for (let col = 0; col < perAnchor; col++) {
        const row = anchor * options.maxClassesPerDetection + col;
        if (row < rowCount) rows.push(row);
      }
    }
  }

  const candidates: ScoredBox[] = [];
  for (const row of rows) {
    const classId = mapping.labelIndex[Math.round(outputs.classes[row])] ?? -1;
    if (classId < 0) continue;
    candidates.push({
      box: boxFromNormalizedYxyx(outputs.boxes, row, imageWidth, imageHeight),
      score: outputs.scores[row],
      classId,
    });
  }
  return candidates;
}

/**
 * A detector over a TFLite SSD-style graph ending in `TFLite_Detection_PostProcess`, as
 * Google's EfficientDet-Lite0..4 files and Model Maker's exports are: a fixed input
 * [1, H, W, 3], uint8 RGB 0..255 (fed as it is) or float32 (normalised as the file's
 * metadata says, else fed 0..255), the photo stretched to it without letterbox. Labels
 * default to the file's own label map, else COCO's.
 */
export function createEfficientDetLiteDetector(
  graph: LoadedGraph,
  labels?: readonly string[],
): Detector {
  const binding = findPostProcess(graph);
  if (binding === null) {
    throw new Error(
      `not a TFLite SSD detector: the graph has no ${DETECTION_POSTPROCESS_CODE} op`,
    );
  }
  const input = graph.inputs[0];
  const [batch, inputHeight, inputWidth, channels] = input.shape;
  if (input.shape.length !== 4 || batch > 1 || !(inputHeight > 0 && inputWidth > 0)) {
    throw new Error(
      `a TFLite SSD detector needs a fixed input [1, H, W, 3], this one is [${input.shape}]`,
    );
  }
  if (channels !== 3) {
    throw new Error(
      `a TFLite SSD detector takes RGB, this input has ${channels} channels`,
    );
  }
  const takesFloat = input.dtype.startsWith('float');
  const normalization = graph.description.normalization;
  const mapping = mapPostProcessClasses(
    binding.options.numClasses,
    labels ?? graph.description.labels,
  );
  const outputNames = [binding.boxes, binding.classes, binding.scores, binding.count];
  const postProcess = binding.options;

  // Limitation: a float input without metadata normalisation is fed pixels 0..255; a
  // file that wants another range and says nothing needs the range given by the caller.
  function prepare(image: tf.Tensor3D): tf.Tensor4D {
    return tf.tidy(() => {
      const resized = resizeToBatch(image, inputHeight, inputWidth);
      if (!takesFloat) return tf.round(resized);
      if (!normalization) return resized;
      return tf.div(
        tf.sub(resized, normalization.mean),
        normalization.std,
      ) as tf.Tensor4D;
    });
  }

  async function detect(image: tf.Tensor3D, options?: Partial<DetectOptions>) {
    const resolved = resolveDetectOptions(options);
    const [height, width] = imageSize(image);

    const fed = prepare(image);
    let outputs: tf.Tensor[];
    try {
      outputs = await graph.run(fed, outputNames);
    } finally {
      fed.dispose();
    }
    let values: ArrayLike<number>[];
    try {
      values = await Promise.all(outputs.map((output) => output.data()));
    } finally {
      for (const output of outputs) output.dispose();
    }

    const [boxes, classes, scores, count] = values;
    const candidates = decodePostProcessOutputs(
      { boxes, classes, scores, count: count[0] },
      postProcess,
      mapping,
      width,
      height,
    );
    return finishDetections(candidates, resolved, mapping.labels, width, height);
  }

  return {
    family: efficientDetLiteFamily.name,
    labels: mapping.labels,
    inputSize: [inputHeight, inputWidth],
    detect,
    dispose: () => graph.dispose(),
  };
}

/** The names TFLite gives the post-process op's outputs when nothing renames them. */
const POSTPROCESS_OUTPUT_NAMES = [
  DETECTION_POSTPROCESS_CODE,
  `${DETECTION_POSTPROCESS_CODE}:1`,
  `${DETECTION_POSTPROCESS_CODE}:2`,
  `${DETECTION_POSTPROCESS_CODE}:3`,
];

export const efficientDetLiteFamily: DetectorFamily = {
  name: 'efficientdet-lite',
  // By names alone only the op's default output names tell; a loaded graph is told by
  // the op itself, whatever its outputs are called.
  matches: (outputNames) =>
    POSTPROCESS_OUTPUT_NAMES.every((n) => outputNames.includes(n)),
  matchesGraph: (graph) => findPostProcess(graph) !== null,
  create: createEfficientDetLiteDetector,
};
