/**
 * Helpers for this folder's unit tests in Node, where IndexedDB comes from
 * fake-indexeddb and there is no image decoder.
 */
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ImportEntry } from './class_paths';
import { readImageSize, sniffImageFormat } from './image_format';
import type { PrepareImage } from './ingest';
import { DatasetRepository } from './repository';

export const SHARED_DIR = resolve(
  process.env.STUDIO_SHARED_DIR ?? resolve(__dirname, '../../../shared'),
);
export const CLOTHING = resolve(SHARED_DIR, 'datasets/clothing');

let databases = 0;

/** A repository on a database of its own. */
export function freshRepository(): Promise<DatasetRepository> {
  databases += 1;
  return DatasetRepository.open(`test-dataset-${process.pid}-${databases}`);
}

/**
 * Stands in for the browser's decoder in Node: stores the file as it is, with its size
 * from the header. The real decoder (prepareImage) is exercised by the browser tests.
 */
export const storeAsIs: PrepareImage = async (blob) => {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const format = sniffImageFormat(bytes.subarray(0, 16));
  const size = format && readImageSize(bytes, format);
  if (!size) throw new Error('the browser could not decode it');
  return { image: blob, thumbnail: blob, width: size.width, height: size.height };
};

/**
 * Import entries for `count` real photos of each named clothing class, from the train
 * split (paths `train/<class>/<file>`) or the test split (`test/<class>/<file>`).
 */
export function clothingEntries(
  classes: string[],
  count: number,
  split: 'train' | 'test' = 'train',
): ImportEntry[] {
  return classes.flatMap((name) =>
    readdirSync(resolve(CLOTHING, split, name))
      .sort()
      .slice(0, count)
      .map((file) => ({
        relativePath: `${split}/${name}/${file}`,
        file: new Blob([readFileSync(resolve(CLOTHING, split, name, file))], {
          type: 'image/jpeg',
        }),
      })),
  );
}
