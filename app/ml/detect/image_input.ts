import * as tf from '@tensorflow/tfjs';

/** Checks that a tensor is one HWC RGB image and returns its height and width in pixels. */
export function imageSize(image: tf.Tensor): [height: number, width: number] {
  const [height, width, channels] = image.shape;
  if (image.rank !== 3 || channels !== 3 || height < 1 || width < 1) {
    throw new Error(
      `expected an HWC RGB image tensor [h, w, 3], got [${image.shape.join(', ')}]`,
    );
  }
  return [height, width];
}

/**
 * Stretches an HWC RGB image (0..255, any size) to `height` x `width` pixels, no
 * letterbox, as a float32 batch of one [1, height, width, 3] still in 0..255. The caller
 * disposes the result.
 */
export function resizeToBatch(
  image: tf.Tensor3D,
  height: number,
  width: number,
): tf.Tensor4D {
  return tf.tidy(() => {
    const pixels = image.dtype === 'float32' ? image : tf.cast(image, 'float32');
    const resized = tf.image.resizeBilinear(pixels, [height, width], false, true);
    return tf.expandDims(resized, 0) as tf.Tensor4D;
  });
}
