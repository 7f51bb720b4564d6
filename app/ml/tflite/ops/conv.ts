import * as tf from '@tensorflow/tfjs';

import { BuiltinOptionsType, Padding } from '../schema';
import {
  applyActivation,
  readFusedActivation,
  type FusedActivation,
} from './fused_activation';
import {
  expectInputs,
  type OpContext,
  type OpDefinition,
  type Kernel,
  optionByte,
  optionInt,
} from './op';

/** Stride, dilation and padding of a 2-D window, as the options table gives them. */
interface Window {
  strides: [number, number];
  dilations: [number, number];
  pad: 'same' | 'valid';
}

/** Reads padding, strides (fields 1, 2) and dilations (`dilationField`, +1) of the options. */
function readWindow(context: OpContext, dilationField: number): Window {
  const padding = optionByte(context, 0, Padding.SAME);
  if (padding !== Padding.SAME && padding !== Padding.VALID) {
    throw context.fail(`padding ${padding} is neither SAME nor VALID`);
  }
  const strides: [number, number] = [optionInt(context, 2, 1), optionInt(context, 1, 1)];
  const dilations: [number, number] = [
    optionInt(context, dilationField + 1, 1),
    optionInt(context, dilationField, 1),
  ];
  if ([...strides, ...dilations].some((v) => v < 1)) {
    throw context.fail(
      `strides [${strides}] and dilations [${dilations}] must be positive`,
    );
  }
  if (strides.some((s) => s > 1) && dilations.some((d) => d > 1)) {
    // Limitation: tfjs cannot stride and dilate at once; it would take a space-to-batch
    // rewrite. Converters do not emit this combination for the supported models.
    throw context.fail('strides and dilations both above 1 are not supported');
  }
  return { strides, dilations, pad: padding === Padding.SAME ? 'same' : 'valid' };
}

/** The optional bias (input 2) uploaded as a 1-D float tensor, or undefined. */
function readBias(context: OpContext): tf.Tensor1D | undefined {
  if (context.inputs.length < 3 || context.inputs[2] === null) return undefined;
  if (!context.isConstant(2))
    throw context.fail('a bias computed at run time is not supported');
  return context.weight(2) as tf.Tensor1D;
}

/** The filter's shape (input 1), which must be a constant of the file. */
function constantFilterShape(context: OpContext): number[] {
  if (!context.isConstant(1))
    throw context.fail('a filter computed at run time is not supported');
  return context.constant(1).shape;
}

/**
 * The op's run: `convolve` slides `filter` (already in tfjs's layout) over input 0,
 * NHWC, adds the bias and applies the fused activation (in tfjs's kernel when it has it).
 */
function windowedRun(
  context: OpContext,
  convolve: typeof tf.fused.conv2d | typeof tf.fused.depthwiseConv2d,
  filter: tf.Tensor4D,
  window: Window,
  activation: FusedActivation,
): Kernel {
  const bias = readBias(context);
  const x = context.operand(0);
  return (inputs) => {
    const y = convolve({
      x: x(inputs) as tf.Tensor4D,
      filter,
      strides: window.strides,
      pad: window.pad,
      dataFormat: 'NHWC',
      dilations: window.dilations,
      bias,
      activation: activation.tfjs ?? 'linear',
    });
    return [activation.tfjs === null ? applyActivation(y, activation) : y];
  };
}

/** Filters in TFLite's [out, h, w, in] layout, inputs NHWC. */
export const CONV_2D: OpDefinition = {
  optionsType: BuiltinOptionsType.Conv2DOptions,
  compile(context) {
    expectInputs(context, 2, 3);
    const window = readWindow(context, 4);
    const activation = readFusedActivation(context, 3);
    const filterShape = constantFilterShape(context);
    const inChannels = context.inputs[0]!.shape[3];
    if (
      filterShape.length !== 4 ||
      (inChannels !== undefined && filterShape[3] !== inChannels)
    ) {
      // Limitation: grouped convolutions (filter depth < input depth) are not supported.
      throw context.fail(
        `filter [${filterShape}] does not fit input depth ${inChannels}`,
      );
    }
    const filter = context.weight(1, (t) => tf.transpose(t, [1, 2, 3, 0])) as tf.Tensor4D;
    return windowedRun(context, tf.fused.conv2d, filter, window, activation);
  },
};

/** Filters in TFLite's [1, h, w, in * multiplier] layout, inputs NHWC. */
export const DEPTHWISE_CONV_2D: OpDefinition = {
  optionsType: BuiltinOptionsType.DepthwiseConv2DOptions,
  compile(context) {
    expectInputs(context, 2, 3);
    const window = readWindow(context, 5);
    const activation = readFusedActivation(context, 4);
    const filterShape = constantFilterShape(context);
    const inChannels = context.inputs[0]!.shape[3];
    if (filterShape.length !== 4 || filterShape[0] !== 1 || !(inChannels > 0)) {
      throw context.fail(
        `filter [${filterShape}] or input depth ${inChannels} is malformed`,
      );
    }
    // The depth_multiplier option (field 3) repeats what the shapes say; TFLite itself
    // has ignored it since 2.0, and so does this reader.
    const outChannels = filterShape[3];
    const multiplier = outChannels / inChannels;
    if (!Number.isInteger(multiplier)) {
      throw context.fail(
        `filter depth ${outChannels} is not a multiple of input depth ${inChannels}`,
      );
    }
    // Output channel c * multiplier + m holds input channel c's m-th filter, in TFLite and
    // in tfjs alike, so a reshape is all the layout change needed.
    const filter = context.weight(1, (t) =>
      tf.reshape(t, [filterShape[1], filterShape[2], inChannels, multiplier]),
    ) as tf.Tensor4D;
    return windowedRun(context, tf.fused.depthwiseConv2d, filter, window, activation);
  },
};
