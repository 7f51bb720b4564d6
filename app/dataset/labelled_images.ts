import type { DatasetRepository } from './repository';
import type { DatasetClass } from './types';

/** One image as training reads it: which stored Blob, and the index of its class. */
export interface LabelledImage {
  imageId: string;
  /** Index into `classes`, 0-based, in the project's class order. */
  label: number;
  /** Stored size, in pixels. */
  width: number;
  height: number;
}

/**
 * A project's dataset as training wants it: the classes in order (their position is
 * the label) and every live image with its label. Read an image's pixels with
 * `repository.readImage(imageId)`, one at a time, so a large dataset is never in
 * memory at once. Works in a Web Worker.
 */
export async function listLabelledImages(
  repository: DatasetRepository,
  projectId: string,
): Promise<{ classes: DatasetClass[]; images: LabelledImage[] }> {
  const classes = await repository.listClasses(projectId);
  const labels = new Map(classes.map((c, index) => [c.id, index]));
  const images = (await repository.listImages(projectId))
    .filter((image) => labels.has(image.classId))
    .map((image) => ({
      imageId: image.id,
      label: labels.get(image.classId)!,
      width: image.width,
      height: image.height,
    }));
  return { classes, images };
}
