import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { parseLabels } from './labels';
import { loadTfliteGraph, type TfliteGraph } from './tflite_graph';

const SHARED = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const MODEL_DIR = `${SHARED}models/efficientnet-lite0-dogs/`;
const WASM_DIR = fileURLToPath(
  new URL('../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url),
);

/** samoyed.jpg as a [1, 224, 224, 3] float32 batch of RGB 0..255, bilinear resized. */
function samoyedBatch(): tf.Tensor4D {
  const image = jpeg.decode(readFileSync(`${SHARED}images/samoyed.jpg`), {
    useTArray: true,
  });
  return tf.tidy(() => {
    const rgba = tf.tensor3d(image.data, [image.height, image.width, 4], 'int32');
    const rgb = tf.cast(tf.slice(rgba, [0, 0, 0], [-1, -1, 3]), 'float32') as tf.Tensor3D;
    return tf.expandDims(tf.image.resizeBilinear(rgb, [224, 224]), 0) as tf.Tensor4D;
  });
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`EfficientNet-Lite0 dogs on the ${backend} backend`, () => {
    let graph: TfliteGraph;

    beforeAll(async () => {
      if (backend === 'wasm') setWasmPaths(WASM_DIR);
      await tf.setBackend(backend);
      graph = loadTfliteGraph(readFileSync(`${MODEL_DIR}model.tflite`));
    });

    afterAll(() => graph.dispose());

    test('describes itself from its metadata and packed labels', () => {
      expect(tf.getBackend()).toBe(backend);
      expect(graph.inputs).toEqual([
        { name: 'input_1', shape: [-1, 224, 224, 3], dtype: 'uint8' },
      ]);
      expect(graph.outputs).toEqual([
        { name: 'Identity', shape: [-1, 120], dtype: 'float32' },
      ]);
      expect(graph.description.name).toBe('efficientnet_lite0');
      // The metadata maps pixels to 0..1, the uint8 input's scale 1/255 maps them back:
      // the graph takes raw pixels.
      graph.description.normalization!.mean.forEach((m) => expect(m).toBeCloseTo(0, 5));
      graph.description.normalization!.std.forEach((s) => expect(s).toBeCloseTo(1, 5));
      const sideLabels = parseLabels(readFileSync(`${MODEL_DIR}labels.txt`, 'utf8'));
      expect(graph.description.labels).toHaveLength(120);
      // The packed file prefixes each name with its WordNet id: "n02111889-Samoyed".
      graph.description.labels!.forEach((label, i) =>
        expect(label.endsWith(`-${sideLabels[i]}`)).toBe(true),
      );
    });

    test('classifies samoyed.jpg as Samoyed and exposes the 1280-wide embedding', async () => {
      const batch = samoyedBatch();
      const embeddingName = graph
        .tensorNames()
        .find((n) => n.endsWith('global_average_pooling2d/Mean'))!;
      const before = tf.memory().numTensors;
      const [probabilities, embedding] = await graph.run(batch, [
        'Identity',
        embeddingName,
      ]);
      expect(tf.memory().numTensors - before).toBe(2);
      batch.dispose();

      const scores = Array.from(await probabilities.data());
      const top5 = scores
        .map((score, index) => ({ label: graph.description.labels![index], score }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 5);
      console.log(
        `${backend} top-5: ${top5.map((t) => `${t.label} ${t.score.toFixed(3)}`).join(', ')}`,
      );
      expect(top5[0].label).toBe('n02111889-Samoyed');
      expect(top5[0].score).toBeGreaterThan(0.45);
      expect(top5[0].score).toBeLessThan(0.65);
      expect(scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);

      expect(embedding.shape).toEqual([1, 1280]);
      const features = await embedding.data();
      expect(features.every(Number.isFinite)).toBe(true);
      expect(Math.max(...features)).toBeGreaterThan(0);
      tf.dispose([probabilities, embedding]);
    });
  });
}
