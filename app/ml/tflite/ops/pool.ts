import * as tf from '@tensorflow/tfjs';

import { BuiltinOptionsType, Padding } from '../schema';
import { applyActivation, readFusedActivation } from './fused_activation';
import { expectInputs, type OpDefinition, optionByte, optionInt } from './op';

type PoolFunction = typeof tf.avgPool | typeof tf.maxPool;

/** A 2-D pooling op over NHWC inputs; averages leave padded cells out, as in TFLite. */
function pool2d(pool: PoolFunction): OpDefinition {
  return {
    optionsType: BuiltinOptionsType.Pool2DOptions,
    compile(context) {
      expectInputs(context, 1);
      const padding = optionByte(context, 0, Padding.SAME);
      if (padding !== Padding.SAME && padding !== Padding.VALID) {
        throw context.fail(`padding ${padding} is neither SAME nor VALID`);
      }
      const strides: [number, number] = [
        optionInt(context, 2, 1),
        optionInt(context, 1, 1),
      ];
      const filter: [number, number] = [
        optionInt(context, 4, 1),
        optionInt(context, 3, 1),
      ];
      if ([...strides, ...filter].some((v) => v < 1)) {
        throw context.fail(
          `filter [${filter}] and strides [${strides}] must be positive`,
        );
      }
      const activation = readFusedActivation(context, 5);
      const pad = padding === Padding.SAME ? 'same' : 'valid';
      const x = context.operand(0);

      return (inputs) => [
        applyActivation(pool(x(inputs) as tf.Tensor4D, filter, strides, pad), activation),
      ];
    },
  };
}

export const AVERAGE_POOL_2D = pool2d(tf.avgPool);
export const MAX_POOL_2D = pool2d(tf.maxPool);
