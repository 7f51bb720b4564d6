import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, test } from 'vitest';

import { Activation, BuiltinOptionsType, Padding } from '../schema';
import {
  activation,
  constant,
  expectModelMatches,
  pseudoRandom,
  sizeOf,
} from '../testing/op_case';
import { quantize, type ModelDef } from '../testing/tflite_writer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const X_SHAPE = [1, 6, 7, 3];
const input = () => tf.tensor(pseudoRandom(sizeOf(X_SHAPE), 7), X_SHAPE);

interface ConvCase {
  padding: number;
  strides: [number, number];
  dilations: [number, number];
  fused: number;
  reference: (y: tf.Tensor) => tf.Tensor;
}

const CONV_CASES: Record<string, ConvCase> = {
  'SAME, stride 2, RELU6': {
    padding: Padding.SAME,
    strides: [2, 2],
    dilations: [1, 1],
    fused: Activation.RELU6,
    reference: (y) => tf.relu6(y),
  },
  'VALID, dilation 2, TANH': {
    padding: Padding.VALID,
    strides: [1, 1],
    dilations: [2, 2],
    fused: Activation.TANH,
    reference: (y) => tf.tanh(y),
  },
  'SAME, stride 1x2, RELU_N1_TO_1': {
    padding: Padding.SAME,
    strides: [1, 2],
    dilations: [1, 1],
    fused: Activation.RELU_N1_TO_1,
    reference: (y) => tf.clipByValue(y, -1, 1),
  },
};

function convOptions(
  c: ConvCase,
  dilationField: number,
  extra: Array<{ id: number; int32: number }> = [],
) {
  return [
    { id: 0, int8: c.padding },
    { id: 1, int32: c.strides[1] },
    { id: 2, int32: c.strides[0] },
    { id: dilationField - 1, int8: c.fused },
    { id: dilationField, int32: c.dilations[1] },
    { id: dilationField + 1, int32: c.dilations[0] },
    ...extra,
  ];
}

describe('CONV_2D', () => {
  const filterShape = [4, 3, 3, 3];
  const filter = pseudoRandom(sizeOf(filterShape), 3);
  const bias = [0.1, -0.2, 0.3, 0.05];

  for (const [name, c] of Object.entries(CONV_CASES)) {
    test(`float weights, ${name}`, async () => {
      const model: ModelDef = {
        tensors: [
          activation('x', X_SHAPE),
          constant('w', filterShape, filter),
          constant('b', [4], bias),
          activation('y', [1, 1, 1, 4]),
        ],
        operators: [
          {
            op: 'CONV_2D',
            inputs: [0, 1, 2],
            outputs: [3],
            options: {
              type: BuiltinOptionsType.Conv2DOptions,
              fields: convOptions(c, 4),
            },
          },
        ],
        inputs: [0],
        outputs: [3],
      };
      await expectModelMatches(model, input(), (x) => {
        const w = tf.transpose(
          tf.tensor4d(filter, filterShape as [number, number, number, number]),
          [1, 2, 3, 0],
        );
        const y = tf.conv2d(
          x as tf.Tensor4D,
          w as tf.Tensor4D,
          c.strides,
          c.padding === Padding.SAME ? 'same' : 'valid',
          'NHWC',
          c.dilations,
        );
        return c.reference(tf.add(y, bias));
      });
    });
  }

  test('int8 per-channel weights with int32 bias, float16 weights, no bias', async () => {
    const scales = [0.01, 0.02, 0.005, 0.04];
    const q = quantize(filter, filterShape, scales, [0, 0, 0, 0], 'int8');
    const dequantized = q.map((v, i) => v * scales[Math.floor(i / 27)]);
    const biasScales = scales.map((s) => s * 0.5);
    const qBias = quantize(bias, [4], biasScales, [0, 0, 0, 0], 'int32');
    const model: ModelDef = {
      tensors: [
        activation('x', X_SHAPE),
        {
          name: 'w',
          shape: filterShape,
          type: 'int8',
          data: q,
          quantization: { scale: scales, zeroPoint: [0, 0, 0, 0], quantizedDimension: 0 },
        },
        {
          name: 'b',
          shape: [4],
          type: 'int32',
          data: qBias,
          quantization: { scale: biasScales, zeroPoint: [0, 0, 0, 0] },
        },
        activation('y', [1, 6, 7, 4]),
        { name: 'w16', shape: filterShape, type: 'float16', data: filter },
        activation('y16', [1, 6, 7, 4]),
      ],
      operators: [
        {
          op: 'CONV_2D',
          inputs: [0, 1, 2],
          outputs: [3],
          options: {
            type: BuiltinOptionsType.Conv2DOptions,
            fields: [{ id: 3, int8: Activation.RELU }],
          },
        },
        { op: 'CONV_2D', inputs: [0, 4, -1], outputs: [5] },
      ],
      inputs: [0],
      outputs: [3, 5],
    };
    await expectModelMatches(model, input(), (x) => {
      const shape = filterShape as [number, number, number, number];
      const w = tf.transpose(
        tf.tensor4d(dequantized, shape),
        [1, 2, 3, 0],
      ) as tf.Tensor4D;
      const realBias = qBias.map((v, i) => v * biasScales[i]);
      const y = tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, w, 1, 'same'), realBias));
      // float16 keeps 11 significant bits, so the reference rounds the same way.
      const w16 = tf.transpose(
        tf.tensor4d(
          filter.map((v) => Math.fround(halfRound(v))),
          shape,
        ),
        [1, 2, 3, 0],
      );
      return [y, tf.conv2d(x as tf.Tensor4D, w16 as tf.Tensor4D, 1, 'same')];
    });
  });
});

