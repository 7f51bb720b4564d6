import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';

import type { OpDefinition } from './ops/op';
import { extendRegistry } from './ops/registry';
import { BuiltinOptionsType } from './schema';
import { loadTfliteGraph } from './tflite_graph';
import { type ModelDef, writeTflite } from './testing/tflite_writer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** x -> SCALE_BY(custom) -> a -> RELU -> b;  x -> EXP -> c (a second, independent output). */
const BRANCHES: ModelDef = {
  tensors: [
    { name: 'x', shape: [1, 3] },
    { name: 'a', shape: [1, 3] },
    { name: 'b', shape: [1, 3] },
    { name: 'c', shape: [1, 3] },
  ],
  operators: [
    {
      op: { custom: 'SCALE_BY' },
      inputs: [0],
      outputs: [1],
      customOptions: new Uint8Array([3]),
    },
    { op: 'RELU', inputs: [1], outputs: [2] },
    { op: 'EXP', inputs: [0], outputs: [3] },
  ],
  inputs: [0],
  outputs: [2, 3],
};

/** A custom op scaling by the first byte of its custom options, counting its runs. */
function scaleBy(): OpDefinition & { runs: number } {
  const definition = {
    runs: 0,
    compile(context: Parameters<OpDefinition['compile']>[0]) {
      const factor = context.customOptions![0];
      const x = context.operand(0);
      return (inputs: Parameters<ReturnType<OpDefinition['compile']>>[0]) => {
        definition.runs += 1;
        return [tf.mul(x(inputs), factor)];
      };
    },
  };
  return definition;
}

describe('TFLite graph', () => {
  test('custom ops run from the registry with their raw custom options', async () => {
    const op = scaleBy();
    const graph = loadTfliteGraph(writeTflite(BRANCHES), {
      ops: extendRegistry({ SCALE_BY: op }),
    });
    const [b, c] = await graph.run(tf.tensor([[-1, 0, 2]]));
    expect(Array.from(await b.data())).toEqual([0, 0, 6]);
    expect(Array.from(await c.data()).map((v) => v.toFixed(4))).toEqual([
      '0.3679',
      '1.0000',
      '7.3891',
    ]);
    tf.dispose([b, c]);
    graph.dispose();
  });

  test('only the ops a requested tensor needs run, intermediates can be outputs', async () => {
    const op = scaleBy();
    const graph = loadTfliteGraph(writeTflite(BRANCHES), {
      ops: extendRegistry({ SCALE_BY: op }),
    });
    expect(graph.tensorNames()).toEqual(['x', 'a', 'b', 'c']);

    const [c] = await graph.run(tf.tensor([[1, 2, 3]]), ['c']);
    expect(op.runs).toBe(0);
    const [a, a2, x] = await graph.run(tf.tensor([[1, 2, 3]]), ['a', 'a', 'x']);
    expect(op.runs).toBe(1);
    expect(Array.from(await a.data())).toEqual([3, 6, 9]);
    expect(a2).not.toBe(a);
    expect(Array.from(await x.data())).toEqual([1, 2, 3]);
    await expect(graph.run(tf.tensor([[1, 2, 3]]), ['nope'])).rejects.toThrow(
      'the TFLite graph has no tensor named "nope"',
    );
    tf.dispose([c, a, a2, x]);
    graph.dispose();
  });

  test('runs leak no tensors, and dispose frees every weight', async () => {
    const before = tf.memory().numTensors;
    const graph = loadTfliteGraph(
      writeTflite({
        tensors: [
          { name: 'x', shape: [1, 2, 2, 1] },
          { name: 'w', shape: [2, 1, 1, 1], data: [2, -1] },
          { name: 'y', shape: [1, 2, 2, 2] },
          { name: 'z', shape: [1, 2, 2, 2] },
        ],
        operators: [
          { op: 'CONV_2D', inputs: [0, 1, -1], outputs: [2] },
          { op: 'ADD', inputs: [2, 2], outputs: [3] },
        ],
        inputs: [0],
        outputs: [3],
      }),
    );
    const input = tf.ones([1, 2, 2, 1]);
    const loaded = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) tf.dispose(await graph.run(input));
    expect(tf.memory().numTensors).toBe(loaded);
    input.dispose();
    graph.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('quantised activations saturate at the range of their int type unless told not to', async () => {
    const model: ModelDef = {
      tensors: [
        { name: 'x', shape: [1, 4] },
        {
          name: 'y',
          shape: [1, 4],
          type: 'int8',
          quantization: { scale: [0.01], zeroPoint: [0] },
        },
      ],
      operators: [
        {
          op: 'QUANTIZE',
          inputs: [0],
          outputs: [1],
          options: { type: BuiltinOptionsType.QuantizeOptions, fields: [] },
        },
      ],
      inputs: [0],
      outputs: [1],
    };
    const input = tf.tensor([[-2, 0.123, 0.5, 3]]);
    const expected = {
      float: [-2, 0.123, 0.5, 3],
      saturate: [-1.28, 0.123, 0.5, 1.27],
      round: [-1.28, 0.12, 0.5, 1.27],
    };
    for (const [mode, values] of Object.entries(expected)) {
      const graph = loadTfliteGraph(writeTflite(model), {
        quantizedActivations: mode as keyof typeof expected,
      });
      const [y] = await graph.run(input);
      const actual = Array.from(await y.data());
      actual.forEach((v, i) => expect(v).toBeCloseTo(values[i], 5));
      y.dispose();
      graph.dispose();
    }
    input.dispose();
  });

  test('saturation is skipped only where the op already bounds its output to the range', async () => {
    const relu6Into = (scale: number): ModelDef => ({
      tensors: [
        { name: 'x', shape: [1, 4] },
        {
          name: 'y',
          shape: [1, 4],
          type: 'int8',
          quantization: { scale: [scale], zeroPoint: [-128] },
        },
      ],
      operators: [{ op: 'RELU6', inputs: [0], outputs: [1] }],
      inputs: [0],
      outputs: [1],
    });
    const input = tf.tensor([[-1, 1, 2.5, 7]]);
    // int8 from -128: 6 / 255 per step holds 0..6; 0.01 per step holds only 0..2.55.
    const cases = [
      { scale: 6 / 255, values: [0, 1, 2.5, 6], clamps: 0 },
      { scale: 0.01, values: [0, 1, 2.5, 2.55], clamps: 1 },
    ];
    for (const { scale, values, clamps } of cases) {
      const graph = loadTfliteGraph(writeTflite(relu6Into(scale)));
      let outputs: tf.Tensor[] = [];
      const profile = await tf.profile(async () => {
        outputs = await graph.run(input);
      });
      const actual = Array.from(await outputs[0].data());
      actual.forEach((v, i) => expect(v).toBeCloseTo(values[i], 5));
      const kernels = profile.kernels.map((kernel) => kernel.name);
      expect(kernels.filter((name) => name === 'ClipByValue')).toHaveLength(clamps);
      tf.dispose(outputs);
      graph.dispose();
    }
    input.dispose();
  });

  test('an input of the wrong shape is refused with both shapes named', async () => {
    const graph = loadTfliteGraph(writeTflite(BRANCHES), {
      ops: extendRegistry({ SCALE_BY: scaleBy() }),
    });
    await expect(graph.run(tf.zeros([1, 4]))).rejects.toThrow(
      'input of shape [1,4] does not fit the model\'s input "x" of shape [1,3]',
    );
    graph.dispose();
  });
});
