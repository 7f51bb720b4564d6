import * as tf from '@tensorflow/tfjs';

/** Photos are decoded no larger than this on their long side (pixels). */
export const MAX_DECODE_SIDE = 2048;

/**
 * Decodes an image file to an HWC RGB int32 tensor (0..255), downscaled so its long
 * side is at most `maxSide`. Throws a plain message when the browser cannot decode it
 * (not an image, corrupt, or empty).
 */
export async function decodeImage(
  blob: Blob,
  maxSide = MAX_DECODE_SIDE,
): Promise<tf.Tensor3D> {
  if (blob.size === 0) throw new Error('the file is empty (0 bytes)');

  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new Error(
      `the browser cannot decode this file as an image (${blob.type || 'unknown type'})`,
    );
  }

  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  if (scale < 1) {
    const resized = await createImageBitmap(bitmap, {
      resizeWidth: Math.max(1, Math.round(bitmap.width * scale)),
      resizeHeight: Math.max(1, Math.round(bitmap.height * scale)),
      resizeQuality: 'high',
    });
    bitmap.close();
    bitmap = resized;
  }

  try {
    return tf.browser.fromPixels(bitmap, 3);
  } finally {
    bitmap.close();
  }
}
