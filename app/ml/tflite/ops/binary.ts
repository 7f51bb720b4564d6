import * as tf from '@tensorflow/tfjs';

import { BuiltinOptionsType } from '../schema';
import {
  applyActivation,
  type FusedActivation,
  readFusedActivation,
} from './fused_activation';
import { expectInputs, type OpDefinition } from './op';

type BinaryFunction = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

/**
 * An element-wise op of two inputs with numpy broadcasting; `activationField` is the
 * options field of its fused activation, when it has one.
 */
function binary(
  apply: BinaryFunction,
  optionsType: number,
  activationField?: number,
): OpDefinition {
  return {
    optionsType,
    compile(context) {
      expectInputs(context, 2);
      const activation: FusedActivation | null =
        activationField === undefined
          ? null
          : readFusedActivation(context, activationField);
      const a = context.operand(0);
      const b = context.operand(1);

      return (inputs) => {
        const y = apply(a(inputs), b(inputs));
        return [activation === null ? y : applyActivation(y, activation)];
      };
    },
  };
}

export const ADD = binary(tf.add, BuiltinOptionsType.AddOptions, 0);
export const SUB = binary(tf.sub, BuiltinOptionsType.SubOptions, 0);
export const MUL = binary(tf.mul, BuiltinOptionsType.MulOptions, 0);
export const DIV = binary(tf.div, BuiltinOptionsType.DivOptions, 0);
export const MAXIMUM = binary(tf.maximum, BuiltinOptionsType.MaximumMinimumOptions);
export const MINIMUM = binary(tf.minimum, BuiltinOptionsType.MaximumMinimumOptions);
