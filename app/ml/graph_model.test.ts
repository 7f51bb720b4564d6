import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';

import { loadGraphModelFromFiles, needsAsyncExecution } from './graph_model';

const MODEL = resolve(__dirname, '../../../shared/models/centernet-coco');

describe('loadGraphModelFromFiles', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it('loads the real CenterNet files and describes its tensors', async () => {
    const json = readFileSync(resolve(MODEL, 'centernet.json'), 'utf8');
    const bytes = readFileSync(resolve(MODEL, 'centernet.bin'));
    const weights = new Map([['centernet.bin', new Uint8Array(bytes).buffer]]);
    const graph = await loadGraphModelFromFiles(json, weights);

    expect(graph.format).toBe('tfjs-graph');
    expect(graph.inputs).toEqual([
      { name: 'tower_0/images', shape: [1, 512, 512, 3], dtype: 'float32' },
    ]);
    expect(graph.outputs.map((spec) => spec.name).sort()).toEqual([
      'tower_0/detections',
      'tower_0/keypoints',
      'tower_0/wh',
    ]);
    expect(graph.tensorNames()).toContain('tower_0/TopKV2');

    const input = tf.zeros([1, 512, 512, 3]);
    const [detections] = await graph.run(input, ['tower_0/detections']);
    expect(detections.shape).toEqual([1, 100, 6]);
    tf.dispose([input, detections]);
    graph.dispose();
  });

  it('names a missing weight file and rejects what is not a graph model', async () => {
    const json = readFileSync(resolve(MODEL, 'centernet.json'), 'utf8');
    await expect(loadGraphModelFromFiles(json, new Map())).rejects.toThrow(
      'model.json needs weight file "centernet.bin", not given (given: none)',
    );
    await expect(
      loadGraphModelFromFiles({ format: 'layers-model' }, new Map()),
    ).rejects.toThrow(/no modelTopology or weightsManifest/);
  });
});

describe('needsAsyncExecution', () => {
  it('spots control flow and NMS, in the graph or in its functions', () => {
    expect(needsAsyncExecution({ node: [{ op: 'Conv2D' }, { op: 'TopKV2' }] })).toBe(
      false,
    );
    expect(needsAsyncExecution({ node: [{ op: 'NonMaxSuppressionV5' }] })).toBe(true);
    expect(
      needsAsyncExecution({
        node: [],
        library: { function: [{ nodeDef: [{ op: 'Switch' }] }] },
      }),
    ).toBe(true);
  });
});
