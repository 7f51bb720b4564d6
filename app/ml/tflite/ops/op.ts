import type * as tf from '@tensorflow/tfjs';

import type { HostTensor } from '../constant_values';
import type { FlatTable } from '../flatbuffer';
import type { TfliteTensor } from '../model_reader';

/**
 * The tensors an op gets at run time, one per op input: the activation for runtime
 * inputs, null for constant and omitted ones (a kernel reads those through its
 * `OpContext` at load time).
 */
export type RuntimeInputs = readonly (tf.Tensor | null)[];

/**
 * Runs one op on float32 tensors holding real values. Synchronous kernels run inside
 * `tf.tidy`; an async kernel (one that reads values back) cleans up after itself.
 */
export type Kernel = (inputs: RuntimeInputs) => tf.Tensor[] | Promise<tf.Tensor[]>;

/** Picks one input of an op at run time, whether it is an activation or a constant. */
export type Operand = (inputs: RuntimeInputs) => tf.Tensor;

/** What an op sees while it is compiled at load time. */
export interface OpContext {
  readonly operatorIndex: number;
  /** Builtin name ("CONV_2D") or custom code of the op. */
  readonly opName: string;
  /** The op's input tensors as the file declares them; null for omitted inputs. */
  readonly inputs: readonly (TfliteTensor | null)[];
  readonly outputs: readonly TfliteTensor[];
  /** The builtin options table; null when the file leaves it out (all defaults). */
  readonly builtinOptions: FlatTable | null;
  /** A custom op's raw `custom_options` bytes (usually a flexbuffer). */
  readonly customOptions: Uint8Array | null;

  isConstant(input: number): boolean;
  /** Real values of a constant input; throws a load error when the input is not constant. */
  constant(input: number): HostTensor;
  /** A constant input's values as plain integers (axes, shapes, paddings). */
  constantInts(input: number): number[];
  /**
   * Uploads a constant input once, optionally reshaped/transposed by `prepare`; the graph
   * owns the result and frees it in `dispose()`.
   */
  weight(input: number, prepare?: (t: tf.Tensor) => tf.Tensor): tf.Tensor;
  /** The input at run time: the activation, or the uploaded constant. */
  operand(input: number): Operand;
  /**
   * Declares that every output value lies in [min, max], e.g. 0..6 after a fused RELU6.
   * Under the 'saturate' mode the loader then skips the clamp of an output whose
   * quantised range already holds [min, max]: the clamp could change nothing.
   */
  boundOutputs(min: number, max: number): void;
  /** A load-time `TfliteUnsupportedError` naming this op and its operator index. */
  fail(message: string): Error;
}

/** One op of the registry: checks and prepares itself at load, then runs as a kernel. */
export interface OpDefinition {
  /** The BuiltinOptions union tag it reads; a file with another tag is rejected at load. */
  readonly optionsType?: number;
  /**
   * True for ops that leave real values unchanged (QUANTIZE, DEQUANTIZE): on a constant
   * input the loader folds them away, so their output is a constant too.
   */
  readonly identityOnRealValues?: boolean;
  /**
   * True when the kernel returns a Promise (it reads values back to the CPU); it then runs
   * outside `tf.tidy` and must dispose its own intermediates.
   */
  readonly async?: boolean;
  compile(context: OpContext): Kernel;
}

/** Ops by name: builtin names like "CONV_2D", custom ops by their `custom_code`. */
export type OpRegistry = ReadonlyMap<string, OpDefinition>;

/** Reads an int field of the options table, with the schema default when it is absent. */
export function optionInt(context: OpContext, field: number, fallback = 0): number {
  return context.builtinOptions?.int32(field, fallback) ?? fallback;
}

export function optionByte(context: OpContext, field: number, fallback = 0): number {
  return context.builtinOptions?.int8(field, fallback) ?? fallback;
}

export function optionBool(context: OpContext, field: number, fallback = false): boolean {
  return context.builtinOptions?.bool(field, fallback) ?? fallback;
}

export function optionFloat(context: OpContext, field: number, fallback = 0): number {
  return context.builtinOptions?.float32(field, fallback) ?? fallback;
}

/** Throws a load error unless the op has between `min` and `max` inputs. */
export function expectInputs(context: OpContext, min: number, max = min): void {
  const count = context.inputs.length;
  if (count < min || count > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw context.fail(`expects ${expected} inputs, the file gives ${count}`);
  }
  for (let i = 0; i < min; i++) {
    if (context.inputs[i] === null)
      throw context.fail(`input ${i} is required but omitted`);
  }
}

/** Normalises a possibly negative axis against `rank`. */
export function resolveAxis(context: OpContext, axis: number, rank: number): number {
  const resolved = axis < 0 ? axis + rank : axis;
  if (resolved < 0 || resolved >= rank) {
    throw context.fail(`axis ${axis} is out of range for rank ${rank}`);
  }
  return resolved;
}
