import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';

import { buildHead } from './heads';
import { stackEmbeddings } from './predict';
import { gaussianBlobs } from './testing/blobs';
import { DEFAULT_TRAINING, trainHead, type LabelledTensors } from './train';
import { trainClassifier } from './train_classifier';

function blobsTensors(spread: number, seed: number): LabelledTensors {
  const { embeddings, labels } = gaussianBlobs(3, 40, 8, spread, seed);
  return { x: stackEmbeddings(embeddings, [8]), labels };
}

test('learns separable classes, logs every epoch, and frees what it made', async () => {
  const train = blobsTensors(0.5, 1);
  const validation = blobsTensors(0.5, 1);
  const before = tf.memory().numTensors;
  const head = buildHead({
    recipe: 'pooled',
    inputShape: [8],
    numClasses: 3,
    dropout: 0,
  });
  const logs: number[] = [];
  const outcome = await trainHead(
    head,
    train,
    validation,
    3,
    {
      ...DEFAULT_TRAINING,
      epochs: 20,
      learningRate: 0.02,
    },
    null,
    {
      onEpoch: (log) => logs.push(log.epoch),
    },
  );

  expect(logs).toEqual(outcome.history.map((h) => h.epoch));
  const last = outcome.history.at(-1)!;
  expect(last.valAccuracy).toBeGreaterThan(0.95);
  expect(last.loss).toBeLessThan(outcome.history[0].loss);
  expect(last.remainingMs).toBe(0);
  const headTensors = head.weights.length;
  expect(tf.memory().numTensors - before).toBe(headTensors);
  head.dispose();
  tf.dispose([train.x, validation.x]);
});

test('early stopping ends training and keeps the weights of the lowest validation loss', async () => {
  // Validation labels that contradict training: validation loss rises once training learns.
  const train = blobsTensors(0.3, 2);
  const validation = { x: train.x, labels: train.labels.map((l) => (l + 1) % 3) };
  const head = buildHead({
    recipe: 'pooled',
    inputShape: [8],
    numClasses: 3,
    dropout: 0,
  });
  const settings = {
    ...DEFAULT_TRAINING,
    epochs: 40,
    earlyStoppingPatience: 3,
    learningRate: 0.05,
  };
  const outcome = await trainHead(head, train, validation, 3, settings);

  expect(outcome.stopReason).toBe('early-stopping');
  const losses = outcome.history.map((h) => h.valLoss!);
  const bestEpoch = losses.indexOf(Math.min(...losses)) + 1;
  expect(outcome.bestEpoch).toBe(bestEpoch);
  expect(outcome.history.length).toBe(bestEpoch + 3);

  const probabilities = head.predict(validation.x) as tf.Tensor2D;
  const oneHot = tf.oneHot(tf.tensor1d(validation.labels, 'int32'), 3);
  const loss = tf.mean(tf.neg(tf.sum(tf.mul(oneHot, tf.log(probabilities)), 1)));
  expect((await loss.data())[0]).toBeCloseTo(losses[bestEpoch - 1], 4);
  tf.dispose([probabilities, oneHot, loss, train.x]);
  head.dispose();
});

test('a stop between batches ends training at once and keeps the best weights so far', async () => {
  const train = blobsTensors(0.5, 3);
  const head = buildHead({
    recipe: 'pooled',
    inputShape: [8],
    numClasses: 3,
    dropout: 0,
  });
  let batches = 0;
  const outcome = await trainHead(
    head,
    train,
    train,
    3,
    { ...DEFAULT_TRAINING, batchSize: 8 },
    null,
    {
      shouldStop: () => batches >= 40,
      yieldBetweenBatches: async () => void batches++,
    },
  );
  expect(outcome.stopReason).toBe('stopped');
  expect(batches).toBe(40);
  // 120 items in batches of 8: 15 a epoch, so the stop came during epoch 3.
  expect(outcome.history.length).toBe(3);
  expect(outcome.bestEpoch).toBeGreaterThan(0);
  head.dispose();
  train.x.dispose();
});

test('trainClassifier splits by image, trains on every view, validates on the image alone', async () => {
  const { embeddings, labels } = gaussianBlobs(2, 10, 4, 0.3, 4);
  const views = embeddings.map((e) => [
    e,
    e.map((x) => x + 0.01),
    e.map((x) => x - 0.01),
  ]);
  const result = await trainClassifier(
    { embeddings: views, shape: [4], labels, numClasses: 2 },
    { recipe: 'pooled', dropout: 0, hiddenUnits: 0 },
    { ...DEFAULT_TRAINING, epochs: 3, validationFraction: 0.2 },
  );
  expect(result.validationImages.length).toBe(4);
  expect(result.trainImages.length).toBe(16);
  expect(new Set([...result.trainImages, ...result.validationImages]).size).toBe(20);
  expect(result.outcome.history).toHaveLength(3);
  result.head.dispose();

  await expect(
    trainClassifier(
      {
        embeddings: views.slice(0, 10),
        shape: [4],
        labels: labels.slice(0, 10),
        numClasses: 2,
      },
      { recipe: 'pooled', dropout: 0, hiddenUnits: 0 },
      DEFAULT_TRAINING,
    ),
  ).rejects.toThrow(/2 or more classes, not 1/);
});

test('settings out of range are refused with the value named', async () => {
  const train = blobsTensors(0.5, 5);
  const head = buildHead({
    recipe: 'pooled',
    inputShape: [8],
    numClasses: 3,
    dropout: 0,
  });
  await expect(
    trainHead(head, train, null, 3, { ...DEFAULT_TRAINING, learningRate: 0 }),
  ).rejects.toThrow('learning rate must be in (0, 1), not 0');
  await expect(
    trainHead(head, train, null, 3, { ...DEFAULT_TRAINING, epochs: 1.5 }),
  ).rejects.toThrow(/epochs/);
  head.dispose();
  train.x.dispose();
});
