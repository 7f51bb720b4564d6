import * as tf from '@tensorflow/tfjs';

import { BuiltinOptionsType } from '../schema';
import { expectInputs, type OpDefinition, resolveAxis } from './op';

/**
 * RESHAPE to the shape in a constant input 1, else the options' new_shape, else the
 * output tensor's declared shape (for files that compute the shape at run time).
 */
export const RESHAPE: OpDefinition = {
  optionsType: BuiltinOptionsType.ReshapeOptions,
  compile(context) {
    expectInputs(context, 1, 2);
    let shape: number[] | null = null;
    if (
      context.inputs.length > 1 &&
      context.inputs[1] !== null &&
      context.isConstant(1)
    ) {
      shape = context.constantInts(1);
    }
    shape ??= context.builtinOptions?.int32Vector(0) ?? null;
    if (shape === null) {
      // Limitation: a shape computed at run time is not read; the declared output shape
      // stands in, which is exact for the fixed-size models this reader targets.
      const output = context.outputs[0];
      shape = output.shapeSignature ?? output.shape;
    }
    const newShape = shape;
    const x = context.operand(0);

    return (inputs) => [tf.reshape(x(inputs), newShape)];
  },
};

/** SQUEEZE the listed axes, or every axis of size 1 when the list is empty. */
export const SQUEEZE: OpDefinition = {
  optionsType: BuiltinOptionsType.SqueezeOptions,
  compile(context) {
    expectInputs(context, 1);
    const rank = context.inputs[0]!.shape.length;
    const dims = context.builtinOptions?.int32Vector(0) ?? [];
    const axes =
      dims.length === 0 ? undefined : dims.map((a) => resolveAxis(context, a, rank));
    const x = context.operand(0);

    return (inputs) => [tf.squeeze(x(inputs), axes)];
  },
};

/** TRANSPOSE by the permutation in constant input 1. */
export const TRANSPOSE: OpDefinition = {
  optionsType: BuiltinOptionsType.TransposeOptions,
  compile(context) {
    expectInputs(context, 2);
    if (!context.isConstant(1))
      throw context.fail('a permutation computed at run time is not supported');
    const permutation = context.constantInts(1);
    const x = context.operand(0);

    return (inputs) => [tf.transpose(x(inputs), permutation)];
  },
};

/**
 * PAD with zeros by the [rank, 2] paddings in constant input 1. Quantised tensors pad
 * with their zero point, whose real value is 0 as well.
 */
export const PAD: OpDefinition = {
  optionsType: BuiltinOptionsType.PadOptions,
  compile(context) {
    expectInputs(context, 2);
    if (!context.isConstant(1))
      throw context.fail('paddings computed at run time are not supported');
    const flat = context.constantInts(1);
    if (flat.length % 2 !== 0) throw context.fail(`paddings [${flat}] are not pairs`);
    const paddings: Array<[number, number]> = [];
    for (let i = 0; i < flat.length; i += 2) paddings.push([flat[i], flat[i + 1]]);
    const x = context.operand(0);

    return (inputs) => [tf.pad(x(inputs), paddings)];
  },
};
