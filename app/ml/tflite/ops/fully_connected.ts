import * as tf from '@tensorflow/tfjs';

import { BuiltinOptionsType } from '../schema';
import { applyActivation, readFusedActivation } from './fused_activation';
import { expectInputs, type OpDefinition, optionBool, optionByte } from './op';

/**
 * A dense layer: weights [out, in], optional bias [out]. The input is flattened to
 * [-1, in]; with keep_num_dims the output keeps the input's leading dimensions.
 */
export const FULLY_CONNECTED: OpDefinition = {
  optionsType: BuiltinOptionsType.FullyConnectedOptions,
  compile(context) {
    expectInputs(context, 2, 3);
    const activation = readFusedActivation(context, 0);
    const weightsFormat = optionByte(context, 1);
    if (weightsFormat !== 0) {
      throw context.fail(
        `weights format ${weightsFormat} (shuffled int8) is not supported`,
      );
    }
    const keepNumDims = optionBool(context, 2);
    if (!context.isConstant(1))
      throw context.fail('weights computed at run time are not supported');
    const weightShape = context.constant(1).shape;
    if (weightShape.length !== 2)
      throw context.fail(`weights [${weightShape}] are not 2-D`);
    const [units, depth] = weightShape;

    // Transposed once at load to [in, out], the layout matMul reads fastest.
    const weights = context.weight(1, (t) => tf.transpose(t)) as tf.Tensor2D;
    const hasBias = context.inputs.length > 2 && context.inputs[2] !== null;
    if (hasBias && !context.isConstant(2)) {
      throw context.fail('a bias computed at run time is not supported');
    }
    const bias = hasBias ? context.weight(2) : undefined;
    const x = context.operand(0);

    return (inputs) => {
      const input = x(inputs);
      if (input.size % depth !== 0) {
        throw new Error(
          `FULLY_CONNECTED: input [${input.shape}] does not split into rows of ${depth}`,
        );
      }
      const rows = tf.reshape(input, [-1, depth]) as tf.Tensor2D;
      let y: tf.Tensor = tf.fused.matMul({
        a: rows,
        b: weights,
        bias,
        activation: activation.tfjs ?? 'linear',
      });
      if (activation.tfjs === null) y = applyActivation(y, activation);
      if (keepNumDims) y = tf.reshape(y, [...input.shape.slice(0, -1), units]);
      return [y];
    };
  },
};
