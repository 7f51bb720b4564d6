/**
 * The records of a labelled image dataset, as kept in IndexedDB. Plain data: no
 * DOM, no React, no tensors, so that the page and a Web Worker read them alike.
 */

/** Photos are stored no larger than this on their long side, unless a project says. */
export const DEFAULT_MAX_SIDE = 1024;

/** A dataset with its own classes and images. */
export interface Project {
  id: string;
  name: string;
  /** Long side, in pixels, that images are downscaled to on ingest. */
  maxSide: number;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
}

/** A label: images belong to exactly one class. */
export interface DatasetClass {
  id: string;
  projectId: string;
  /** Free text, as the person typed it. Never interpreted as markup or a path. */
  name: string;
  /** CSS colour, `#rrggbb`. */
  color: string;
  /** Position in the project's list; classes are shown and numbered by it. */
  order: number;
  createdAt: number;
  /** Deleted, but kept so that an undo can bring it back; purged when a project opens. */
  trashed: boolean;
}

/** One stored photo's facts; its pixels live in the `blobs` store under the same id. */
export interface ImageRecord {
  id: string;
  projectId: string;
  classId: string;
  /** The file name it came with (`IMG_0001.jpg`), or the name given to a webcam frame. */
  name: string;
  /** Where it came from, relative to what was dropped or picked (`train/hat/a.jpg`). */
  sourcePath: string;
  /** SHA-256, hex, of the stored bytes. */
  hash: string;
  /** SHA-256, hex, of the bytes as they arrived; equal to `hash` when stored unchanged. */
  sourceHash: string;
  /** Stored size, in pixels. */
  width: number;
  height: number;
  /** Stored size in bytes, and MIME type. */
  bytes: number;
  type: string;
  addedAt: number;
  trashed: boolean;
  /**
   * Kept out of training and used only to score it. Records stored before the flag
   * existed have none; the repository reads them as false.
   */
  isTest: boolean;
}

/** The stored image (at working size) and a small thumbnail for the grid. */
export interface ImageBlobs {
  id: string;
  image: Blob;
  thumbnail: Blob;
}

/** What the ingest step makes of an accepted file, ready to store. */
export interface PreparedImage {
  image: Blob;
  thumbnail: Blob;
  width: number;
  height: number;
}
