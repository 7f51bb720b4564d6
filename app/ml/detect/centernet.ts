import type * as tf from '@tensorflow/tfjs';

import type { LoadedGraph } from '../graph';
import { COCO_LABELS } from './coco_labels';
import {
  resolveDetectOptions,
  type Detector,
  type DetectorFamily,
  type DetectOptions,
} from './detection';
import { imageSize, resizeToBatch } from './image_input';
import type { ScoredBox } from './nms';
import { finishDetections } from './postprocess';

/** The graph output holding the decoded detections, [1, K, 6]. */
export const CENTERNET_DETECTIONS = 'tower_0/detections';

/** Input side in pixels when the graph does not fix it. */
const DEFAULT_INPUT_SIZE = 512;

/**
 * Reads CenterNet's decoded output, rows of `x1, y1, x2, y2, score, class` with corners
 * in input pixels and class an index into the labels, into candidates in original image
 * pixels. `scaleX` and `scaleY` are image size over input size.
 */
export function decodeCenterNetRows(
  rows: ArrayLike<number>,
  scaleX: number,
  scaleY: number,
): ScoredBox[] {
  if (rows.length % 6 !== 0) {
    throw new Error(
      `CenterNet detections must be rows of 6 values, got ${rows.length} values`,
    );
  }

  const candidates: ScoredBox[] = [];
  for (let i = 0; i < rows.length; i += 6) {
    candidates.push({
      box: {
        x1: rows[i] * scaleX,
        y1: rows[i + 1] * scaleY,
        x2: rows[i + 2] * scaleX,
        y2: rows[i + 3] * scaleY,
      },
      score: rows[i + 4],
      classId: Math.round(rows[i + 5]),
    });
  }
  return candidates;
}

/** True when a graph's outputs are those of the CenterNet export. */
export function isCenterNetGraph(outputNames: readonly string[]): boolean {
  return outputNames.includes(CENTERNET_DETECTIONS);
}

/**
 * A detector over the CenterNet (MobileNetV3) tfjs graph: input `tower_0/images`
 * [1, 512, 512, 3] float32 RGB 0..255, the photo stretched to it without letterbox.
 * The graph picks its top 100 heat-map peaks (a 3x3 max-pool stands in for NMS), so
 * overlapping boxes of one class do occur; the studio's NMS removes them when
 * `iouThreshold` < 1.
 */
export function createCenterNetDetector(
  graph: LoadedGraph,
  labels: readonly string[] = COCO_LABELS,
): Detector {
  if (!isCenterNetGraph(graph.outputs.map((spec) => spec.name))) {
    throw new Error(`not a CenterNet graph: it has no output "${CENTERNET_DETECTIONS}"`);
  }
  const [, specHeight, specWidth] = graph.inputs[0]?.shape ?? [];
  const inputHeight = specHeight > 0 ? specHeight : DEFAULT_INPUT_SIZE;
  const inputWidth = specWidth > 0 ? specWidth : DEFAULT_INPUT_SIZE;

  async function detect(image: tf.Tensor3D, options?: Partial<DetectOptions>) {
    const resolved = resolveDetectOptions(options);
    const [height, width] = imageSize(image);

    const batch = resizeToBatch(image, inputHeight, inputWidth);
    let outputs: tf.Tensor[];
    try {
      outputs = await graph.run(batch, [CENTERNET_DETECTIONS]);
    } finally {
      batch.dispose();
    }
    let rows: ArrayLike<number>;
    try {
      rows = await outputs[0].data();
    } finally {
      for (const output of outputs) output.dispose();
    }

    const candidates = decodeCenterNetRows(
      rows,
      width / inputWidth,
      height / inputHeight,
    );
    return finishDetections(candidates, resolved, labels, width, height);
  }

  return {
    family: centerNetFamily.name,
    labels,
    inputSize: [inputHeight, inputWidth],
    detect,
    dispose: () => graph.dispose(),
  };
}

export const centerNetFamily: DetectorFamily = {
  name: 'centernet',
  matches: isCenterNetGraph,
  create: createCenterNetDetector,
};
