import * as tf from '@tensorflow/tfjs';

import { BuiltinOptionsType } from '../schema';
import { applyActivation, readFusedActivation } from './fused_activation';
import { expectInputs, type OpDefinition, optionInt, resolveAxis } from './op';

/** CONCATENATION of all inputs along the options' axis, then the fused activation. */
export const CONCATENATION: OpDefinition = {
  optionsType: BuiltinOptionsType.ConcatenationOptions,
  compile(context) {
    expectInputs(context, 1, Infinity);
    const rank = context.outputs[0].shape.length;
    const axis = resolveAxis(context, optionInt(context, 0), rank);
    const activation = readFusedActivation(context, 1);
    const parts = context.inputs.map((_, i) => context.operand(i));

    return (inputs) => [
      applyActivation(
        tf.concat(
          parts.map((part) => part(inputs)),
          axis,
        ),
        activation,
      ),
    ];
  },
};

/** SPLIT input 1 into num_splits equal parts along the axis held in constant input 0. */
export const SPLIT: OpDefinition = {
  optionsType: BuiltinOptionsType.SplitOptions,
  compile(context) {
    expectInputs(context, 2);
    if (!context.isConstant(0))
      throw context.fail('an axis computed at run time is not supported');
    const rank = context.inputs[1]!.shape.length;
    const axis = resolveAxis(context, context.constantInts(0)[0], rank);
    const count = optionInt(context, 0, context.outputs.length);
    if (count !== context.outputs.length) {
      throw context.fail(
        `num_splits ${count} differs from its ${context.outputs.length} outputs`,
      );
    }
    const x = context.operand(1);

    return (inputs) => tf.split(x(inputs), count, axis);
  },
};
