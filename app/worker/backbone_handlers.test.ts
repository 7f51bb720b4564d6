import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';

import type { BackendReport } from '../ml/backend_info';
import type { LoadedGraph } from '../ml/graph';
import type { NamedBytes } from '../ml/graph_model';
import { filesHash } from '../ml/train/content_hash';
import { backboneHandlers, type BackboneListener } from './backbone_handlers';
import type { CallContext } from './handler';
import type { ProgressUpdate } from './protocol';

const SHARED = resolve(__dirname, '../../../shared');
const DOGS = resolve(SHARED, 'models/efficientnet-lite0-dogs/model.tflite');
const WASM: BackendReport = { name: 'wasm', skipped: [] };

function file(path: string): NamedBytes {
  const bytes = readFileSync(path);
  return {
    name: path.split('/').pop() as string,
    bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
  };
}

/** A call context that records its progress and is never cancelled. */
function recordingContext(): CallContext & { updates: ProgressUpdate[] } {
  const updates: ProgressUpdate[] = [];
  return { updates, progress: (update) => updates.push(update), cancelled: () => false };
}

/** A listener that records what it hears, with the live tensor count at that moment. */
function recordingListener() {
  const loaded: { graph: LoadedGraph; backboneId: string; numTensors: number }[] = [];
  const cuts: string[] = [];
  const listener: BackboneListener = {
    backboneLoaded: (graph, backboneId) =>
      loaded.push({ graph, backboneId, numTensors: tf.memory().numTensors }),
    featureTensorChosen: (name) => cuts.push(name),
  };
  return { listener, loaded, cuts };
}

describe('backbone handlers on the real EfficientNet-Lite0 dogs model', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it('without a backend or a backbone, refuses to load, cut or classify', async () => {
    const { listener, loaded } = recordingListener();
    const handlers = backboneHandlers(() => {
      throw new Error('the ML worker has not started a backend yet');
    }, listener);
    const context = recordingContext();

    await expect(
      handlers.loadBackbone({ name: 'model.tflite', files: [file(DOGS)] }, context),
    ).rejects.toThrow('has not started a backend');
    await expect(
      handlers.setFeatureTensor({ name: 'Identity' }, context),
    ).rejects.toThrow('load a model first');
    await expect(
      handlers.classify({ image: new Blob([]), topK: 3 }, context),
    ).rejects.toThrow('load a model first');
    expect(loaded).toHaveLength(0);
    expect(context.updates).toHaveLength(0);
  });

  it('disposes the old backbone before training hears of its replacement', async () => {
    const { listener, loaded, cuts } = recordingListener();
    const handlers = backboneHandlers(() => WASM, listener);
    const files = [file(DOGS)];
    const before = tf.memory().numTensors;

    const first = recordingContext();
    const summary = await handlers.loadBackbone({ name: 'model.tflite', files }, first);
    expect(first.updates.map(({ done, total }) => `${done}/${total}`)).toEqual([
      '0/2',
      '1/2',
      '2/2',
    ]);
    expect(summary).toMatchObject({
      format: 'tflite',
      labelCount: 120,
      featureSize: 1280,
    });
    expect(summary.featureTensor).toBeDefined();
    const weights = tf.memory().numTensors - before;
    expect(weights).toBeGreaterThan(0);
    expect(loaded).toHaveLength(1);
    expect(loaded[0].backboneId).toBe(await filesHash(files));
    expect(loaded[0].numTensors).toBe(before + weights);

    await handlers.loadBackbone({ name: 'again.tflite', files }, recordingContext());
    expect(loaded).toHaveLength(2);
    expect(loaded[1].graph).not.toBe(loaded[0].graph);
    // The first graph's weights were freed before the listener heard of the second.
    expect(loaded[1].numTensors).toBe(before + weights);
    expect(tf.memory().numTensors).toBe(before + weights);

    await expect(handlers.setFeatureTensor({ name: 'nope' }, first)).rejects.toThrow(
      'the graph has no tensor nope',
    );
    expect(cuts).toHaveLength(0);
    const cut = await handlers.setFeatureTensor({ name: 'Identity' }, first);
    expect(cut).toEqual({ featureTensor: 'Identity', featureSize: 120 });
    expect(cuts).toEqual(['Identity']);
    expect(tf.memory().numTensors).toBe(before + weights);

    loaded[1].graph.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
