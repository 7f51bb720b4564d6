/**
 * The worker's training session on real parts, kept small: EfficientNet-Lite0 on WASM,
 * 8 clothing photos of each of 3 classes, IndexedDB from fake-indexeddb.
 */
import 'fake-indexeddb/auto';

import { readFileSync } from 'node:fs';

import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, expect, test } from 'vitest';

import { loadTfliteGraph, type TfliteGraph } from '../tflite';
import { DEFAULT_DROPOUT } from './heads';
import {
  decodeJpeg,
  LITE0_PATH,
  readClothing,
  sha256Hex,
  WASM_DIR,
} from './testing/clothing';
import { DEFAULT_TRAINING } from './train';
import {
  TrainingSession,
  type LabelledImage,
  type TrainRequest,
} from './training_session';

const CLASSES = ['hat', 'pants', 'shoes'];
const databases = { embeddings: 'session-embeddings', heads: 'session-heads' };
let graph: TfliteGraph;
let backboneId: string;
let images: LabelledImage[];
let tensorsAfterLoad: number;
const sessions: TrainingSession[] = [];

function newSession(): TrainingSession {
  const session = new TrainingSession(
    async (blob) => decodeJpeg(new Uint8Array(await blob.arrayBuffer())),
    databases,
  );
  session.setBackbone(graph, backboneId);
  sessions.push(session);
  return session;
}

function request(epochs: number): TrainRequest {
  return {
    images,
    labels: CLASSES,
    head: { recipe: 'pooled', dropout: DEFAULT_DROPOUT.pooled, hiddenUnits: 0 },
    settings: { ...DEFAULT_TRAINING, epochs, batchSize: 4, validationFraction: 0.25 },
    augmentViews: 0,
    backbone: { name: 'efficientnet_lite0', source: 'file:model.tflite' },
  };
}

beforeAll(async () => {
  setWasmPaths(WASM_DIR);
  await tf.setBackend('wasm');
  const bytes = new Uint8Array(readFileSync(LITE0_PATH));
  backboneId = sha256Hex(bytes);
  graph = loadTfliteGraph(bytes);
  tensorsAfterLoad = tf.memory().numTensors;
  images = readClothing('train')
    .filter((photo) => CLASSES.includes(photo.className))
    .filter((_, i) => i % 30 < 8)
    .map((photo) => ({
      id: photo.path,
      hash: photo.hash,
      image: new Blob([photo.bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }),
      label: CLASSES.indexOf(photo.className),
    }));
});

afterAll(() => {
  sessions.forEach((session) => session.dispose());
  expect(tf.memory().numTensors).toBe(tensorsAfterLoad);
  graph.dispose();
});

test('trains, survives a reload with the same head, and embeds nothing new the second time', async () => {
  expect(images).toHaveLength(24);
  const session = newSession();
  const epochs: number[] = [];
  const report = await session.train(request(8), {
    onEpoch: (log) => epochs.push(log.epoch),
  });
  expect(report.counts).toEqual({ embedded: 24, reused: 0 });
  expect(epochs).toEqual(report.outcome.history.map((log) => log.epoch));
  expect(report.validationImageIds).toHaveLength(6);
  expect(report.metadata.backbone.sha256).toBe(backboneId);
  expect(report.metadata.cutTensor).toMatch(/global_average_pooling2d\/Mean$/);

  const photo = decodeJpeg(new Uint8Array(await images[3].image.arrayBuffer()));
  const before = await session.predict(photo, 3);
  const evaluation = await session.evaluate(images, /* asTest= */ true);
  expect(evaluation.counts).toEqual({ embedded: 0, reused: 24 });
  expect(session.current()!.metrics.testAccuracy).toBe(evaluation.evaluation.accuracy);

  // A new session on the same databases is what a reloaded page gets.
  const reloaded = newSession();
  const restored = await reloaded.restore();
  expect(restored!.labels).toEqual(CLASSES);
  expect(restored!.metrics.testAccuracy).toBe(evaluation.evaluation.accuracy);
  const after = await reloaded.predict(photo, 3);
  after.forEach((score, i) => {
    expect(score.label).toBe(before[i].label);
    expect(Math.abs(score.score - before[i].score)).toBeLessThan(1e-5);
  });
  const again = await reloaded.train(request(2));
  expect(again.counts).toEqual({ embedded: 0, reused: 24 });
  photo.dispose();
});

test('a stop during training ends it and keeps the best weights as the head', async () => {
  const session = newSession();
  const report = await session.train(request(50), {
    onEpoch: (log) => {
      if (log.epoch === 3) session.stop();
    },
  });
  expect(report.outcome.stopReason).toBe('stopped');
  expect(report.outcome.history).toHaveLength(3);
  expect(session.current()!.training.stopReason).toBe('stopped');
  const photo = decodeJpeg(new Uint8Array(await images[0].image.arrayBuffer()));
  const scores = await session.predict(photo, 3);
  photo.dispose();
  expect(scores.reduce((sum, s) => sum + s.score, 0)).toBeCloseTo(1, 4);
});

test('an export from another backbone, or a bad label, is refused and changes nothing', async () => {
  const session = newSession();
  await session.restore();
  const files = await session.exportFiles();
  const other = new TrainingSession(async () => tf.zeros([1, 1, 3]), databases);
  other.setBackbone(graph, 'f'.repeat(64));
  sessions.push(other);
  await expect(other.importFiles(files)).rejects.toThrow(
    /trained on efficientnet_lite0 .*load that backbone first/,
  );
  expect(other.current()).toBeNull();

  const bad = { ...request(1), images: [{ ...images[0], label: 7 }, ...images.slice(1)] };
  await expect(session.train(bad)).rejects.toThrow(/label 7, not one of 3 classes/);
  expect(session.current()).not.toBeNull();
});

test('a cut chosen by hand is where the pooled recipe embeds', () => {
  const session = newSession();
  const pooled = session.cutTensorFor('pooled');
  expect(pooled).toMatch(/global_average_pooling2d\/Mean$/);
  expect(session.cutTensorFor('feature-map')).not.toBe(pooled);

  const logits = graph.outputs[0].name;
  session.setPooledTensor(logits);
  expect(session.cutTensorFor('pooled')).toBe(logits);
  expect(() => session.cutTensorFor('feature-map')).toThrow(/feature-map recipe needs/);

  session.setPooledTensor(pooled);
  expect(session.cutTensorFor('pooled')).toBe(pooled);
});
