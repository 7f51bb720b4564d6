import * as tf from '@tensorflow/tfjs';

import { BuiltinOptionsType } from '../schema';
import {
  expectInputs,
  type OpDefinition,
  optionBool,
  optionInt,
  resolveAxis,
} from './op';

/** STRIDED_SLICE with begin, end and strides in constant inputs 1..3, TF mask semantics. */
export const STRIDED_SLICE: OpDefinition = {
  optionsType: BuiltinOptionsType.StridedSliceOptions,
  compile(context) {
    expectInputs(context, 4);
    for (const i of [1, 2, 3]) {
      if (!context.isConstant(i))
        throw context.fail(`input ${i} computed at run time is not supported`);
    }
    const begin = context.constantInts(1);
    const strides = context.constantInts(3);
    let end = context.constantInts(2);
    const masks = [0, 1, 2, 3, 4].map((field) => optionInt(context, field));
    // With `offset`, end counts from begin.
    if (optionBool(context, 5)) end = end.map((e, i) => begin[i] + e);
    const x = context.operand(0);

    return (inputs) => [
      tf.stridedSlice(
        x(inputs),
        begin,
        end,
        strides,
        masks[0],
        masks[1],
        masks[2],
        masks[3],
        masks[4],
      ),
    ];
  },
};

/** GATHER slices of input 0 at the int indices of input 1 along the options' axis. */
export const GATHER: OpDefinition = {
  optionsType: BuiltinOptionsType.GatherOptions,
  compile(context) {
    expectInputs(context, 2);
    const rank = context.inputs[0]!.shape.length;
    const axis = resolveAxis(context, optionInt(context, 0), rank);
    const batchDims = optionInt(context, 1);
    const x = context.operand(0);
    const indices = context.operand(1);

    return (inputs) => [
      tf.gather(x(inputs), tf.cast(indices(inputs), 'int32'), axis, batchDims),
    ];
  },
};
