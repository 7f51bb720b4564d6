/**
 * Test accuracy of both head recipes, with and without augmentation, on the clothing
 * photos (EfficientNet-Lite0 features, the studio's default training settings).
 *
 *   npx tsx scripts/train-benchmark.ts [--views 5] [--backend wasm|cpu]
 *
 * A benchmark, not a test: it prints numbers and asserts nothing.
 */
import 'fake-indexeddb/auto';

import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';

import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

import { findFeatureTensor } from '../app/ml/features';
import { loadTfliteGraph } from '../app/ml/tflite';
import { findFeatureMapTensor } from '../app/ml/train/embed';
import { embedDataset } from '../app/ml/train/embed_dataset';
import { EmbeddingCache } from '../app/ml/train/embedding_cache';
import { DEFAULT_DROPOUT, HEAD_RECIPES } from '../app/ml/train/heads';
import { argMax, evaluatePredictions } from '../app/ml/train/metrics';
import { predictEmbeddings } from '../app/ml/train/predict';
import {
  clothingClasses,
  LITE0_PATH,
  photoSources,
  readClothing,
  sha256Hex,
  WASM_DIR,
} from '../app/ml/train/testing/clothing';
import { DEFAULT_TRAINING } from '../app/ml/train/train';
import { trainClassifier } from '../app/ml/train/train_classifier';

const { values: args } = parseArgs({
  options: {
    views: { type: 'string', default: '5' },
    backend: { type: 'string', default: 'wasm' },
  },
});
const augmentedViews = Number(args.views);
if (!(Number.isInteger(augmentedViews) && augmentedViews >= 2)) {
  throw new Error(
    `--views must be a whole number >= 2 (the photo and its views), not ${args.views}`,
  );
}

if (args.backend === 'wasm') setWasmPaths(WASM_DIR);
await tf.setBackend(args.backend!);
const cpu = cpus();
console.log(
  `backend ${tf.getBackend()}, Node ${process.version}, ${cpu.length} x ${cpu[0]?.model ?? 'cpu'}, ` +
    `${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
);

const modelBytes = new Uint8Array(readFileSync(LITE0_PATH));
const graph = loadTfliteGraph(modelBytes);
const pooledCut = findFeatureTensor(graph)!;
const mapCut = findFeatureMapTensor(graph, pooledCut)!;
const classes = clothingClasses();
const train = readClothing('train');
const test = readClothing('test');
const labelsOf = (photos: typeof train) =>
  photos.map((p) => classes.indexOf(p.className));
const cache = await EmbeddingCache.open('train-benchmark');
const common = {
  graph,
  backboneId: sha256Hex(modelBytes),
  cutTensors: [pooledCut, mapCut],
  cache,
};

let started = performance.now();
const trainEmbedded = await embedDataset(photoSources(train), {
  ...common,
  views: augmentedViews,
});
const testEmbedded = await embedDataset(photoSources(test), common);
const embedSeconds = (performance.now() - started) / 1000;
console.log(
  `embedded ${train.length} training photos x ${augmentedViews} views and ${test.length} test ` +
    `photos in ${embedSeconds.toFixed(1)} s`,
);

console.log('\nrecipe        augmentation   test accuracy   epochs   train time');
for (const recipe of HEAD_RECIPES) {
  const cut = recipe === 'pooled' ? pooledCut : mapCut;
  const { shape, values } = trainEmbedded.byCut[cut];
  for (const views of [1, augmentedViews]) {
    started = performance.now();
    const trained = await trainClassifier(
      {
        embeddings: values.map((imageViews) => imageViews.slice(0, views)),
        shape,
        labels: labelsOf(train),
        numClasses: classes.length,
      },
      { recipe, dropout: DEFAULT_DROPOUT[recipe], hiddenUnits: 0 },
      DEFAULT_TRAINING,
    );
    const seconds = (performance.now() - started) / 1000;
    const testViews = testEmbedded.byCut[cut].values.map((imageViews) => imageViews[0]);
    const probabilities = await predictEmbeddings(trained.head, testViews, shape);
    const { accuracy } = evaluatePredictions(
      probabilities.map(argMax),
      labelsOf(test),
      classes.length,
    );
    trained.head.dispose();
    console.log(
      `${recipe.padEnd(14)}${(views > 1 ? `${views - 1} views` : 'off').padEnd(15)}` +
        `${(accuracy * 100).toFixed(1).padStart(12)} %   ${String(trained.outcome.history.length).padStart(6)}` +
        `   ${seconds.toFixed(1).padStart(8)} s`,
    );
  }
}
graph.dispose();
cache.close();
