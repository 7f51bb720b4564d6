/**
 * The training path end to end on real parts: EfficientNet-Lite0 (TFLite) on the WASM
 * backend, the real clothing photos (300 to train, 144 to test), embeddings cached in
 * IndexedDB (fake-indexeddb in Node), both head recipes, export and import.
 */
import 'fake-indexeddb/auto';

import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { findFeatureTensor } from '../features';
import { loadTfliteGraph, type TfliteGraph } from '../tflite';
import { findFeatureMapTensor } from './embed';
import { embedDataset, type DatasetEmbeddings } from './embed_dataset';
import { EmbeddingCache } from './embedding_cache';
import { exportHead, importHead, zipFiles, type HeadMetadata } from './export';
import { DEFAULT_DROPOUT, type HeadRecipe } from './heads';
import { argMax, evaluatePredictions } from './metrics';
import { classifyWithHead, predictEmbeddings } from './predict';
import {
  clothingClasses,
  decodeJpeg,
  LITE0_PATH,
  photoSources,
  readClothing,
  sha256Hex,
  WASM_DIR,
  type PhotoFile,
} from './testing/clothing';
import { DEFAULT_TRAINING } from './train';
import { trainClassifier, type TrainedClassifier } from './train_classifier';

describe('training heads on EfficientNet-Lite0 features of the clothing photos', () => {
  const classes = clothingClasses();
  let graph: TfliteGraph;
  let backboneId: string;
  let cache: EmbeddingCache;
  let train: PhotoFile[];
  let testPhotos: PhotoFile[];
  let pooledCut: string;
  let mapCut: string;
  let byCut: Record<string, DatasetEmbeddings>;
  let tensorsAfterLoad: number;
  const heads: Partial<Record<HeadRecipe, TrainedClassifier>> = {};

  const labelsOf = (photos: PhotoFile[]) =>
    photos.map((p) => classes.indexOf(p.className));

  async function trainAndScore(recipe: HeadRecipe): Promise<number> {
    const cut = recipe === 'pooled' ? pooledCut : mapCut;
    const { shape, values } = byCut[cut];
    const trained = await trainClassifier(
      {
        embeddings: values.slice(0, train.length),
        shape,
        labels: labelsOf(train),
        numClasses: 10,
      },
      { recipe, dropout: DEFAULT_DROPOUT[recipe], hiddenUnits: 0 },
      DEFAULT_TRAINING,
    );
    heads[recipe] = trained;
    const testEmbeddings = values.slice(train.length).map((views) => views[0]);
    const probabilities = await predictEmbeddings(trained.head, testEmbeddings, shape);
    const evaluation = evaluatePredictions(
      probabilities.map(argMax),
      labelsOf(testPhotos),
      10,
    );
    const { history, bestEpoch, stopReason } = trained.outcome;
    console.log(
      `${recipe}: test accuracy ${evaluation.accuracy.toFixed(3)} on ${evaluation.count} ` +
        `photos; ${history.length} epochs (${stopReason}, best ${bestEpoch})`,
    );
    return evaluation.accuracy;
  }

  beforeAll(async () => {
    setWasmPaths(WASM_DIR);
    await tf.setBackend('wasm');
    const modelBytes = new Uint8Array(readFileSync(LITE0_PATH));
    backboneId = sha256Hex(modelBytes);
    graph = loadTfliteGraph(modelBytes);
    tensorsAfterLoad = tf.memory().numTensors;
    pooledCut = findFeatureTensor(graph)!;
    mapCut = findFeatureMapTensor(graph, pooledCut)!;

    train = readClothing('train');
    testPhotos = readClothing('test');
    cache = await EmbeddingCache.open('clothing-test');
    const result = await embedDataset(photoSources([...train, ...testPhotos]), {
      graph,
      backboneId,
      cutTensors: [pooledCut, mapCut],
      cache,
    });
    expect(result.embedded).toBe(train.length + testPhotos.length);
    byCut = result.byCut;
  });

  afterAll(async () => {
    Object.values(heads).forEach((trained) => trained.head.dispose());
    expect(tf.memory().numTensors).toBe(tensorsAfterLoad);
    graph.dispose();
    cache.close();
  });

  test('finds the pooled vector and the feature map that feeds it', () => {
    expect(train).toHaveLength(300);
    expect(testPhotos.length).toBeGreaterThan(120);
    expect(pooledCut).toMatch(/global_average_pooling2d\/Mean$/);
    expect(mapCut).toMatch(/head\/Relu6/);
    expect(byCut[pooledCut].shape).toEqual([1280]);
    expect(byCut[mapCut].shape).toEqual([7, 7, 1280]);

    // The pooled vector is the mean of the map over its 7x7 positions.
    const map = byCut[mapCut].values[0][0];
    const pooled = byCut[pooledCut].values[0][0];
    for (const channel of [0, 100, 1279]) {
      let sum = 0;
      for (let p = 0; p < 49; p++) sum += map[p * 1280 + channel];
      expect(sum / 49).toBeCloseTo(pooled[channel], 4);
    }
  });

  test('embedding again reuses the cache; augmented views are new, distinct, and cached', async () => {
    const sources = photoSources(train.slice(0, 3));
    const again = await embedDataset(sources, {
      graph,
      backboneId,
      cutTensors: [pooledCut],
      cache,
    });
    expect([again.embedded, again.reused]).toEqual([0, 3]);
    expect(Array.from(again.byCut[pooledCut].values[2][0])).toEqual(
      Array.from(byCut[pooledCut].values[2][0]),
    );

    const options = { graph, backboneId, cutTensors: [pooledCut], cache, views: 3 };
    const augmented = await embedDataset(sources, options);
    expect([augmented.embedded, augmented.reused]).toEqual([6, 3]);
    const [original, view1, view2] = augmented.byCut[pooledCut].values[0];
    expect(Array.from(view1)).not.toEqual(Array.from(original));
    expect(Array.from(view2)).not.toEqual(Array.from(view1));
    const thirdTime = await embedDataset(sources, options);
    expect([thirdTime.embedded, thirdTime.reused]).toEqual([0, 9]);
    expect(Array.from(thirdTime.byCut[pooledCut].values[0][1])).toEqual(
      Array.from(view1),
    );
  });

  test('recipe A (pooled vector, Dense softmax) with the defaults scores >= 78% on test', async () => {
    expect(await trainAndScore('pooled')).toBeGreaterThanOrEqual(0.78);
  });

  test('recipe B (feature map, Flatten, Dropout 0.5, Dense) with the defaults scores >= 70%', async () => {
    expect(await trainAndScore('feature-map')).toBeGreaterThanOrEqual(0.7);
  });

  test('the exported head loads in plain tf.loadLayersModel over HTTP and predicts the same', async () => {
    const { head } = heads.pooled!;
    const files = await exportHead(head, metadataFor('pooled'));
    const folder = await mkdtemp(join(tmpdir(), 'head-export-'));
    await Promise.all(
      files.map((f) => writeFile(join(folder, f.name), new Uint8Array(f.bytes))),
    );
    const server = await serveFolder(folder);

    try {
      const { port } = server.address() as { port: number };
      const plain = await tf.loadLayersModel(`http://127.0.0.1:${port}/model.json`);
      for (const photo of testPhotos.slice(0, 3)) {
        const image = decodeJpeg(photo.bytes);
        const studio = await classifyWithHead(graph, head, pooledCut, image);

        // Outside the studio's code: resize to 224x224 RGB 0..255, run the graph to the
        // pooled vector, then the loaded layers model.
        const batch = tf.tidy(() =>
          tf.image.resizeBilinear(tf.cast(image, 'float32'), [224, 224]).expandDims(0),
        );
        const [embedding] = await graph.run(batch, [pooledCut]);
        const output = plain.predict(embedding) as tf.Tensor;
        const probabilities = await output.data();
        tf.dispose([image, batch, embedding, output]);

        expect(probabilities).toHaveLength(10);
        probabilities.forEach((p, i) =>
          expect(Math.abs(p - studio[i])).toBeLessThan(1e-5),
        );
      }
      plain.dispose();
    } finally {
      server.close();
      await rm(folder, { recursive: true });
    }
  });

  test('importing an exported zip restores a classifier with the same probabilities', async () => {
    for (const recipe of ['pooled', 'feature-map'] as const) {
      const { head } = heads[recipe]!;
      const zip = zipFiles(await exportHead(head, metadataFor(recipe)));
      const imported = await importHead([
        { name: 'head.zip', bytes: zip.buffer as ArrayBuffer },
      ]);
      expect(imported.metadata.head.recipe).toBe(recipe);
      expect(imported.metadata.labels).toEqual(classes);

      for (const photo of testPhotos.slice(20, 23)) {
        const image = decodeJpeg(photo.bytes);
        const cut = imported.metadata.cutTensor;
        const before = await classifyWithHead(graph, head, cut, image);
        const after = await classifyWithHead(graph, imported.head, cut, image);
        image.dispose();
        after.forEach((p, i) => expect(Math.abs(p - before[i])).toBeLessThan(1e-5));
      }
      imported.head.dispose();
    }
  });

  function metadataFor(recipe: HeadRecipe): HeadMetadata {
    const trained = heads[recipe]!;
    const cut = recipe === 'pooled' ? pooledCut : mapCut;
    return {
      version: 1,
      labels: classes,
      backbone: {
        name: 'efficientnet_lite0',
        source: `file:model.tflite`,
        sha256: backboneId,
      },
      input: { size: [224, 224], normalization: null, dtype: 'uint8' },
      cutTensor: cut,
      embeddingShape: byCut[cut].shape,
      head: { recipe, dropout: DEFAULT_DROPOUT[recipe], hiddenUnits: 0 },
      training: {
        ...DEFAULT_TRAINING,
        augmentViews: 1,
        trainImages: trained.trainImages.length,
        validationImages: trained.validationImages.length,
        epochsRun: trained.outcome.history.length,
        bestEpoch: trained.outcome.bestEpoch,
        stopReason: trained.outcome.stopReason,
      },
      metrics: {},
      createdAt: new Date().toISOString(),
    };
  }
});

/** A static file server on a free local port, as a page's host would serve an export. */
function serveFolder(folder: string): Promise<Server> {
  const server = createServer((request, response) => {
    const name = decodeURIComponent((request.url ?? '/').split('?')[0]).replace(
      /^\/+/,
      '',
    );
    try {
      if (name.includes('/') || name.includes('..'))
        throw new Error('outside the folder');
      const body = readFileSync(join(folder, name));
      response.writeHead(200, { 'Content-Length': body.length });
      response.end(body);
    } catch {
      response.writeHead(404);
      response.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
