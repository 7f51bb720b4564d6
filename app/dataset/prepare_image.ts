/**
 * Decoding and downscaling photos with createImageBitmap and OffscreenCanvas: off the
 * page's thread when called from a worker, which is how the dataset worker calls it.
 */
import type { PreparedImage } from './types';

/** Long side of the grid's thumbnails, in pixels. */
export const THUMBNAIL_SIDE = 192;
const STORED_JPEG_QUALITY = 0.92;
const THUMBNAIL_JPEG_QUALITY = 0.8;

/** The image could be read but not decoded: corrupt, or a format this browser lacks. */
export class DecodeError extends Error {
  override name = 'DecodeError';
}

function fit(
  width: number,
  height: number,
  maxSide: number,
): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

async function encodeJpeg(
  source: ImageBitmap,
  size: { width: number; height: number },
  quality: number,
): Promise<Blob> {
  const scaled = await createImageBitmap(source, {
    resizeWidth: size.width,
    resizeHeight: size.height,
    resizeQuality: 'high',
  });
  try {
    const canvas = new OffscreenCanvas(size.width, size.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas in this browser');
    // JPEG has no alpha: transparent pixels become white rather than black.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size.width, size.height);
    context.drawImage(scaled, 0, 0);
    return await canvas.convertToBlob({ type: 'image/jpeg', quality });
  } finally {
    scaled.close();
  }
}

/**
 * Decodes `blob` and returns what to store: the file itself when its long side is at
 * most `maxSide` pixels (so its bytes, and hash, stay as they were), else a JPEG
 * downscaled to `maxSide`; plus a JPEG thumbnail of THUMBNAIL_SIDE pixels. Sizes are
 * after EXIF rotation. Throws DecodeError when the browser cannot decode it.
 */
export async function prepareImage(blob: Blob, maxSide: number): Promise<PreparedImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new DecodeError(
      'the browser could not decode it (corrupt, or an unsupported format)',
    );
  }

  try {
    const { width, height } = bitmap;
    if (width === 0 || height === 0) throw new DecodeError('the image has no pixels');
    const stored = fit(width, height, maxSide);
    const resized = stored.width !== width || stored.height !== height;
    const image = resized ? await encodeJpeg(bitmap, stored, STORED_JPEG_QUALITY) : blob;
    const thumbnail = await encodeJpeg(
      bitmap,
      fit(width, height, THUMBNAIL_SIDE),
      THUMBNAIL_JPEG_QUALITY,
    );
    return { image, thumbnail, width: stored.width, height: stored.height };
  } finally {
    bitmap.close();
  }
}
