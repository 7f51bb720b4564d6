import 'fake-indexeddb/auto';

import { afterEach, expect, test } from 'vitest';

import { EmbeddingCache, embeddingKey, type EmbeddingKeyParts } from './embedding_cache';

const parts: EmbeddingKeyParts = {
  imageHash: 'aa11',
  backboneId: 'bb22',
  cutTensor: 'head/global_average_pooling2d/Mean',
  preprocessing: 'bilinear-224x224;raw0-255',
  view: 0,
};

let cache: EmbeddingCache | null = null;
afterEach(() => cache?.close());

test('every part of the key tells embeddings apart', () => {
  const base = embeddingKey(parts);
  const changes: Partial<EmbeddingKeyParts>[] = [
    { imageHash: 'aa12' },
    { backboneId: 'bb23' },
    { cutTensor: 'head/Relu6' },
    { preprocessing: 'bilinear-240x240;raw0-255' },
    { view: 1 },
  ];
  for (const change of changes)
    expect(embeddingKey({ ...parts, ...change })).not.toBe(base);
});

test('stores float32 embeddings, reads them back exactly, and counts hits and misses', async () => {
  cache = await EmbeddingCache.open('embedding-cache-test');
  const values = Float32Array.from({ length: 1280 }, (_, i) => Math.sin(i) * 3.5);
  const key = embeddingKey(parts);
  const other = embeddingKey({ ...parts, view: 2 });

  expect(await cache.getMany([key])).toEqual([undefined]);
  // A view into a larger buffer: only its own bytes are stored.
  const padded = new Float32Array(1290);
  padded.set(values, 5);
  await cache.putMany([
    { key, embedding: { shape: [1280], values: padded.subarray(5, 1285) } },
  ]);

  const [found, missing] = await cache.getMany([key, other]);
  expect(missing).toBeUndefined();
  expect(found!.shape).toEqual([1280]);
  expect(Array.from(found!.values)).toEqual(Array.from(values));
  expect([cache.hits, cache.misses]).toEqual([1, 2]);
  expect(await cache.count()).toBe(1);

  cache.close();
  cache = await EmbeddingCache.open('embedding-cache-test');
  expect(await cache.count()).toBe(1);
  await cache.clear();
  expect(await cache.count()).toBe(0);
});
