import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, test } from 'vitest';

import { Activation, BuiltinOptionsType } from '../schema';
import {
  activation,
  constant,
  expectModelMatches,
  ints,
  pseudoRandom,
  sizeOf,
} from '../testing/op_case';
import type { ModelDef, OperatorDef, TensorDef } from '../testing/tflite_writer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SHAPE = [1, 4, 6, 2];
const input = () => tf.tensor(pseudoRandom(sizeOf(SHAPE), 21), SHAPE);

/** Input tensor 0 `x`, extra tensors after it, outputs named `y*` at the end. */
function model(
  extra: TensorDef[],
  operator: Omit<OperatorDef, 'inputs' | 'outputs'> & { inputs: number[] },
  outputs = 1,
): ModelDef {
  const outputTensors = Array.from({ length: outputs }, (_, i) =>
    activation(`y${i}`, []),
  );
  const first = 1 + extra.length;
  const outputIndices = outputTensors.map((_, i) => first + i);
  return {
    tensors: [activation('x', SHAPE), ...extra, ...outputTensors],
    operators: [{ ...operator, outputs: outputIndices }],
    inputs: [0],
    outputs: outputIndices,
  };
}

describe('shape ops', () => {
  test('RESHAPE from a shape tensor', async () => {
    const m = model([ints('shape', [-1, 12])], { op: 'RESHAPE', inputs: [0, 1] });
    await expectModelMatches(m, input(), (x) => tf.reshape(x, [-1, 12]));
  });

  test('RESHAPE from options new_shape', async () => {
    const m = model([], {
      op: 'RESHAPE',
      inputs: [0],
      options: {
        type: BuiltinOptionsType.ReshapeOptions,
        fields: [{ id: 0, int32s: [4, 12] }],
      },
    });
    await expectModelMatches(m, input(), (x) => tf.reshape(x, [4, 12]));
  });

  test('SQUEEZE listed axes and all unit axes', async () => {
    const listed = model([], {
      op: 'SQUEEZE',
      inputs: [0],
      options: {
        type: BuiltinOptionsType.SqueezeOptions,
        fields: [{ id: 0, int32s: [0] }],
      },
    });
    await expectModelMatches(listed, input(), (x) => tf.squeeze(x, [0]));
    const all = model([], { op: 'SQUEEZE', inputs: [0] });
    all.tensors[0].shape = [1, 3, 1, 2];
    await expectModelMatches(all, tf.zeros([1, 3, 1, 2]), (x) => tf.squeeze(x));
  });

  test('TRANSPOSE', async () => {
    const m = model([ints('perm', [0, 3, 1, 2])], { op: 'TRANSPOSE', inputs: [0, 1] });
    await expectModelMatches(m, input(), (x) => tf.transpose(x, [0, 3, 1, 2]));
  });

  test('PAD', async () => {
    const m = model([ints('paddings', [0, 0, 1, 2, 0, 1, 0, 0], [4, 2])], {
      op: 'PAD',
      inputs: [0, 1],
    });
    await expectModelMatches(m, input(), (x) =>
      tf.pad(x, [
        [0, 0],
        [1, 2],
        [0, 1],
        [0, 0],
      ]),
    );
  });

  test('CONCATENATION with a constant part, negative axis, RELU', async () => {
    const part = pseudoRandom(24, 5);
    const m = model([constant('c', [1, 4, 6, 1], part.slice(0, 24))], {
      op: 'CONCATENATION',
      inputs: [0, 1, 0],
      options: {
        type: BuiltinOptionsType.ConcatenationOptions,
        fields: [
          { id: 0, int32: -1 },
          { id: 1, int8: Activation.RELU },
        ],
      },
    });
    m.tensors[2].shape = [1, 4, 6, 5];
    await expectModelMatches(m, input(), (x) =>
      tf.relu(tf.concat([x, tf.tensor(part.slice(0, 24), [1, 4, 6, 1]), x], 3)),
    );
  });

  test('SPLIT into two along axis 2', async () => {
    const m = model(
      [ints('axis', [2], [])],
      {
        op: 'SPLIT',
        inputs: [1, 0],
        options: {
          type: BuiltinOptionsType.SplitOptions,
          fields: [{ id: 0, int32: 2 }],
        },
      },
      2,
    );
    await expectModelMatches(m, input(), (x) => tf.split(x, 2, 2));
  });

  test('STRIDED_SLICE with masks and offset', async () => {
    const m = model(
      [
        ints('begin', [0, 1, 0, 1]),
        ints('end', [0, 2, 5, 1]),
        ints('strides', [1, 1, 2, 1]),
      ],
      {
        op: 'STRIDED_SLICE',
        inputs: [0, 1, 2, 3],
        options: {
          type: BuiltinOptionsType.StridedSliceOptions,
          fields: [
            { id: 0, int32: 0b0001 },
            { id: 1, int32: 0b0001 },
            { id: 4, int32: 0b1000 },
            { id: 5, bool: true },
          ],
        },
      },
    );
    await expectModelMatches(m, input(), (x) =>
      tf.stridedSlice(x, [0, 1, 0, 1], [0, 3, 5, 2], [1, 1, 2, 1], 1, 1, 0, 0, 8),
    );
  });

  test('GATHER along axis 2', async () => {
    const m = model([ints('indices', [5, 0, 3])], {
      op: 'GATHER',
      inputs: [0, 1],
      options: {
        type: BuiltinOptionsType.GatherOptions,
        fields: [{ id: 0, int32: 2 }],
      },
    });
    await expectModelMatches(m, input(), (x) => tf.gather(x, [5, 0, 3], 2));
  });

  test('RESIZE_BILINEAR with half-pixel centers, RESIZE_NEAREST_NEIGHBOR with aligned corners', async () => {
    const bilinear = model([ints('size', [8, 9])], {
      op: 'RESIZE_BILINEAR',
      inputs: [0, 1],
      options: {
        type: BuiltinOptionsType.ResizeBilinearOptions,
        fields: [{ id: 3, bool: true }],
      },
    });
    await expectModelMatches(bilinear, input(), (x) =>
      tf.image.resizeBilinear(x as tf.Tensor4D, [8, 9], false, true),
    );
    const nearest = model([ints('size', [7, 3])], {
      op: 'RESIZE_NEAREST_NEIGHBOR',
      inputs: [0, 1],
      options: {
        type: BuiltinOptionsType.ResizeNearestNeighborOptions,
        fields: [{ id: 0, bool: true }],
      },
    });
    await expectModelMatches(nearest, input(), (x) =>
      tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [7, 3], true),
    );
  });
});
