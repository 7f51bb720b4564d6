import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, test } from 'vitest';

import { Activation, BuiltinOptionsType, Padding } from '../schema';
import {
  activation,
  constant,
  expectModelMatches,
  ints,
  pseudoRandom,
  sizeOf,
} from '../testing/op_case';
import type { ModelDef } from '../testing/tflite_writer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SHAPE = [1, 7, 6, 3];
const input = () =>
  tf.tensor(
    pseudoRandom(sizeOf(SHAPE), 13).map((v) => v * 8),
    SHAPE,
  );

describe('pooling', () => {
  for (const [op, pool] of [
    ['AVERAGE_POOL_2D', tf.avgPool],
    ['MAX_POOL_2D', tf.maxPool],
  ] as const) {
    for (const [padding, pad] of [
      [Padding.SAME, 'same'],
      [Padding.VALID, 'valid'],
    ] as const) {
      test(`${op} ${pad} 3x2 window, strides 2x1, RELU6`, async () => {
        const model: ModelDef = {
          tensors: [activation('x', SHAPE), activation('y', SHAPE)],
          operators: [
            {
              op,
              inputs: [0],
              outputs: [1],
              options: {
                type: BuiltinOptionsType.Pool2DOptions,
                fields: [
                  { id: 0, int8: padding },
                  { id: 1, int32: 1 },
                  { id: 2, int32: 2 },
                  { id: 3, int32: 2 },
                  { id: 4, int32: 3 },
                  { id: 5, int8: Activation.RELU6 },
                ],
              },
            },
          ],
          inputs: [0],
          outputs: [1],
        };
        await expectModelMatches(model, input(), (x) =>
          tf.relu6(pool(x as tf.Tensor4D, [3, 2], [2, 1], pad)),
        );
      });
    }
  }
});

describe('MEAN', () => {
  for (const keepDims of [true, false]) {
    test(`over axes [1, -2], keep_dims ${keepDims}`, async () => {
      const model: ModelDef = {
        tensors: [activation('x', SHAPE), ints('axes', [1, -2]), activation('y', [1, 3])],
        operators: [
          {
            op: 'MEAN',
            inputs: [0, 1],
            outputs: [2],
            options: {
              type: BuiltinOptionsType.ReducerOptions,
              fields: [{ id: 0, bool: keepDims }],
            },
          },
        ],
        inputs: [0],
        outputs: [2],
      };
      await expectModelMatches(model, input(), (x) => tf.mean(x, [1, 2], keepDims));
    });
  }
});

describe('FULLY_CONNECTED', () => {
  const weights = pseudoRandom(4 * 6, 17);
  const bias = [0.5, -0.5, 0.25, 0];
  const reference = (x: tf.Tensor, withBias: boolean) => {
    const y = tf.matMul(
      tf.reshape(x, [-1, 6]),
      tf.tensor2d(weights, [4, 6]),
      false,
      true,
    );
    return withBias ? tf.add(y, bias) : y;
  };

  test('weights [out, in], bias, RELU, input flattened to rows', async () => {
    const model: ModelDef = {
      tensors: [
        activation('x', [2, 1, 6]),
        constant('w', [4, 6], weights),
        constant('b', [4], bias),
        activation('y', [2, 4]),
      ],
      operators: [
        {
          op: 'FULLY_CONNECTED',
          inputs: [0, 1, 2],
          outputs: [3],
          options: {
            type: BuiltinOptionsType.FullyConnectedOptions,
            fields: [{ id: 0, int8: Activation.RELU }],
          },
        },
      ],
      inputs: [0],
      outputs: [3],
    };
    await expectModelMatches(model, tf.tensor(pseudoRandom(12, 3), [2, 1, 6]), (x) =>
      tf.relu(reference(x, true)),
    );
  });

  test('keep_num_dims without bias', async () => {
    const model: ModelDef = {
      tensors: [
        activation('x', [1, 3, 6]),
        constant('w', [4, 6], weights),
        activation('y', [1, 3, 4]),
      ],
      operators: [
        {
          op: 'FULLY_CONNECTED',
          inputs: [0, 1, -1],
          outputs: [2],
          options: {
            type: BuiltinOptionsType.FullyConnectedOptions,
            fields: [{ id: 2, bool: true }],
          },
        },
      ],
      inputs: [0],
      outputs: [2],
    };
    await expectModelMatches(model, tf.tensor(pseudoRandom(18, 4), [1, 3, 6]), (x) =>
      tf.reshape(reference(x, false), [1, 3, 4]),
    );
  });
});