describe('DEPTHWISE_CONV_2D', () => {
  const filterShape = [1, 3, 3, 6];
  const filter = pseudoRandom(sizeOf(filterShape), 5);
  const bias = [0.1, -0.2, 0.3, 0.05, 0, 0.2];

  for (const [name, c] of Object.entries(CONV_CASES)) {
    test(`multiplier 2, ${name}`, async () => {
      const model: ModelDef = {
        tensors: [
          activation('x', X_SHAPE),
          constant('w', filterShape, filter),
          constant('b', [6], bias),
          activation('y', [1, 1, 1, 6]),
        ],
        operators: [
          {
            op: 'DEPTHWISE_CONV_2D',
            inputs: [0, 1, 2],
            outputs: [3],
            options: {
              type: BuiltinOptionsType.DepthwiseConv2DOptions,
              fields: convOptions(c, 5, [{ id: 3, int32: 2 }]),
            },
          },
        ],
        inputs: [0],
        outputs: [3],
      };
      await expectModelMatches(model, input(), (x) => {
        const w = tf.tensor4d(filter, [3, 3, 3, 2]);
        const y = tf.depthwiseConv2d(
          x as tf.Tensor4D,
          w,
          c.strides,
          c.padding === Padding.SAME ? 'same' : 'valid',
          'NHWC',
          c.dilations,
        );
        return c.reference(tf.add(y, bias));
      });
    });
  }

  test('int8 weights quantised per channel along dimension 3', async () => {
    const scales = [0.01, 0.02, 0.005, 0.04, 0.01, 0.03];
    const q = quantize(filter, filterShape, scales, [0, 0, 0, 0, 0, 0], 'int8', 3);
    const dequantized = q.map((v, i) => v * scales[i % 6]);
    const model: ModelDef = {
      tensors: [
        activation('x', X_SHAPE),
        {
          name: 'w',
          shape: filterShape,
          type: 'int8',
          data: q,
          quantization: {
            scale: scales,
            zeroPoint: [0, 0, 0, 0, 0, 0],
            quantizedDimension: 3,
          },
        },
        activation('y', [1, 6, 7, 6]),
      ],
      operators: [{ op: 'DEPTHWISE_CONV_2D', inputs: [0, 1], outputs: [2] }],
      inputs: [0],
      outputs: [2],
    };
    await expectModelMatches(model, input(), (x) =>
      tf.depthwiseConv2d(
        x as tf.Tensor4D,
        tf.tensor4d(dequantized, [3, 3, 3, 2]),
        1,
        'same',
      ),
    );
  });
});

/** Rounds to the nearest float16 value, as a float16 buffer stores it. */
function halfRound(v: number): number {
  if (v === 0) return 0;
  const exponent = Math.floor(Math.log2(Math.abs(v)));
  const step = 2 ** (Math.max(exponent, -14) - 10);
  return Math.round(v / step) * step;
}
