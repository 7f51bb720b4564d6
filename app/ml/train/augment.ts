import * as tf from '@tensorflow/tfjs';

import { seededRandom } from './random';

/** How far augmented views stray from the photo. */
export interface AugmentOptions {
  /** Smallest crop side as a fraction of the image side (0..1]. */
  minCropScale: number;
  /** Largest brightness shift, as a fraction of the 0..255 range. */
  maxBrightness: number;
  /** Largest contrast change: the factor is drawn from [1 - c, 1 + c]. */
  maxContrast: number;
}

export const DEFAULT_AUGMENT: AugmentOptions = {
  minCropScale: 0.7,
  maxBrightness: 0.15,
  maxContrast: 0.2,
};

/** The random choices behind one view, drawn from its seed. */
export interface ViewParams {
  flip: boolean;
  /** Crop box in pixels of the source image. */
  top: number;
  left: number;
  height: number;
  width: number;
  /** Added to every pixel, in 0..255 units. */
  brightness: number;
  /** Multiplies each pixel's distance from the image mean. */
  contrast: number;
}

/** Draws the parameters of a view of an `height` x `width` image from `seed`. */
export function viewParams(
  seed: string,
  height: number,
  width: number,
  options: AugmentOptions = DEFAULT_AUGMENT,
): ViewParams {
  const random = seededRandom(seed);
  const scale = options.minCropScale + random() * (1 - options.minCropScale);
  const cropHeight = Math.max(1, Math.round(height * scale));
  const cropWidth = Math.max(1, Math.round(width * scale));
  return {
    flip: random() < 0.5,
    top: Math.floor(random() * (height - cropHeight + 1)),
    left: Math.floor(random() * (width - cropWidth + 1)),
    height: cropHeight,
    width: cropWidth,
    brightness: (random() * 2 - 1) * options.maxBrightness * 255,
    contrast: 1 + (random() * 2 - 1) * options.maxContrast,
  };
}

/**
 * One augmented view of an HWC RGB image (0..255): a random crop (the backbone's resize
 * then scales it back up), a horizontal flip half of the time, and a brightness and
 * contrast change, clipped to 0..255. The same `seed` always gives the same view, so a
 * view can be cached by image hash and view index. Returns a float32 HWC tensor.
 */
export function augmentView(
  image: tf.Tensor3D,
  seed: string,
  options: AugmentOptions = DEFAULT_AUGMENT,
): tf.Tensor3D {
  const [height, width] = image.shape;
  const view = viewParams(seed, height, width, options);

  return tf.tidy(() => {
    let result = tf.slice(
      tf.cast(image, 'float32'),
      [view.top, view.left, 0],
      [view.height, view.width, 3],
    ) as tf.Tensor3D;
    if (view.flip) result = tf.reverse(result, 1);

    const mean = tf.mean(result);
    result = tf.add(tf.mul(tf.sub(result, mean), view.contrast), mean);
    return tf.clipByValue(tf.add(result, view.brightness), 0, 255) as tf.Tensor3D;
  });
}
