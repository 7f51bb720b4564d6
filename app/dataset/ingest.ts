/**
 * Importing files into a project: the one path that drops, the file pickers, zip
 * imports and webcam captures all take. Files are checked one by one; a bad one is
 * skipped with its reason and never stops the rest.
 */
import { classFolderDepth, placeForPath, type ImportEntry } from './class_paths';
import { sha256Hex } from '../util/sha256';
import {
  describeNonImage,
  isCompleteJpeg,
  MIME_TYPES,
  readImageSize,
  sniffImageFormat,
} from './image_format';
import type { DatasetRepository } from './repository';
import type { DatasetClass, ImageRecord, PreparedImage } from './types';

/** Photos larger than this (in pixels, from the header) are refused before decoding. */
export const MAX_SOURCE_PIXELS = 120e6;

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface DuplicateFile {
  path: string;
  /** `<class>/<name>` of the image already stored with the same contents. */
  duplicateOf: string;
}

export interface ImportReport {
  /** Files offered. */
  total: number;
  /** Files looked at before the import ended (all of them unless cancelled or stopped). */
  processed: number;
  added: number;
  /** Of the added, how many were downscaled to the working size. */
  downscaled: number;
  skipped: SkippedFile[];
  duplicates: DuplicateFile[];
  cancelled: boolean;
  /** Why the import stopped before the end (the browser's storage is full), if it did. */
  stopped: string | null;
}

export interface ImportProgress {
  done: number;
  total: number;
  /** Images and classes stored since the previous progress report. */
  images: ImageRecord[];
  classes: DatasetClass[];
}

/** Turns a file into what is stored; `prepareImage` in browsers. */
export type PrepareImage = (blob: Blob, maxSide: number) => Promise<PreparedImage>;

export interface ImportOptions {
  projectId: string;
  /** Long side of stored images, in pixels. */
  maxSide: number;
  /** Put everything into this class; without it, classes come from the folders. */
  classId?: string;
  prepare: PrepareImage;
  signal?: AbortSignal;
  /** Called after each file; `images` and `classes` hold what is new since the last call. */
  onProgress?(progress: ImportProgress): void;
}

function isQuotaError(error: unknown): boolean {
  for (
    let e = error as { name?: string; cause?: unknown } | undefined;
    e;
    e = e.cause as never
  ) {
    if (e.name === 'QuotaExceededError') return true;
  }
  return false;
}

function fileName(relativePath: string): string {
  return relativePath.split('/').pop() || relativePath;
}

/** Why a file cannot be an image of the dataset, or null when it may be one. */
async function checkFile(
  bytes: Uint8Array,
  name: string,
): Promise<{ reason: string } | { type: string }> {
  if (bytes.length === 0) return { reason: 'empty file (0 bytes)' };
  const head = bytes.subarray(0, 16);
  const format = sniffImageFormat(head);
  if (!format) return { reason: describeNonImage(head, name) };
  if (format === 'jpeg' && !isCompleteJpeg(bytes)) {
    return {
      reason: 'truncated or corrupt JPEG (its data ends before the end-of-image marker)',
    };
  }
  const size = readImageSize(bytes, format);
  if (size && size.width * size.height > MAX_SOURCE_PIXELS) {
    const megapixels = Math.round((size.width * size.height) / 1e6);
    return {
      reason: `too large to decode safely (${megapixels} megapixels; the limit is ${
        MAX_SOURCE_PIXELS / 1e6
      })`,
    };
  }
  return { type: MIME_TYPES[format] };
}

/**
 * Imports `entries` into a project, in path order, writing each accepted image as it
 * goes: what was stored before a crash, a cancel or a full disk stays stored. Exact
 * duplicates (same SHA-256 as an image already in the project, or earlier in the same
 * import) are skipped and reported.
 */
