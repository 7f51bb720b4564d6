import * as tf from '@tensorflow/tfjs';

import { BuiltinOptionsType } from '../schema';
import { expectInputs, type OpContext, type OpDefinition, optionBool } from './op';

/** The [height, width] held in constant input 1. */
function readSize(context: OpContext): [number, number] {
  expectInputs(context, 2);
  if (!context.isConstant(1))
    throw context.fail('a size computed at run time is not supported');
  const size = context.constantInts(1);
  if (size.length !== 2 || size.some((s) => s < 1)) {
    throw context.fail(`size [${size}] is not a positive [height, width]`);
  }
  return [size[0], size[1]];
}

/** RESIZE_BILINEAR of NHWC input 0 to the size in input 1. */
export const RESIZE_BILINEAR: OpDefinition = {
  optionsType: BuiltinOptionsType.ResizeBilinearOptions,
  compile(context) {
    const size = readSize(context);
    const alignCorners = optionBool(context, 2);
    const halfPixelCenters = optionBool(context, 3);
    const x = context.operand(0);

    return (inputs) => [
      tf.image.resizeBilinear(
        x(inputs) as tf.Tensor4D,
        size,
        alignCorners,
        halfPixelCenters,
      ),
    ];
  },
};

/** RESIZE_NEAREST_NEIGHBOR of NHWC input 0 to the size in input 1. */
export const RESIZE_NEAREST_NEIGHBOR: OpDefinition = {
  optionsType: BuiltinOptionsType.ResizeNearestNeighborOptions,
  compile(context) {
    const size = readSize(context);
    const alignCorners = optionBool(context, 0);
    const halfPixelCenters = optionBool(context, 1);
    const x = context.operand(0);

    return (inputs) => [
      tf.image.resizeNearestNeighbor(
        x(inputs) as tf.Tensor4D,
        size,
        alignCorners,
        halfPixelCenters,
      ),
    ];
  },
};
