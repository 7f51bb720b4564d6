import * as tf from '@tensorflow/tfjs';

import { BuiltinOptionsType } from '../schema';
import { expectInputs, type OpDefinition } from './op';

/**
 * Activations run in float32 carrying their real values, so converting between a float
 * tensor and a quantised one leaves the values as they are. The loader emulates the
 * output tensor's quantisation grid afterwards, as for every quantised output.
 */
function realValueIdentity(optionsType: number): OpDefinition {
  return {
    optionsType,
    identityOnRealValues: true,
    compile(context) {
      expectInputs(context, 1);
      const x = context.operand(0);
      return (inputs) => [tf.clone(x(inputs))];
    },
  };
}

export const QUANTIZE = realValueIdentity(BuiltinOptionsType.QuantizeOptions);
export const DEQUANTIZE = realValueIdentity(BuiltinOptionsType.DequantizeOptions);
