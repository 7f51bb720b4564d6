import type * as tf from '@tensorflow/tfjs';

import type { Detector } from './detection';
import type { DetectionSample } from './evaluate';
import { parseYoloLabels, type LabelProblem } from './yolo';

/** A file of a chosen folder by its path inside the folder: `images/val/0001.jpg`. */
export interface FolderEntry<F> {
  path: string;
  file: F;
}

/** The files of a YOLO-layout folder, each image with its label file when it has one. */
export interface YoloFolderFiles<F> {
  /** `classes.txt` (or a `.names` file): one class name a line, line index = class id. */
  classNames: F | null;
  images: { id: string; image: F; labels: F | null }[];
  /** Label files that belong to no image. */
  orphanLabelCount: number;
}

const IMAGE_FILE = /\.(jpe?g|png|webp|bmp)$/i;

/** The label path YOLO pairs with an image: `images/` becomes `labels/`, the extension `.txt`. */
function labelPathOf(imagePath: string): string | null {
  const parts = imagePath.split('/');
  const at = parts.lastIndexOf('images');
  if (at < 0) return null;
  parts[at] = 'labels';
  return parts.join('/').replace(IMAGE_FILE, '.txt');
}

/**
 * Sorts the files of a folder in YOLO layout (`images/`, `labels/*.txt` with `class cx cy
 * w h` normalised, and `classes.txt`) into images paired with their label files, by the
 * path YOLO derives (`images/a/b.jpg` with `labels/a/b.txt`). Images come in path order;
 * an image without a label file has no objects. Works on any file type, so the page can
 * pass `File`s and Node tests plain records.
 */
export function pairYoloFiles<F>(entries: readonly FolderEntry<F>[]): YoloFolderFiles<F> {
  const labels = new Map<string, F>();
  for (const entry of entries) {
    if (entry.path.split('/').includes('labels') && entry.path.endsWith('.txt')) {
      labels.set(entry.path, entry.file);
    }
  }

  const nameFiles = entries
    .filter(({ path }) => /(^|\/)classes\.txt$|\.names$/i.test(path))
    .sort((a, b) => a.path.split('/').length - b.path.split('/').length);

  const images = entries
    .filter(({ path }) => IMAGE_FILE.test(path) && labelPathOf(path) !== null)
    .sort((a, b) => a.path.localeCompare(b.path))
    .map(({ path, file }) => {
      const labelPath = labelPathOf(path) as string;
      const labelFile = labels.get(labelPath) ?? null;
      labels.delete(labelPath);
      return { id: path.split('/').pop() as string, image: file, labels: labelFile };
    });

  return {
    classNames: nameFiles[0]?.file ?? null,
    images,
    orphanLabelCount: labels.size,
  };
}

/** One image of a YOLO folder and the text of its label file (empty for no objects). */
export interface YoloItem<TImage> {
  id: string;
  image: TImage;
  labelText: string;
}

/**
 * Detector class id to dataset class id, matched by name (case and surrounding spaces
 * ignored); -1 for a detector class the dataset does not have. Throws when the two share
 * no class, since no detection could then be scored.
 */
export function datasetClassMap(
  detectorLabels: readonly string[],
  classNames: readonly string[],
): number[] {
  const key = (name: string) => name.trim().toLowerCase();
  const index = new Map(classNames.map((name, i) => [key(name), i]));
  const map = detectorLabels.map((label) => index.get(key(label)) ?? -1);
  if (!map.some((id) => id >= 0)) {
    throw new Error(
      `the dataset's classes (${classNames.slice(0, 5).join(', ')}…) share no name with ` +
        `the detector's labels (${detectorLabels.slice(0, 5).join(', ')}…)`,
    );
  }
  return map;
}

/**
 * The detector seen through a dataset's class list: detections carry the dataset's class
 * ids and names, and detections of classes the dataset lacks are dropped.
 */
export function relabelDetector(
  detector: Detector,
  classNames: readonly string[],
): Detector {
  const map = datasetClassMap(detector.labels, classNames);
  return {
    ...detector,
    labels: classNames,
    async detect(image, options) {
      const detections = await detector.detect(image, options);
      return detections.flatMap((d) =>
        map[d.classId] >= 0
          ? [{ ...d, classId: map[d.classId], label: classNames[map[d.classId]] }]
          : [],
      );
    },
  };
}

/** How the samples are read: decoding, cancellation, and where bad lines go. */
export interface YoloSampleHooks<TImage> {
  /** Decodes an image to HWC RGB 0..255; throws a message for a file that is no image. */
  decode(image: TImage): Promise<tf.Tensor3D>;
  /** Checked before each image; when true the read stops with an Error `cancelled`. */
  cancelled(): boolean;
  /** Hears of each bad label line and each image that could not be decoded. */
  onProblem(problem: LabelProblem): void;
}

/**
 * Turns YOLO items into evaluation samples one at a time, boxes in pixels of the decoded
 * image. An image that cannot be decoded is reported (line 0) and skipped, a bad label
 * line is reported and skipped, the rest of the image kept.
 */
export async function* yoloSamples<TImage>(
  items: readonly YoloItem<TImage>[],
  classCount: number,
  hooks: YoloSampleHooks<TImage>,
): AsyncGenerator<DetectionSample> {
  for (const item of items) {
    if (hooks.cancelled()) throw new Error('cancelled');

    let image: tf.Tensor3D;
    try {
      image = await hooks.decode(item.image);
    } catch (error) {
      hooks.onProblem({ file: item.id, line: 0, message: (error as Error).message });
      continue;
    }
    const [imageHeight, imageWidth] = image.shape;
    const { boxes, problems } = parseYoloLabels(item.labelText, {
      file: item.id.replace(IMAGE_FILE, '.txt'),
      imageWidth,
      imageHeight,
      classCount,
    });
    problems.forEach(hooks.onProblem);
    yield { id: item.id, image, groundTruth: boxes };
  }
}
