import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';

import { buildHead } from './heads';

test('recipe A is dropout then a softmax Dense on the pooled vector', () => {
  const head = buildHead({
    recipe: 'pooled',
    inputShape: [16],
    numClasses: 4,
    dropout: 0.2,
  });
  expect(head.layers.map((l) => l.getClassName())).toEqual([
    'InputLayer',
    'Dropout',
    'Dense',
  ]);
  expect(head.outputs[0].shape).toEqual([null, 4]);
  const probabilities = head.predict(tf.randomNormal([3, 16])) as tf.Tensor;
  const sums = tf.sum(probabilities, 1);
  sums.dataSync().forEach((s) => expect(s).toBeCloseTo(1, 5));
  tf.dispose([probabilities, sums]);
  head.dispose();
});

test('recipe B flattens the map, drops out 0.5, and may add a hidden layer', () => {
  const head = buildHead({
    recipe: 'feature-map',
    inputShape: [2, 2, 8],
    numClasses: 3,
    dropout: 0.5,
    hiddenUnits: 5,
  });
  expect(head.layers.map((l) => l.getClassName())).toEqual([
    'InputLayer',
    'Flatten',
    'Dropout',
    'Dense',
    'Dense',
  ]);
  expect((head.layers[2].getConfig() as { rate: number }).rate).toBe(0.5);
  expect(head.countParams()).toBe(32 * 5 + 5 + 5 * 3 + 3);
  head.dispose();
});

test('a head refuses shapes and settings that do not fit its recipe', () => {
  expect(() =>
    buildHead({ recipe: 'pooled', inputShape: [7, 7, 4], numClasses: 3, dropout: 0 }),
  ).toThrow(/pooled recipe takes a vector/);
  expect(() =>
    buildHead({ recipe: 'feature-map', inputShape: [4], numClasses: 3, dropout: 0 }),
  ).toThrow(/feature-map recipe/);
  expect(() =>
    buildHead({ recipe: 'pooled', inputShape: [4], numClasses: 1, dropout: 0 }),
  ).toThrow(/2 or more classes/);
});
