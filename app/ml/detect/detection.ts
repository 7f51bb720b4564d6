import type * as tf from '@tensorflow/tfjs';
import type { LoadedGraph } from '../graph';

/** An axis-aligned box by its corners, x to the right and y down; units set by the user. */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** One object found in an image. */
export interface Detection {
  /** Corners in pixels of the original image the caller passed in. */
  box: Box;
  /** Confidence, 0..1. */
  score: number;
  /** Index into the detector's `labels`. */
  classId: number;
  label: string;
}

/** One annotated object of an image, as a dataset gives it. */
export interface GroundTruthBox {
  /** Corners in pixels of the original image. */
  box: Box;
  classId: number;
}

/** What a caller may ask of one detection pass. */
export interface DetectOptions {
  /** Detections scoring below this (0..1) are dropped. */
  scoreThreshold: number;
  /**
   * Non-max suppression drops a box whose IoU with a higher-scoring box of the same class
   * exceeds this. 1 turns the studio's NMS off and keeps whatever the graph returns.
   */
  iouThreshold: number;
  /** At most this many detections per image, the highest-scoring ones. */
  maxDetections: number;
  /** When set, only these class ids are returned. */
  classFilter?: readonly number[];
  /** Suppress overlapping boxes whatever their class (off by default). */
  classAgnosticNms?: boolean;
}

export const DEFAULT_DETECT_OPTIONS: DetectOptions = {
  scoreThreshold: 0.3,
  iouThreshold: 0.5,
  maxDetections: 100,
};

/**
 * A pretrained object detector of one family (CenterNet, EfficientDet, ...) bound to a
 * loaded graph. `detect` takes one image as an HWC tensor, RGB 0..255 (int32 or float32),
 * of any size; it neither keeps nor disposes it. The detector owns its graph.
 */
export interface Detector {
  /** Which adapter drives the graph, e.g. `centernet`. */
  readonly family: string;
  /** Class names; a detection's `classId` indexes this list. */
  readonly labels: readonly string[];
  /** Height and width in pixels the graph is fed, or null if it takes any size. */
  readonly inputSize: readonly [number, number] | null;

  detect(image: tf.Tensor3D, options?: Partial<DetectOptions>): Promise<Detection[]>;

  /** Frees the graph's weights. */
  dispose(): void;
}

/** Fills in the defaults and checks the values, naming the one that is wrong. */
export function resolveDetectOptions(
  options: Partial<DetectOptions> = {},
): DetectOptions {
  const resolved = { ...DEFAULT_DETECT_OPTIONS, ...options };
  const { scoreThreshold, iouThreshold, maxDetections } = resolved;
  if (!(scoreThreshold >= 0 && scoreThreshold <= 1)) {
    throw new Error(`scoreThreshold must be in 0..1, got ${scoreThreshold}`);
  }
  if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
    throw new Error(`iouThreshold must be in 0..1, got ${iouThreshold}`);
  }
  if (!Number.isInteger(maxDetections) || maxDetections < 1) {
    throw new Error(`maxDetections must be a positive integer, got ${maxDetections}`);
  }
  return resolved;
}

/**
 * How the studio recognises and drives one family of detection graphs. Each adapter file
 * exports one (or a few); `family.ts` lists them.
 */
export interface DetectorFamily {
  readonly name: string;
  /** True when a graph with these output names belongs to the family. */
  matches(outputNames: readonly string[]): boolean;
  /**
   * True when the loaded graph belongs to the family, for families told by what the graph
   * holds rather than by output names; `createDetector` asks this instead of `matches`.
   */
  matchesGraph?(graph: LoadedGraph): boolean;
  /** Binds a detector to the graph; labels default to the family's own (COCO). */
  create(graph: LoadedGraph, labels?: readonly string[]): Detector;
}
