import type * as tf from '@tensorflow/tfjs';

import type { Detector, DetectOptions, GroundTruthBox } from './detection';
import { meanAveragePrecision, type ImageResult, type MeanAP } from './map';

/** One annotated image for evaluation. */
export interface DetectionSample {
  /** Names the image in reports, e.g. its file name. */
  id: string;
  /** HWC RGB 0..255. The evaluation disposes it once the detector has run. */
  image: tf.Tensor3D;
  /** Boxes in pixels of `image`. */
  groundTruth: GroundTruthBox[];
}

/** mAP of a detector over a set of images, with how much was seen and how long it took. */
export interface EvaluationResult extends MeanAP {
  imageCount: number;
  detectionCount: number;
  groundTruthCount: number;
  /** Wall time spent in `detect`, in milliseconds. */
  detectMs: number;
}

/**
 * Runs `detector` over every sample, disposing each image after its pass, and scores the
 * detections against the ground truth with COCO-style mAP (see meanAveragePrecision).
 * For a COCO-comparable number pass a low `scoreThreshold` (0.001 .. 0.05) and
 * `maxDetections` 100. `onImage` hears of each finished image, e.g. for a progress bar.
 */
export async function evaluateDetector(
  detector: Detector,
  samples: AsyncIterable<DetectionSample> | Iterable<DetectionSample>,
  options: Partial<DetectOptions>,
  onImage?: (done: number, sampleId: string) => void,
): Promise<EvaluationResult> {
  const results: ImageResult[] = [];
  let detectMs = 0;
  for await (const sample of samples) {
    const started = performance.now();
    try {
      const detections = await detector.detect(sample.image, options);
      results.push({ detections, groundTruth: sample.groundTruth });
    } finally {
      sample.image.dispose();
    }
    detectMs += performance.now() - started;
    onImage?.(results.length, sample.id);
  }

  const sum = (f: (r: ImageResult) => number) => results.reduce((n, r) => n + f(r), 0);
  return {
    ...meanAveragePrecision(results),
    imageCount: results.length,
    detectionCount: sum((r) => r.detections.length),
    groundTruthCount: sum((r) => r.groundTruth.length),
    detectMs,
  };
}
