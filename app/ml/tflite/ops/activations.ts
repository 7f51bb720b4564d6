import * as tf from '@tensorflow/tfjs';

import { BuiltinOptionsType } from '../schema';
import { expectInputs, type OpDefinition, optionFloat } from './op';

/** An op of one input that maps each element on its own, into `bounds` when given. */
function unary(
  apply: (x: tf.Tensor) => tf.Tensor,
  optionsType?: number,
  bounds?: [number, number],
): OpDefinition {
  return {
    optionsType,
    compile(context) {
      expectInputs(context, 1);
      if (bounds) context.boundOutputs(...bounds);
      const x = context.operand(0);
      return (inputs) => [apply(x(inputs))];
    },
  };
}

/** `x * relu6(x + 3) / 6`, as MobileNetV3 defines it. */
export function hardSwish(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.div(tf.relu6(tf.add(x, 3)), 6));
}

export const LOGISTIC = unary((x) => tf.sigmoid(x), undefined, [0, 1]);
export const RELU = unary((x) => tf.relu(x), undefined, [0, Infinity]);
export const RELU6 = unary((x) => tf.relu6(x), undefined, [0, 6]);
export const RELU_N1_TO_1 = unary((x) => tf.clipByValue(x, -1, 1), undefined, [-1, 1]);
export const TANH = unary((x) => tf.tanh(x), undefined, [-1, 1]);
export const EXP = unary((x) => tf.exp(x), BuiltinOptionsType.ExpOptions);
export const HARD_SWISH = unary(hardSwish, BuiltinOptionsType.HardSwishOptions);

/** Softmax over the last axis of `beta * x`. */
export const SOFTMAX: OpDefinition = {
  optionsType: BuiltinOptionsType.SoftmaxOptions,
  compile(context) {
    expectInputs(context, 1);
    // The schema default of `beta` is 0, but converters always write it; a file without
    // any options table gets the plain softmax.
    const beta = context.builtinOptions === null ? 1 : optionFloat(context, 0);
    context.boundOutputs(0, 1);
    const x = context.operand(0);
    return (inputs) => {
      const logits = x(inputs);
      return [tf.softmax(beta === 1 ? logits : tf.mul(logits, beta))];
    };
  },
};
