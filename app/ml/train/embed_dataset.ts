import * as tf from '@tensorflow/tfjs';

import type { LoadedGraph } from '../graph';
import { augmentView } from './augment';
import { embedImages, preprocessingId } from './embed';
import { embeddingKey, type EmbeddingCache } from './embedding_cache';

/** An image to embed: the hash of its file's bytes, and how to decode it when needed. */
export interface EmbedSource {
  /** SHA-256 (hex) of the image file. */
  hash: string;
  /** Decodes the image to an HWC RGB tensor (0..255); called only when something is missing. */
  load(): Promise<tf.Tensor3D>;
}

export interface EmbedDatasetOptions {
  graph: LoadedGraph;
  /** SHA-256 (hex) of the backbone's model file. */
  backboneId: string;
  /** Cut tensors to embed at, each cached on its own. */
  cutTensors: string[];
  /** Views per image: 1 is the image alone, more adds augmented views 1..views-1. */
  views?: number;
  /** Images run through the backbone together. */
  batchSize?: number;
  cache: EmbeddingCache;
  onProgress?(done: number, total: number): void;
  /** Asked between batches; true ends the call with a `CancelledError`. */
  cancelled?(): boolean;
}

/** The embeddings of one cut tensor: `values[item][view]`, flat float32. */
export interface DatasetEmbeddings {
  shape: number[];
  values: Float32Array[][];
}

export interface EmbedDatasetResult {
  /** Keyed by cut tensor name. */
  byCut: Record<string, DatasetEmbeddings>;
  /** Views run through the backbone now, and views found in the cache. */
  embedded: number;
  reused: number;
}

/** Thrown when an embedding run is cancelled; what was embedded before stays cached. */
export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

interface PendingView {
  item: number;
  view: number;
}

/**
 * Embeds every view of every image at the cut tensors, taking what the cache has and
 * running the backbone, in batches, only for the rest, which it then caches. A view
 * counts as reused when all its cuts were cached. An image is decoded once per batch
 * that needs it.
 */
export async function embedDataset(
  sources: EmbedSource[],
  options: EmbedDatasetOptions,
): Promise<EmbedDatasetResult> {
  const { graph, backboneId, cutTensors, cache, views = 1, batchSize = 16 } = options;
  if (!(Number.isInteger(views) && views >= 1))
    throw new Error(`views must be >= 1, not ${views}`);
  const preprocessing = preprocessingId(graph);
  const keyOf = (item: number, view: number, cutTensor: string) =>
    embeddingKey({
      imageHash: sources[item].hash,
      backboneId,
      cutTensor,
      preprocessing,
      view,
    });

  const byCut: Record<string, DatasetEmbeddings> = {};
  for (const cut of cutTensors) {
    byCut[cut] = { shape: [], values: sources.map(() => new Array<Float32Array>(views)) };
  }

  const pending: PendingView[] = [];
  const slots = sources.flatMap((_, item) =>
    Array.from({ length: views }, (_, view) => ({ item, view })),
  );
  const stored = await cache.getMany(
    slots.flatMap(({ item, view }) => cutTensors.map((cut) => keyOf(item, view, cut))),
  );
  let reused = 0;
  slots.forEach(({ item, view }, s) => {
    const found = stored.slice(s * cutTensors.length, (s + 1) * cutTensors.length);
    if (found.some((embedding) => embedding === undefined)) {
      pending.push({ item, view });
      return;
    }
    found.forEach((embedding, k) => {
      byCut[cutTensors[k]].shape = embedding!.shape;
      byCut[cutTensors[k]].values[item][view] = embedding!.values;
    });
    reused++;
  });

  const total = pending.length;
  options.onProgress?.(0, total);
  let done = 0;
  while (done < total) {
    if (options.cancelled?.())
      throw new CancelledError(`embedding cancelled after ${done} of ${total}`);
    const batch = pending.slice(done, done + batchSize);
    const pixels = await loadViews(sources, batch);
    let results;
    try {
      results = await embedImages(graph, pixels, cutTensors);
    } finally {
      tf.dispose(pixels);
    }

    const entries = [];
    for (const result of results) {
      byCut[result.cutTensor].shape = result.shape;
      for (let b = 0; b < batch.length; b++) {
        const { item, view } = batch[b];
        const values = result.values[b];
        byCut[result.cutTensor].values[item][view] = values;
        entries.push({
          key: keyOf(item, view, result.cutTensor),
          embedding: { shape: result.shape, values },
        });
      }
    }
    await cache.putMany(entries);
    done += batch.length;
    options.onProgress?.(done, total);
  }

  return { byCut, embedded: total, reused };
}

/** Decodes the images of a batch once each and makes the views asked for. */
async function loadViews(
  sources: EmbedSource[],
  batch: PendingView[],
): Promise<tf.Tensor3D[]> {
  const decoded = new Map<number, tf.Tensor3D>();
  try {
    for (const { item } of batch) {
      if (!decoded.has(item)) decoded.set(item, await sources[item].load());
    }
    return batch.map(({ item, view }) => {
      const image = decoded.get(item)!;
      return view === 0
        ? tf.clone(image)
        : augmentView(image, `${sources[item].hash}:${view}`);
    });
  } finally {
    tf.dispose([...decoded.values()]);
  }
}
