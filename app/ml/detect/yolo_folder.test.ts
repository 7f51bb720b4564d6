import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import type { Detection, Detector } from './detection';
import type { DetectionSample } from './evaluate';
import type { LabelProblem } from './yolo';
import {
  datasetClassMap,
  pairYoloFiles,
  relabelDetector,
  yoloSamples,
} from './yolo_folder';

const entry = (path: string) => ({ path, file: path });

describe('pairYoloFiles', () => {
  it('pairs images with labels by the YOLO path, finds classes.txt, counts orphans', () => {
    const folder = pairYoloFiles(
      [
        'set/labels/val/b.txt',
        'set/images/val/b.png',
        'set/images/val/a.jpg',
        'set/labels/val/orphan.txt',
        'set/classes.txt',
        'set/notes/readme.md',
        'set/images/val/c.JPEG',
      ].map(entry),
    );
    expect(folder.classNames).toBe('set/classes.txt');
    expect(folder.images).toEqual([
      { id: 'a.jpg', image: 'set/images/val/a.jpg', labels: null },
      { id: 'b.png', image: 'set/images/val/b.png', labels: 'set/labels/val/b.txt' },
      { id: 'c.JPEG', image: 'set/images/val/c.JPEG', labels: null },
    ]);
    expect(folder.orphanLabelCount).toBe(1);
  });

  it('takes a .names file, and finds no images outside an images/ folder', () => {
    const folder = pairYoloFiles(['d/coco.names', 'd/photo.jpg'].map(entry));
    expect(folder.classNames).toBe('d/coco.names');
    expect(folder.images).toEqual([]);
  });
});

describe('datasetClassMap', () => {
  it('maps detector classes to dataset classes by name, -1 where the dataset has none', () => {
    expect(datasetClassMap(['person', 'Bicycle', 'car'], ['car', 'bicycle '])).toEqual([
      -1, 1, 0,
    ]);
  });

  it('refuses a dataset that shares no class with the detector', () => {
    expect(() => datasetClassMap(['person'], ['cat', 'dog'])).toThrow(/share no name/);
  });
});

describe('relabelDetector', () => {
  it('renumbers detections into the dataset classes and drops the others', async () => {
    const found: Detection[] = [
      { box: { x1: 0, y1: 0, x2: 1, y2: 1 }, score: 0.9, classId: 0, label: 'person' },
      { box: { x1: 0, y1: 0, x2: 2, y2: 2 }, score: 0.8, classId: 2, label: 'car' },
    ];
    const detector: Detector = {
      family: 'fixed',
      labels: ['person', 'bicycle', 'car'],
      inputSize: null,
      detect: async () => found,
      dispose: () => undefined,
    };
    const relabelled = relabelDetector(detector, ['car', 'bicycle']);
    const image = tf.zeros([2, 2, 3]) as tf.Tensor3D;
    expect(await relabelled.detect(image)).toEqual([
      { ...found[1], classId: 0, label: 'car' },
    ]);
    expect(relabelled.labels).toEqual(['car', 'bicycle']);
    image.dispose();
  });
});

describe('yoloSamples', () => {
  it('decodes each image, reads its boxes in pixels, reports bad lines and bad images', async () => {
    const items = [
      { id: 'a.jpg', image: 'a', labelText: '1 0.5 0.5 0.5 0.25\n7 0.5 0.5 0.1 0.1\n' },
      { id: 'broken.jpg', image: 'broken', labelText: '' },
      { id: 'c.jpg', image: 'c', labelText: '' },
    ];
    const problems: LabelProblem[] = [];
    const samples: DetectionSample[] = [];
    for await (const sample of yoloSamples(items, 2, {
      decode: async (name) => {
        if (name === 'broken') throw new Error('the browser cannot decode this file');
        return tf.zeros([40, 80, 3], 'int32') as tf.Tensor3D;
      },
      cancelled: () => false,
      onProblem: (problem) => problems.push(problem),
    })) {
      samples.push(sample);
      sample.image.dispose();
    }

    expect(samples.map((s) => s.id)).toEqual(['a.jpg', 'c.jpg']);
    expect(samples[0].groundTruth).toEqual([
      { classId: 1, box: { x1: 20, y1: 15, x2: 60, y2: 25 } },
    ]);
    expect(samples[1].groundTruth).toEqual([]);
    expect(problems.map((p) => [p.file, p.line])).toEqual([
      ['a.txt', 2],
      ['broken.jpg', 0],
    ]);
    expect(problems[0].message).toMatch(/out of range/);
  });

  it('stops with "cancelled" when asked', async () => {
    let calls = 0;
    const read = async () => {
      for await (const sample of yoloSamples([{ id: 'a', image: 0, labelText: '' }], 1, {
        decode: async () => tf.zeros([1, 1, 3]) as tf.Tensor3D,
        cancelled: () => calls++ > 0,
        onProblem: () => undefined,
      })) {
        sample.image.dispose();
      }
    };
    await expect(read()).resolves.toBeUndefined();
    calls = 1;
    await expect(read()).rejects.toThrow('cancelled');
  });
});
