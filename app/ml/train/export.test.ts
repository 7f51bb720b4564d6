import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { expect, test } from 'vitest';

import {
  exportHead,
  importHead,
  METADATA_FILE,
  MODEL_FILE,
  WEIGHTS_FILE,
  zipFiles,
  type HeadMetadata,
} from './export';
import { buildHead } from './heads';
import { DEFAULT_TRAINING } from './train';

function metadataFor(labels: string[], shape: number[]): HeadMetadata {
  return {
    version: 1,
    labels,
    backbone: { name: 'test backbone', source: 'file:none', sha256: '00' },
    input: { size: [224, 224], normalization: null, dtype: 'uint8' },
    cutTensor: 'feature',
    embeddingShape: shape,
    head: { recipe: 'feature-map', dropout: 0.5, hiddenUnits: 4 },
    training: {
      ...DEFAULT_TRAINING,
      augmentViews: 1,
      trainImages: 0,
      validationImages: 0,
      epochsRun: 0,
      bestEpoch: 0,
      stopReason: 'completed',
    },
    metrics: {},
    createdAt: new Date(0).toISOString(),
  };
}

test('a head round-trips through separate files and through a zip, predicting the same', async () => {
  const head = buildHead({
    recipe: 'feature-map',
    inputShape: [2, 2, 3],
    numClasses: 3,
    dropout: 0.5,
    hiddenUnits: 4,
  });
  const files = await exportHead(head, metadataFor(['a', 'b', 'c'], [2, 2, 3]));
  expect(files.map((f) => f.name)).toEqual([MODEL_FILE, WEIGHTS_FILE, METADATA_FILE]);
  const weightBytes = head.countParams() * 4;
  expect(files[1].bytes.byteLength).toBe(weightBytes);

  const zip = zipFiles(files);
  expect(Object.keys(unzipSync(zip)).sort()).toEqual([
    METADATA_FILE,
    MODEL_FILE,
    WEIGHTS_FILE,
  ]);
  const x = tf.randomNormal([5, 2, 2, 3]);
  const expected = await (head.predict(x) as tf.Tensor).data();
  for (const input of [files, [{ name: 'head.zip', bytes: zip.buffer as ArrayBuffer }]]) {
    const imported = await importHead(input);
    expect(imported.metadata.labels).toEqual(['a', 'b', 'c']);
    const actual = imported.head.predict(x) as tf.Tensor;
    expect(Array.from(await actual.data())).toEqual(Array.from(expected));
    actual.dispose();
    imported.head.dispose();
  }
  x.dispose();
  head.dispose();
});

test('an incomplete or mismatched export is refused with a message that says why', async () => {
  const head = buildHead({
    recipe: 'pooled',
    inputShape: [4],
    numClasses: 2,
    dropout: 0,
  });
  const files = await exportHead(head, metadataFor(['a', 'b'], [4]));
  head.dispose();

  await expect(importHead(files.slice(0, 2))).rejects.toThrow(
    'an exported head needs metadata.json (given: model.json, weights.bin)',
  );
  const threeLabels = new TextEncoder().encode(
    JSON.stringify(metadataFor(['a', 'b', 'c'], [4])),
  );
  await expect(
    importHead([
      files[0],
      files[1],
      { name: METADATA_FILE, bytes: threeLabels.buffer as ArrayBuffer },
    ]),
  ).rejects.toThrow('the head has 2 outputs but 3 labels');
  const notJson = new TextEncoder().encode('{ nope');
  await expect(
    importHead([
      { name: MODEL_FILE, bytes: notJson.buffer as ArrayBuffer },
      files[1],
      files[2],
    ]),
  ).rejects.toThrow(/model.json is not valid JSON/);
});
