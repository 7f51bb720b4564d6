/**
 * The detection area of the ML worker: loads the detector, in its own slot beside the
 * backbone, detects objects in photos and live camera frames, and scores the detector
 * on a labelled folder. It owns the detector session, which disposes an old detector
 * when a new one replaces it.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendReport } from '../ml/backend_info';
import { decodeImage } from '../ml/decode_image';
import { DetectorSession, type ImageDetections } from '../ml/detect/detector_session';
import type { Handlers } from './handler';
import { memoryReport } from './memory_report';

export type DetectionMethod = 'loadDetector' | 'detect' | 'evaluateDetector';

/** A camera frame as an HWC RGB tensor; the frame is closed either way. */
function frameToPixels(frame: ImageBitmap): tf.Tensor3D {
  try {
    return tf.browser.fromPixels(frame, 3);
  } finally {
    frame.close();
  }
}

/**
 * The detection calls. `requireBackend` answers the running backend or throws before
 * `init`. A detection answers with the worker's memory after its pass, so that the
 * page can watch the live loop for leaks.
 */
export function detectionHandlers(
  requireBackend: () => BackendReport,
): Handlers<DetectionMethod> {
  const detection = new DetectorSession();

  return {
    loadDetector: async ({ name, files }, context) => {
      const report = requireBackend();
      context.progress({ stage: 'building detector', done: 0, total: 1 });
      const summary = await detection.load(name, files);
      const megabytes = files.reduce((sum, file) => sum + file.bytes.byteLength, 0) / 1e6;
      console.info(
        `[studio] detector ${name} loaded: ${megabytes.toFixed(1)} MB, ${summary.family}, ` +
          `backend ${report.name}, build ${summary.buildMs.toFixed(0)} ms, first run ` +
          `${summary.firstRunMs.toFixed(0)} ms`,
      );
      return summary;
    },

    detect: async ({ image, options }) => {
      const pixels =
        image instanceof Blob ? await decodeImage(image) : frameToPixels(image);
      let result: ImageDetections;
      try {
        result = await detection.detect(pixels, options);
      } finally {
        pixels.dispose();
      }
      return { ...result, memory: memoryReport() };
    },

    evaluateDetector: async ({ classNames, items, options }, context) =>
      detection.evaluate(classNames, items, options, {
        decode: (blob) => decodeImage(blob),
        cancelled: context.cancelled,
        onImage: (done, total) => context.progress({ stage: 'evaluating', done, total }),
      }),
  };
}
