import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';

import { augmentView, viewParams } from './augment';

test('a view is a crop within the image, the same for the same seed', () => {
  const a = viewParams('abc:1', 300, 400);
  expect(viewParams('abc:1', 300, 400)).toEqual(a);
  expect(viewParams('abc:2', 300, 400)).not.toEqual(a);
  for (let v = 0; v < 50; v++) {
    const p = viewParams(`img:${v}`, 300, 400);
    expect(p.top + p.height).toBeLessThanOrEqual(300);
    expect(p.left + p.width).toBeLessThanOrEqual(400);
    expect(p.height).toBeGreaterThanOrEqual(0.7 * 300 - 1);
  }
});

test('augmentView crops, flips and shifts pixels as its parameters say, within 0..255', async () => {
  const image = tf.tidy(() =>
    tf.cast(tf.reshape(tf.range(0, 20 * 30 * 3), [20, 30, 3]).mod(256), 'int32'),
  ) as tf.Tensor3D;
  const before = tf.memory().numTensors;
  const seed = Array.from({ length: 40 }, (_, i) => `s${i}`).find(
    (s) => viewParams(s, 20, 30).flip,
  )!;
  const p = viewParams(seed, 20, 30);

  const view = augmentView(image, seed);
  expect(view.shape).toEqual([p.height, p.width, 3]);
  const values = await view.data();
  expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...values)).toBeLessThanOrEqual(255);

  const expected = tf.tidy(() => {
    const crop = tf.reverse(
      tf.slice(tf.cast(image, 'float32'), [p.top, p.left, 0], [p.height, p.width, 3]),
      1,
    );
    const mean = tf.mean(crop);
    return tf.clipByValue(
      tf.add(tf.add(tf.mul(tf.sub(crop, mean), p.contrast), mean), p.brightness),
      0,
      255,
    );
  });
  expect(Array.from(values)).toEqual(Array.from(await expected.data()));
  tf.dispose([view, expected]);
  expect(tf.memory().numTensors).toBe(before);
  image.dispose();
});
