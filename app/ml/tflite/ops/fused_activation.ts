import * as tf from '@tensorflow/tfjs';

import { Activation } from '../schema';
import type { OpContext } from './op';

/** The tfjs name of a fused activation that tf.fused ops take directly. */
export type TfjsFusedActivation = 'linear' | 'relu' | 'relu6';

/** A `fused_activation_function` code, checked at load. */
export interface FusedActivation {
  code: number;
  /** Set when tf.fused.* can apply it inside the conv or matMul. */
  tfjs: TfjsFusedActivation | null;
}

/** The range each bounding fused activation keeps its op's outputs in. */
const ACTIVATION_BOUNDS: Record<number, [number, number]> = {
  [Activation.RELU]: [0, Infinity],
  [Activation.RELU6]: [0, 6],
  [Activation.RELU_N1_TO_1]: [-1, 1],
  [Activation.TANH]: [-1, 1],
};

/**
 * Reads and checks the `fused_activation_function` field `field` of the options, and
 * declares the range it bounds the op's outputs to.
 */
export function readFusedActivation(context: OpContext, field: number): FusedActivation {
  const code = context.builtinOptions?.int8(field, Activation.NONE) ?? Activation.NONE;
  const bounds = ACTIVATION_BOUNDS[code];
  if (bounds !== undefined) context.boundOutputs(...bounds);
  switch (code) {
    case Activation.NONE:
      return { code, tfjs: 'linear' };
    case Activation.RELU:
      return { code, tfjs: 'relu' };
    case Activation.RELU6:
      return { code, tfjs: 'relu6' };
    case Activation.RELU_N1_TO_1:
    case Activation.TANH:
      return { code, tfjs: null };
    default:
      throw context.fail(`fused activation ${code} is not supported`);
  }
}

/** Applies a fused activation after the op's main computation. */
export function applyActivation(x: tf.Tensor, activation: FusedActivation): tf.Tensor {
  switch (activation.code) {
    case Activation.RELU:
      return tf.relu(x);
    case Activation.RELU6:
      return tf.relu6(x);
    case Activation.RELU_N1_TO_1:
      return tf.clipByValue(x, -1, 1);
    case Activation.TANH:
      return tf.tanh(x);
    default:
      return x;
  }
}
