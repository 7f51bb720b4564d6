/**
 * Node-only helpers for tests and benchmarks: the real clothing photos and the real
 * EfficientNet-Lite0 from the shared fixtures folder, read in place.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';

import type { EmbedSource } from '../embed_dataset';

/** The fixtures folder beside the repository (`../shared`), or STUDIO_SHARED_DIR. */
export const SHARED_DIR =
  process.env.STUDIO_SHARED_DIR ??
  fileURLToPath(new URL('../../../../../shared/', import.meta.url));
export const LITE0_PATH = join(SHARED_DIR, 'models/efficientnet-lite0-dogs/model.tflite');
export const CLOTHING_DIR = join(SHARED_DIR, 'datasets/clothing');
export const WASM_DIR = fileURLToPath(
  new URL(
    '../../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/',
    import.meta.url,
  ),
);

/** A labelled photo file. */
export interface PhotoFile {
  path: string;
  className: string;
  bytes: Uint8Array;
  hash: string;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Class folder names of a split (`train` or `test`), sorted. */
export function clothingClasses(split: 'train' | 'test' = 'train'): string[] {
  return readdirSync(join(CLOTHING_DIR, split), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Every photo of a split, class by class, files sorted by name. */
export function readClothing(split: 'train' | 'test'): PhotoFile[] {
  return clothingClasses(split).flatMap((className) => {
    const folder = join(CLOTHING_DIR, split, className);
    return readdirSync(folder)
      .filter((name) => /\.jpe?g$/i.test(name))
      .sort()
      .map((name) => {
        const bytes = new Uint8Array(readFileSync(join(folder, name)));
        return {
          path: `${split}/${className}/${name}`,
          className,
          bytes,
          hash: sha256Hex(bytes),
        };
      });
  });
}

/** Decodes a JPEG to an HWC RGB int32 tensor (0..255). */
export function decodeJpeg(bytes: Uint8Array): tf.Tensor3D {
  const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  return tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
}

/** Embedding sources for photo files, decoded with jpeg-js. */
export function photoSources(photos: PhotoFile[]): EmbedSource[] {
  return photos.map((photo) => ({
    hash: photo.hash,
    load: async () => decodeJpeg(photo.bytes),
  }));
}
