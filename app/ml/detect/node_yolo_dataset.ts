import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';

import type { DetectionSample } from './evaluate';
import { parseClassNames, parseYoloLabels, type LabelProblem } from './yolo';

/** Which images of a folder to read. */
export interface YoloFolderOptions {
  /** Only these image file names (e.g. `000000007281.jpg`), in this order. */
  imageNames?: readonly string[];
  /** At most this many images, in file-name order. */
  limit?: number;
  /** Hears of each bad label line; by default a bad line stops the read with an Error. */
  onProblem?: (problem: LabelProblem) => void;
}

/** Class names of a YOLO folder, from its `classes.txt`. */
export async function readYoloClassNames(folder: string): Promise<string[]> {
  return parseClassNames(await readFile(join(folder, 'classes.txt'), 'utf8'));
}

/**
 * Node only: reads a YOLO-format folder (`images/*.jpg`, `labels/<stem>.txt`,
 * `classes.txt`) one image at a time as evaluation samples, JPEGs decoded to HWC RGB
 * int32 tensors. An image without a label file has no objects. For tests and scripts.
 */
export async function* readYoloFolder(
  folder: string,
  options: YoloFolderOptions = {},
): AsyncGenerator<DetectionSample> {
  const classCount = (await readYoloClassNames(folder)).length;
  const onProblem =
    options.onProblem ??
    ((p: LabelProblem) => {
      throw new Error(`${p.file}:${p.line}: ${p.message}`);
    });

  const all = (await readdir(join(folder, 'images')))
    .filter((name) => /\.jpe?g$/i.test(name))
    .sort();
  const names = (options.imageNames ?? all).slice(0, options.limit ?? Infinity);

  for (const name of names) {
    const bytes = await readFile(join(folder, 'images', name));
    const decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
    const { width, height } = decoded;

    const labelPath = join(folder, 'labels', `${basename(name, extname(name))}.txt`);
    const text = existsSync(labelPath) ? await readFile(labelPath, 'utf8') : '';
    const { boxes, problems } = parseYoloLabels(text, {
      file: labelPath,
      imageWidth: width,
      imageHeight: height,
      classCount,
    });
    problems.forEach(onProblem);

    const image = tf.tensor3d(decoded.data, [height, width, 3], 'int32');
    yield { id: name, image, groundTruth: boxes };
  }
}
