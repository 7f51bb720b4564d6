import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';

import { loadTfliteGraph } from '../tflite_graph';
import { activation, expectModelMatches, pseudoRandom } from '../testing/op_case';
import { type ModelDef, quantize, writeTflite } from '../testing/tflite_writer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('QUANTIZE and DEQUANTIZE', () => {
  test('a uint8 graph input takes raw values and dequantises with its scale and zero point', async () => {
    const model: ModelDef = {
      tensors: [
        {
          name: 'x',
          shape: [1, 2, 2, 1],
          type: 'uint8',
          quantization: { scale: [0.5], zeroPoint: [10] },
        },
        {
          name: 'q',
          shape: [1, 2, 2, 1],
          type: 'int8',
          quantization: { scale: [0.5], zeroPoint: [-118] },
        },
        activation('y', [1, 2, 2, 1]),
      ],
      operators: [
        { op: 'QUANTIZE', inputs: [0], outputs: [1] },
        { op: 'DEQUANTIZE', inputs: [1], outputs: [2] },
      ],
      inputs: [0],
      outputs: [2],
    };
    const graph = loadTfliteGraph(writeTflite(model));
    expect(graph.inputs[0].dtype).toBe('uint8');
    graph.dispose();
    await expectModelMatches(model, tf.tensor([0, 10, 100, 255], [1, 2, 2, 1]), () =>
      tf.tensor([-5, 0, 45, 122.5], [1, 2, 2, 1]),
    );
    await expectModelMatches(
      model,
      tf.tensor([0, 10, 100, 255], [1, 2, 2, 1], 'int32'),
      () => tf.tensor([-5, 0, 45, 122.5], [1, 2, 2, 1]),
    );
  });

  test('DEQUANTIZE of constant float16 and int8 weights is folded at load', async () => {
    const weights = pseudoRandom(6, 3);
    const q = quantize(weights, [6], [0.01], [3], 'int8');
    const model: ModelDef = {
      tensors: [
        activation('x', [1, 6]),
        {
          name: 'w16',
          shape: [1, 6],
          type: 'float16',
          data: [0.5, -1, 2, 0.25, 1024, -0.125],
        },
        activation('w16f', [1, 6]),
        {
          name: 'w8',
          shape: [6],
          type: 'int8',
          data: q,
          quantization: { scale: [0.01], zeroPoint: [3] },
        },
        activation('w8f', [6]),
        activation('sum', [1, 6]),
        activation('y', [1, 6]),
      ],
      operators: [
        { op: 'DEQUANTIZE', inputs: [1], outputs: [2] },
        { op: 'DEQUANTIZE', inputs: [3], outputs: [4] },
        { op: 'ADD', inputs: [0, 2], outputs: [5] },
        { op: 'MUL', inputs: [5, 4], outputs: [6] },
      ],
      inputs: [0],
      outputs: [6],
    };
    const graph = loadTfliteGraph(writeTflite(model));
    // Only ADD and MUL are left to run: the two folded DEQUANTIZE outputs are constants.
    expect(graph.tensorNames()).toContain('w8f');
    graph.dispose();
    await expectModelMatches(model, tf.tensor([[1, 2, 3, 4, 5, 6]]), (x) =>
      tf.mul(
        tf.add(x, [0.5, -1, 2, 0.25, 1024, -0.125]),
        q.map((v) => 0.01 * (v - 3)),
      ),
    );
  });
});
