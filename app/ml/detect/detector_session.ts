import * as tf from '@tensorflow/tfjs';

import type { NamedBytes } from '../graph_model';
import { loadGraph } from '../load_graph';
import type { Detection, Detector, DetectOptions } from './detection';
import { evaluateDetector, type EvaluationResult } from './evaluate';
import { createDetector } from './family';
import type { LabelProblem } from './yolo';
import { relabelDetector, yoloSamples, type YoloItem } from './yolo_folder';

/** What a loaded detector looks like from the page: no tensors, just facts. */
export interface DetectorSummary {
  name: string;
  format: 'tflite' | 'tfjs-graph';
  /** The adapter driving the graph, e.g. `centernet`. */
  family: string;
  labels: readonly string[];
  /** Height and width in pixels the graph is fed, or null if it takes any size. */
  inputSize: readonly [number, number] | null;
  /** Milliseconds to build the graph, and to run it the first time (kernel compile). */
  buildMs: number;
  firstRunMs: number;
}

/** Detections of one image, boxes in pixels of that image. */
export interface ImageDetections {
  detections: Detection[];
  /** Size in pixels of the image the boxes refer to. */
  width: number;
  height: number;
  /** Milliseconds spent in the detector, resize to post-processing. */
  inferenceMs: number;
}

/** mAP of the loaded detector over a YOLO folder, named by the folder's classes. */
export interface FolderEvaluation extends EvaluationResult {
  classNames: string[];
  /** Bad label lines and undecodable images, the first `MAX_REPORTED_PROBLEMS`. */
  problems: LabelProblem[];
  problemCount: number;
}

const MAX_REPORTED_PROBLEMS = 20;

/** The side of the blank image that warms a detector up when it takes any size. */
const WARM_UP_SIDE = 320;

/**
 * The ML worker's detector slot: at most one detector at a time, replaced by the next
 * one that loads; a model that is no detector leaves the previous one in place.
 */
export class DetectorSession {
  private detector: Detector | null = null;
  /** Detections and evaluations still running: a replaced detector is freed after them. */
  private readonly running = new Set<Promise<unknown>>();

  /**
   * Builds a detector from a model's files (a `.tflite`, or `model.json` and shards; a
   * `labels.txt` among them names the classes when the model carries no labels) and runs
   * it once on a blank image. Throws, naming the outputs found, for a model of no known
   * detection family.
   */
  async load(name: string, files: NamedBytes[]): Promise<DetectorSummary> {
    const started = performance.now();
    const graph = await loadGraph(files);
    let detector: Detector;
    try {
      detector = createDetector(graph, graph.description.labels);
    } catch (error) {
      graph.dispose();
      throw error;
    }
    const buildMs = performance.now() - started;

    const [height, width] = detector.inputSize ?? [WARM_UP_SIDE, WARM_UP_SIDE];
    const blank = tf.zeros([height, width, 3], 'int32') as tf.Tensor3D;
    const warmStarted = performance.now();
    try {
      await detector.detect(blank);
    } catch (error) {
      detector.dispose();
      throw error;
    } finally {
      blank.dispose();
    }
    const firstRunMs = performance.now() - warmStarted;

    const previous = this.detector;
    this.detector = detector;
    await Promise.allSettled([...this.running]);
    previous?.dispose();
    return {
      name,
      format: graph.format,
      family: detector.family,
      labels: detector.labels,
      inputSize: detector.inputSize,
      buildMs,
      firstRunMs,
    };
  }

  /** Detects objects in one HWC RGB 0..255 image; the caller keeps and disposes it. */
  async detect(
    image: tf.Tensor3D,
    options: Partial<DetectOptions>,
  ): Promise<ImageDetections> {
    const detector = this.require();
    const started = performance.now();
    const pass = detector.detect(image, options);
    this.running.add(pass);
    let detections: Detection[];
    try {
      detections = await pass;
    } finally {
      this.running.delete(pass);
    }
    const [height, width] = image.shape;
    return { detections, width, height, inferenceMs: performance.now() - started };
  }

  /**
   * COCO mAP of the loaded detector over the images of a YOLO folder, each decoded by
   * `decode` and disposed after its pass. Detections are matched to the folder's classes
   * by name. Stops with an Error `cancelled` when `cancelled()` turns true.
   */
  async evaluate<TImage>(
    classNames: string[],
    items: readonly YoloItem<TImage>[],
    options: Partial<DetectOptions>,
    hooks: {
      decode(image: TImage): Promise<tf.Tensor3D>;
      cancelled(): boolean;
      onImage(done: number, total: number): void;
    },
  ): Promise<FolderEvaluation> {
    const detector = relabelDetector(this.require(), classNames);
    const problems: LabelProblem[] = [];
    let problemCount = 0;
    const samples = yoloSamples(items, classNames.length, {
      decode: hooks.decode,
      cancelled: hooks.cancelled,
      onProblem: (problem) => {
        problemCount += 1;
        if (problems.length < MAX_REPORTED_PROBLEMS) problems.push(problem);
      },
    });

    const pass = evaluateDetector(detector, samples, options, (done) =>
      hooks.onImage(done, items.length),
    );
    this.running.add(pass);
    let result: EvaluationResult;
    try {
      result = await pass;
    } finally {
      this.running.delete(pass);
    }
    return { ...result, classNames, problems, problemCount };
  }

  dispose(): void {
    this.detector?.dispose();
    this.detector = null;
  }

  private require(): Detector {
    if (!this.detector) throw new Error('load a detector first');
    return this.detector;
  }
}
