import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { NamedBytes } from '../graph_model';
import { DetectorSession } from './detector_session';

const SHARED = resolve(__dirname, '../../../../shared');
const CENTERNET = resolve(SHARED, 'models/centernet-coco');
const COCO128 = resolve(SHARED, 'datasets/coco128-val');

function file(path: string): NamedBytes {
  const bytes = readFileSync(path);
  return {
    name: path.split('/').pop() as string,
    bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
  };
}

function decodeJpeg(path: string): tf.Tensor3D {
  const { data, width, height } = jpeg.decode(readFileSync(path), {
    useTArray: true,
    formatAsRGBA: false,
  });
  return tf.tensor3d(data, [height, width, 3], 'int32');
}

describe('DetectorSession on the real CenterNet graph', () => {
  const session = new DetectorSession();

  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  afterAll(() => session.dispose());

  it('refuses a classifier, keeps nothing of it, and asks for a detector first', async () => {
    const before = tf.memory().numTensors;
    const classifier = file(
      resolve(SHARED, 'models/efficientnet-lite0-dogs/model.tflite'),
    );
    await expect(session.load('dogs.tflite', [classifier])).rejects.toThrow(
      /has no detection outputs/,
    );
    expect(tf.memory().numTensors).toBe(before);
    const image = tf.zeros([8, 8, 3]) as tf.Tensor3D;
    await expect(session.detect(image, {})).rejects.toThrow('load a detector first');
    image.dispose();
  });

  it('loads with labels.txt and detects the horses, leaving no tensor behind', async () => {
    const files = ['centernet.json', 'centernet.bin', 'labels.txt'].map((name) =>
      file(resolve(CENTERNET, name)),
    );
    const summary = await session.load('centernet.json', files);
    expect(summary).toMatchObject({
      family: 'centernet',
      format: 'tfjs-graph',
      inputSize: [512, 512],
    });
    expect(summary.labels).toHaveLength(80);
    expect(summary.labels[39]).toBe('bottle');

    const photo = decodeJpeg(resolve(COCO128, 'images/000000007281.jpg'));
    const first = await session.detect(photo, { scoreThreshold: 0.3 });
    const held = tf.memory().numTensors;
    const second = await session.detect(photo, { scoreThreshold: 0.3 });
    expect(tf.memory().numTensors).toBe(held);
    photo.dispose();

    expect([first.width, first.height]).toEqual([640, 361]);
    expect(first.inferenceMs).toBeGreaterThan(0);
    expect(first.detections.filter((d) => d.label === 'horse')).toHaveLength(3);
    expect(second.detections).toEqual(first.detections);
  });

  it('scores a YOLO folder by class name, with progress, and can be cancelled', async () => {
    const names = ['000000007281.jpg', '000000000139.jpg'];
    const items = names.map((name) => ({
      id: name,
      image: resolve(COCO128, 'images', name),
      labelText: readFileSync(
        resolve(COCO128, 'labels', name.replace('.jpg', '.txt')),
        'utf8',
      ),
    }));
    const classNames = readFileSync(resolve(COCO128, 'classes.txt'), 'utf8')
      .trim()
      .split('\n');
    const progress: number[] = [];
    const before = tf.memory().numTensors;

    const result = await session.evaluate(
      classNames,
      items,
      { scoreThreshold: 0.05 },
      {
        decode: async (path) => decodeJpeg(path),
        cancelled: () => false,
        onImage: (done, total) => progress.push(done / total),
      },
    );
    expect(progress).toEqual([0.5, 1]);
    expect(result.imageCount).toBe(2);
    expect(result.problemCount).toBe(0);
    expect(result.classNames).toBe(classNames);
    expect(result.map50).toBeGreaterThan(0);
    expect(result.map50).toBeLessThanOrEqual(1);
    expect(result.perClass.find((c) => classNames[c.classId] === 'horse')?.ap50).toBe(1);
    expect(tf.memory().numTensors).toBe(before);

    await expect(
      session.evaluate(
        classNames,
        items,
        {},
        {
          decode: async (path) => decodeJpeg(path),
          cancelled: () => progress.length >= 3,
          onImage: (done) => progress.push(done),
        },
      ),
    ).rejects.toThrow('cancelled');
    expect(tf.memory().numTensors).toBe(before);
  });
});