export async function importEntries(
  repository: DatasetRepository,
  entries: ImportEntry[],
  options: ImportOptions,
): Promise<ImportReport> {
  const { projectId, maxSide, classId, prepare, signal, onProgress } = options;
  const sorted = [...entries].sort((a, b) => (a.relativePath < b.relativePath ? -1 : 1));
  const report: ImportReport = {
    total: sorted.length,
    processed: 0,
    added: 0,
    downscaled: 0,
    skipped: [],
    duplicates: [],
    cancelled: false,
    stopped: null,
  };

  const classes = await repository.listClasses(projectId);
  const classNames = new Map(classes.map((c) => [c.id, c.name]));
  const classByName = new Map(classes.map((c) => [c.name, c]));
  if (classId && !classNames.has(classId)) throw new Error('that class no longer exists');
  const known = new Map<string, ImageRecord>();
  for (const image of await repository.listImages(projectId)) {
    known.set(image.sourceHash, image);
    known.set(image.hash, image);
  }
  const depth = classFolderDepth(sorted.map((entry) => entry.relativePath));
  let newImages: ImageRecord[] = [];
  let newClasses: DatasetClass[] = [];

  /** The class id and split of a path; null when it is outside any class folder. */
  async function placeFor(path: string): Promise<{ id: string; isTest: boolean } | null> {
    if (classId) return { id: classId, isTest: false };
    const place = placeForPath(path, depth);
    if (!place) return null;
    let found = classByName.get(place.className);
    if (!found) {
      found = await repository.createClass(projectId, place.className);
      classByName.set(place.className, found);
      classNames.set(found.id, found.name);
      newClasses.push(found);
    }
    return { id: found.id, isTest: place.isTest };
  }

  for (const { file, relativePath } of sorted) {
    if (signal?.aborted) {
      report.cancelled = true;
      break;
    }
    const skip = (reason: string) => report.skipped.push({ path: relativePath, reason });
    try {
      const blob = typeof file === 'function' ? await file() : file;
      const bytes = new Uint8Array(await blob.arrayBuffer());
      const checked = await checkFile(bytes, fileName(relativePath));
      if ('reason' in checked) {
        skip(checked.reason);
        continue;
      }

      const sourceHash = await sha256Hex(bytes);
      const twin = known.get(sourceHash);
      if (twin) {
        report.duplicates.push({
          path: relativePath,
          duplicateOf: `${classNames.get(twin.classId) ?? '?'}/${twin.name}`,
        });
        continue;
      }

      const target = await placeFor(relativePath);
      if (!target) {
        skip('not inside a class folder (drop it onto a class instead)');
        continue;
      }
      const source = new Blob([bytes], { type: checked.type });
      let prepared: PreparedImage;
      try {
        prepared = await prepare(source, maxSide);
      } catch (error) {
        skip((error as Error).message);
        continue;
      }
      const unchanged = prepared.image === source;
      const hash = unchanged ? sourceHash : await sha256Hex(prepared.image);

      const record = await repository.addImage(
        {
          projectId,
          classId: target.id,
          isTest: target.isTest,
          name: fileName(relativePath),
          sourcePath: relativePath,
          hash,
          sourceHash,
          width: prepared.width,
          height: prepared.height,
          bytes: prepared.image.size,
          type: prepared.image.type || checked.type,
        },
        prepared,
      );
      known.set(sourceHash, record);
      known.set(hash, record);
      newImages.push(record);
      report.added += 1;
      if (!unchanged) report.downscaled += 1;
    } catch (error) {
      if (isQuotaError(error)) {
        report.stopped =
          `the browser's storage is full: ${report.added} of ${report.total} images were ` +
          'kept. Free some space (delete a project you no longer need) and import the rest.';
        break;
      }
      skip(`could not be read or stored: ${(error as Error).message}`);
    } finally {
      report.processed += 1;
      onProgress?.({
        done: report.processed,
        total: report.total,
        images: newImages,
        classes: newClasses,
      });
      newImages = [];
      newClasses = [];
    }
  }

  return report;
}
