import * as tf from '@tensorflow/tfjs';

import { BuiltinOptionsType } from '../schema';
import { expectInputs, type OpDefinition, optionBool, resolveAxis } from './op';

/** MEAN over the axes held in a constant input 1; keep_dims keeps them as size 1. */
export const MEAN: OpDefinition = {
  optionsType: BuiltinOptionsType.ReducerOptions,
  compile(context) {
    expectInputs(context, 2);
    if (!context.isConstant(1))
      throw context.fail('axes computed at run time are not supported');
    const rank = context.inputs[0]!.shape.length;
    const axes = [
      ...new Set(context.constantInts(1).map((a) => resolveAxis(context, a, rank))),
    ];
    const keepDims = optionBool(context, 0);
    const x = context.operand(0);

    return (inputs) => [tf.mean(x(inputs), axes, keepDims)];
  },
};
