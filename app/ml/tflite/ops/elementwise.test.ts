import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, test } from 'vitest';

import { Activation, BuiltinOptionsType } from '../schema';
import {
  activation,
  constant,
  expectModelMatches,
  pseudoRandom,
} from '../testing/op_case';
import type { ModelDef } from '../testing/tflite_writer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SHAPE = [1, 3, 4, 2];
const input = () =>
  tf.tensor(
    pseudoRandom(24, 11).map((v) => v * 4),
    SHAPE,
  );

function unaryModel(op: string, optionsType?: number, fields = []): ModelDef {
  return {
    tensors: [activation('x', SHAPE), activation('y', SHAPE)],
    operators: [
      {
        op,
        inputs: [0],
        outputs: [1],
        options: optionsType ? { type: optionsType, fields } : undefined,
      },
    ],
    inputs: [0],
    outputs: [1],
  };
}

describe('activation ops', () => {
  const cases: Record<string, (x: tf.Tensor) => tf.Tensor> = {
    LOGISTIC: (x) => tf.sigmoid(x),
    RELU: (x) => tf.relu(x),
    RELU6: (x) => tf.relu6(x),
    RELU_N1_TO_1: (x) => tf.clipByValue(x, -1, 1),
    TANH: (x) => tf.tanh(x),
    EXP: (x) => tf.exp(x),
    HARD_SWISH: (x) => tf.div(tf.mul(x, tf.relu6(tf.add(x, 3))), 6),
  };
  for (const [op, reference] of Object.entries(cases)) {
    test(op, async () => {
      await expectModelMatches(unaryModel(op), input(), reference, { tolerance: 1e-4 });
    });
  }

  test('SOFTMAX with beta', async () => {
    const model: ModelDef = {
      tensors: [activation('x', [2, 5]), activation('y', [2, 5])],
      operators: [
        {
          op: 'SOFTMAX',
          inputs: [0],
          outputs: [1],
          options: {
            type: BuiltinOptionsType.SoftmaxOptions,
            fields: [{ id: 0, float32: 0.5 }],
          },
        },
      ],
      inputs: [0],
      outputs: [1],
    };
    await expectModelMatches(model, tf.tensor(pseudoRandom(10, 2), [2, 5]), (x) =>
      tf.softmax(tf.mul(x, 0.5)),
    );
  });
});

describe('binary ops with broadcasting', () => {
  const other = pseudoRandom(2, 9).map((v) => v + 2);
  const cases: Record<
    string,
    [number, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, boolean]
  > = {
    ADD: [BuiltinOptionsType.AddOptions, tf.add, true],
    SUB: [BuiltinOptionsType.SubOptions, tf.sub, true],
    MUL: [BuiltinOptionsType.MulOptions, tf.mul, true],
    DIV: [BuiltinOptionsType.DivOptions, tf.div, true],
    MAXIMUM: [BuiltinOptionsType.MaximumMinimumOptions, tf.maximum, false],
    MINIMUM: [BuiltinOptionsType.MaximumMinimumOptions, tf.minimum, false],
  };
  for (const [op, [optionsType, apply, fused]] of Object.entries(cases)) {
    test(`${op}${fused ? ' with fused RELU' : ''}, constant [2] operand first`, async () => {
      const model: ModelDef = {
        tensors: [
          activation('x', SHAPE),
          constant('c', [2], other),
          activation('y', SHAPE),
        ],
        operators: [
          {
            op,
            inputs: [1, 0],
            outputs: [2],
            options: {
              type: optionsType,
              fields: fused ? [{ id: 0, int8: Activation.RELU }] : [],
            },
          },
        ],
        inputs: [0],
        outputs: [2],
      };
      await expectModelMatches(model, input(), (x) => {
        const y = apply(tf.tensor(other), x);
        return fused ? tf.relu(y) : y;
      });
    });
  }

  test('ADD of two activations with RELU6', async () => {
    const model: ModelDef = {
      tensors: [activation('x', SHAPE), activation('r', SHAPE), activation('y', SHAPE)],
      operators: [
        { op: 'RELU', inputs: [0], outputs: [1] },
        {
          op: 'ADD',
          inputs: [0, 1],
          outputs: [2],
          options: {
            type: BuiltinOptionsType.AddOptions,
            fields: [{ id: 0, int8: Activation.RELU6 }],
          },
        },
      ],
      inputs: [0],
      outputs: [2],
    };
    await expectModelMatches(model, input(), (x) => tf.relu6(tf.add(x, tf.relu(x))));
  });
});
