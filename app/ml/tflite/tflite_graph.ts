import * as tf from '@tensorflow/tfjs';

import type { LoadedGraph, ModelDescription, TensorSpec } from '../graph';
import { decodeConstant, type HostTensor } from './constant_values';
import { TfliteFormatError, TfliteUnsupportedError } from './errors';
import { readModelDescription } from './model_metadata';
import {
  readTfliteModel,
  type TfliteModel,
  type TfliteOperator,
  type TfliteTensor,
} from './model_reader';
import type {
  Kernel,
  OpContext,
  OpDefinition,
  OpRegistry,
  RuntimeInputs,
} from './ops/op';
import { BUILTIN_OPS } from './ops/registry';
import { CUSTOM_OPERATOR_CODE } from './schema';

/**
 * How activations that the file quantises are treated while running in float32:
 * - 'float': kept exact, never clamped or rounded;
 * - 'saturate': clamped to the range the tensor's int type can hold,
 *   `scale * (qmin - zeroPoint)` .. `scale * (qmax - zeroPoint)`, as the int runtime does;
 * - 'round': also snapped to the tensor's quantisation grid, the closest emulation of
 *   the int runtime (slower: three more element-wise ops per quantised tensor).
 */
export type QuantizedActivationMode = 'float' | 'saturate' | 'round';

export interface TfliteLoadOptions {
  /** Ops added to or replacing the builtin registry; custom ops by their custom_code. */
  ops?: OpRegistry;
  /** Defaults to 'saturate'. */
  quantizedActivations?: QuantizedActivationMode;
}

/** A LoadedGraph read from a TFLite file, with the parsed file for callers who need more. */
export interface TfliteGraph extends LoadedGraph {
  readonly format: 'tflite';
  readonly model: TfliteModel;
}

/** Representable range of the integer types activations are quantised to. */
const INT_RANGES: Record<string, [number, number]> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
};

/** Input types `run` accepts, and the tfjs dtype their real values take. */
const INPUT_DTYPES: Record<string, 'float32' | 'int32'> = {
  float32: 'float32',
  float16: 'float32',
  int8: 'float32',
  uint8: 'float32',
  int16: 'float32',
  int32: 'int32',
  int64: 'int32',
};

interface Grid {
  scale: number;
  zeroPoint: number;
  qmin: number;
  qmax: number;
}

interface CompiledOp {
  operatorIndex: number;
  name: string;
  inputs: number[];
  outputs: number[];
  kernel: Kernel;
  async: boolean;
  /** Outputs the saturation clamp can change nothing on: their range holds the op's. */
  unclamped: Set<number>;
}

/**
 * Loads a TFLite flatbuffer into a graph of tfjs ops on the active backend. Weights are
 * decoded to float32 real values once, here (int8/uint8 per tensor or per channel,
 * float16, DEQUANTIZE of constants folded); activations run in float32 throughout.
 *
 * Input units: `run` takes the values the file's input tensor declares, NHWC. For a
 * quantised (uint8/int8) input these are the raw quantised values, e.g. RGB 0..255 for
 * EfficientNet-Lite, as a float32 or int32 tensor; `run` turns them into real values
 * `scale * (q - zeroPoint)` with the input's own quantisation. Outputs come back as
 * float32 real values (a uint8 softmax as probabilities 0..1) or int32 for integer
 * tensors; the output specs say so, while the input spec gives the file's declared type.
 *
 * Throws `TfliteFormatError` for a malformed file and `TfliteUnsupportedError` for an op
 * or op variant this reader cannot run, both at load, naming the op and operator index.
 */
export function loadTfliteGraph(
  bytes: ArrayBuffer | Uint8Array,
  options: TfliteLoadOptions = {},
): TfliteGraph {
  const model = readTfliteModel(bytes);
  const description = readModelDescription(model);
  return new TfliteGraphImpl(model, description, options);
}

class TfliteGraphImpl implements TfliteGraph {
  readonly format = 'tflite' as const;
  readonly inputs: TensorSpec[];
  readonly outputs: TensorSpec[];

  private readonly tensors: TfliteTensor[];
  private readonly inputIndex: number;
  /** Tensors known at load, mapped to the constant tensor holding their value. */
  private readonly constantSource = new Map<number, number>();
  private readonly hostConstants = new Map<number, HostTensor>();
  private readonly deviceConstants = new Map<number, tf.Tensor>();
  /** The values of `deviceConstants`, to tell a constant handed back by a kernel. */
  private readonly constantTensors = new Set<tf.Tensor>();
  private readonly preparedWeights: tf.Tensor[] = [];
  private readonly ops: CompiledOp[] = [];
  private readonly producer = new Map<number, number>();
  private readonly nameToIndex = new Map<string, number>();
  private readonly grids = new Map<number, Grid>();
  private readonly plans = new Map<string, number[]>();
  private readonly quantizedActivations: QuantizedActivationMode;
  private disposed = false;

  constructor(
    readonly model: TfliteModel,
    readonly description: ModelDescription,
    options: TfliteLoadOptions,
  ) {
    const subgraph = model.subgraphs[0];
    this.tensors = subgraph.tensors;
    this.quantizedActivations = options.quantizedActivations ?? 'saturate';
    if (subgraph.inputs.length !== 1) {
      // Limitation: LoadedGraph.run takes one input tensor; multi-input graphs would need
      // a form of run that takes named inputs.
      throw new TfliteUnsupportedError(
        `TFLite graph has ${subgraph.inputs.length} inputs; only single-input graphs are supported`,
      );
    }
    this.inputIndex = subgraph.inputs[0];
    const inputType = this.tensors[this.inputIndex].type;
    if (INPUT_DTYPES[inputType] === undefined) {
      throw new TfliteUnsupportedError(
        `TFLite graph input of type ${inputType} is not supported`,
      );
    }

    for (const tensor of this.tensors) {
      if (!this.nameToIndex.has(tensor.name))
        this.nameToIndex.set(tensor.name, tensor.index);
      const hasData = model.buffers[tensor.buffer].byteLength > 0;
      if (hasData && tensor.index !== this.inputIndex) {
        this.constantSource.set(tensor.index, tensor.index);
      }
      const grid = quantizationGrid(tensor);
      if (grid !== null) this.grids.set(tensor.index, grid);
    }

    const registry = options.ops
      ? new Map([...BUILTIN_OPS, ...options.ops])
      : BUILTIN_OPS;
    const definitions = subgraph.operators.map((op) => this.definitionOf(op, registry));
    try {
      subgraph.operators.forEach((op, i) => this.compile(op, definitions[i]));
    } catch (error) {
      this.dispose();
      throw error;
    }
    this.hostConstants.clear();

    this.inputs = [this.spec(this.inputIndex, /* declaredType= */ true)];
    this.outputs = subgraph.outputs.map((i) => this.spec(i, /* declaredType= */ false));
  }

  tensorNames(): string[] {
    return [...this.nameToIndex.keys()];
  }

  async run(input: tf.Tensor, outputNames?: string[]): Promise<tf.Tensor[]> {
    if (this.disposed) throw new Error('this TFLite graph was disposed');
    const targets = outputNames
      ? outputNames.map((name) => this.tensorIndexOf(name))
      : this.model.subgraphs[0].outputs;
    const plan = this.plan(targets);
    this.checkInput(input);

    // Uses left of each runtime tensor: one per consuming op in the plan, one per target.
    const uses = new Map<number, number>();
    const addUse = (i: number) => uses.set(i, (uses.get(i) ?? 0) + 1);
    for (const opIndex of plan) {
      for (const i of this.ops[opIndex].inputs) if (this.isRuntime(i)) addUse(i);
    }
    targets.forEach(addUse);

    const values = new Map<number, tf.Tensor>();
    const store = (index: number, value: tf.Tensor) => {
      if ((uses.get(index) ?? 0) > 0) values.set(index, value);
      else value.dispose();
    };
    const release = (index: number) => {
      const left = (uses.get(index) ?? 0) - 1;
      uses.set(index, left);
      if (left > 0) return;
      values.get(index)?.dispose();
      values.delete(index);
    };

    try {
      store(this.inputIndex, this.toRealValues(input));
      for (const opIndex of plan) {
        const op = this.ops[opIndex];
        const outputs = await this.runOp(op, values);
        op.outputs.forEach((index, k) => store(index, outputs[k]));
        for (const i of op.inputs) if (this.isRuntime(i)) release(i);
      }

      const returned = new Set<tf.Tensor>();
      return targets.map((index) => {
        let result = values.get(index) ?? this.constantResult(index);
        if (returned.has(result)) result = tf.clone(result);
        returned.add(result);
        return result;
      });
    } catch (error) {
      for (const tensor of values.values()) tensor.dispose();
      throw error;
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const tensor of this.deviceConstants.values()) tensor.dispose();
    for (const tensor of this.preparedWeights) tensor.dispose();
    this.deviceConstants.clear();
    this.constantTensors.clear();
    this.preparedWeights.length = 0;
  }

  private definitionOf(op: TfliteOperator, registry: OpRegistry): OpDefinition {
    const code = this.model.operatorCodes[op.opcodeIndex];
    const definition = registry.get(code.name);
    if (definition === undefined) {
      const kind =
        code.builtinCode === CUSTOM_OPERATOR_CODE
          ? 'custom'
          : `builtin ${code.builtinCode}`;
      throw new TfliteUnsupportedError(
        `unsupported TFLite op ${code.name} (${kind}) at operator ${op.index}`,
      );
    }
    const expected = definition.optionsType;
    if (
      expected !== undefined &&
      op.builtinOptionsType !== 0 &&
      op.builtinOptionsType !== expected
    ) {
      throw new TfliteFormatError(
        `corrupt TFLite file: operator ${op.index} (${code.name}) carries options of ` +
          `type ${op.builtinOptionsType}, expected ${expected}`,
      );
    }
    return definition;
  }

  private compile(op: TfliteOperator, definition: OpDefinition): void {
    const name = this.model.operatorCodes[op.opcodeIndex].name;
    const constantInputs = op.inputs.every((i) => i < 0 || this.constantSource.has(i));
    if (definition.identityOnRealValues && constantInputs && op.inputs[0] >= 0) {
      // Folded: the output is the same constant, already decoded to real values.
      this.constantSource.set(op.outputs[0], this.constantSource.get(op.inputs[0])!);
      return;
    }

    let bounds: [number, number] | null = null;
    const context = this.context(op, name, (min, max) => (bounds = [min, max]));
    const kernel = definition.compile(context);
    op.outputs.forEach((i) => this.producer.set(i, this.ops.length));
    this.ops.push({
      operatorIndex: op.index,
      name,
      inputs: op.inputs,
      outputs: op.outputs,
      kernel,
      async: definition.async ?? false,
      unclamped: new Set(op.outputs.filter((i) => this.holds(i, bounds))),
    });
  }

  /** True when output `index`'s saturation range holds every value in `bounds`. */
  private holds(index: number, bounds: [number, number] | null): boolean {
    const grid = this.grids.get(index);
    if (grid === undefined || bounds === null) return false;
    const { scale, zeroPoint, qmin, qmax } = grid;
    // A float32 rounding of the range's ends (6 as 5.9999995) changes no value that counts.
    const slack = 1e-6 * Math.max(1, Math.abs(bounds[0]), Math.abs(bounds[1]));
    return (
      scale * (qmin - zeroPoint) <= bounds[0] + slack &&
      scale * (qmax - zeroPoint) >= bounds[1] - slack
    );
  }

  private context(
    op: TfliteOperator,
    opName: string,
    boundOutputs: (min: number, max: number) => void,
  ): OpContext {
    const fail = (message: string) =>
      new TfliteUnsupportedError(`operator ${op.index} (${opName}): ${message}`);
    const tensorOf = (k: number) => {
      const index = op.inputs[k];
      if (index === undefined || index < 0) throw fail(`input ${k} is omitted`);
      return index;
    };
    const constant = (k: number) => {
      const source = this.constantSource.get(tensorOf(k));
      if (source === undefined) throw fail(`input ${k} must be a constant`);
      return this.host(source);
    };

    return {
      operatorIndex: op.index,
      opName,
      inputs: op.inputs.map((i) => (i < 0 ? null : this.tensors[i])),
      outputs: op.outputs.map((i) => this.tensors[i]),
      builtinOptions: op.builtinOptions,
      customOptions: op.customOptions,
      isConstant: (k) => this.constantSource.has(tensorOf(k)),
      constant,
      constantInts: (k) => {
        const values = Array.from(constant(k).values);
        if (values.some((v) => !Number.isInteger(v)))
          throw fail(`input ${k} is not integer`);
        return values;
      },
      weight: (k, prepare) => {
        if (prepare === undefined)
          return this.deviceConstant(this.constantSource.get(tensorOf(k))!);
        const raw = toTensor(constant(k));
        const prepared = tf.tidy(() => prepare(raw));
        raw.dispose();
        this.preparedWeights.push(prepared);
        return prepared;
      },
      operand: (k) => {
        const index = tensorOf(k);
        const source = this.constantSource.get(index);
        if (source === undefined) return (inputs) => inputs[k]!;
        const value = this.deviceConstant(source);
        return () => value;
      },
      boundOutputs,
      fail,
    };
  }

  private host(index: number): HostTensor {
    let host = this.hostConstants.get(index);
    if (host === undefined) {
      host = decodeConstant(
        this.tensors[index],
        this.model.buffers[this.tensors[index].buffer],
      );
      this.hostConstants.set(index, host);
    }
    return host;
  }

  private deviceConstant(source: number): tf.Tensor {
    let tensor = this.deviceConstants.get(source);
    if (tensor === undefined) {
      tensor = toTensor(this.host(source));
      this.deviceConstants.set(source, tensor);
      this.constantTensors.add(tensor);
    }
    return tensor;
  }

  private isRuntime(index: number): boolean {
    return index >= 0 && !this.constantSource.has(index);
  }

  private tensorIndexOf(name: string): number {
    const index = this.nameToIndex.get(name);
    if (index === undefined)
      throw new Error(`the TFLite graph has no tensor named "${name}"`);
    return index;
  }

  /** The ops needed for `targets`, in file order; ops feeding nothing asked for are left out. */
  private plan(targets: number[]): number[] {
    const key = targets.join(',');
    const cached = this.plans.get(key);
    if (cached) return cached;

    const needed = new Set(targets.filter((i) => this.isRuntime(i)));
    const opsNeeded = new Set<number>();
    for (let opIndex = this.ops.length - 1; opIndex >= 0; opIndex--) {
      const op = this.ops[opIndex];
      if (!op.outputs.some((i) => needed.has(i))) continue;
      opsNeeded.add(opIndex);
      for (const i of op.inputs) if (this.isRuntime(i)) needed.add(i);
    }
    for (const index of needed) {
      if (index !== this.inputIndex && !this.producer.has(index)) {
        throw new TfliteFormatError(
          `tensor "${this.tensors[index].name}" is neither an input, a constant nor an op output`,
        );
      }
    }

    const plan = [...opsNeeded].sort((a, b) => a - b);
    this.plans.set(key, plan);
    return plan;
  }

  private async runOp(
    op: CompiledOp,
    values: Map<number, tf.Tensor>,
  ): Promise<tf.Tensor[]> {
    const inputs: RuntimeInputs = op.inputs.map((i) =>
      this.isRuntime(i) ? values.get(i)! : null,
    );
    let outputs: tf.Tensor[];
    try {
      outputs = op.async
        ? await op.kernel(inputs)
        : tf.tidy(() => op.kernel(inputs) as tf.Tensor[]);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`operator ${op.operatorIndex} (${op.name}) failed: ${message}`, {
        cause: error,
      });
    }
    if (outputs.length !== op.outputs.length) {
      outputs.forEach((t) => t.dispose());
      throw new Error(
        `operator ${op.operatorIndex} (${op.name}) gave ${outputs.length} outputs, ` +
          `the file declares ${op.outputs.length}`,
      );
    }

    // A kernel may hand back an input or a constant as is; the graph owns those.
    const taken = new Set<tf.Tensor>();
    for (const input of inputs) if (input !== null) taken.add(input);
    return outputs.map((value, k) => {
      const graphOwned = taken.has(value) || this.constantTensors.has(value);
      const owned = graphOwned ? tf.clone(value) : value;
      taken.add(owned);
      const index = op.outputs[k];
      const skip = this.quantizedActivations === 'saturate' && op.unclamped.has(index);
      return skip ? owned : this.emulateQuantization(index, owned);
    });
  }

  private emulateQuantization(index: number, value: tf.Tensor): tf.Tensor {
    const grid = this.grids.get(index);
    if (grid === undefined || this.quantizedActivations === 'float') return value;
    const { scale, zeroPoint, qmin, qmax } = grid;
    const result = tf.tidy(() => {
      if (this.quantizedActivations === 'saturate') {
        return tf.clipByValue(
          value,
          scale * (qmin - zeroPoint),
          scale * (qmax - zeroPoint),
        );
      }
      const q = tf.clipByValue(
        tf.add(tf.round(tf.div(value, scale)), zeroPoint),
        qmin,
        qmax,
      );
      return tf.mul(tf.sub(q, zeroPoint), scale);
    });
    value.dispose();
    return result;
  }

  private checkInput(input: tf.Tensor): void {
    const tensor = this.tensors[this.inputIndex];
    const declared = tensor.shapeSignature ?? tensor.shape;
    const fits =
      input.rank === declared.length &&
      declared.every((d, i) => d === -1 || d === input.shape[i]);
    if (!fits) {
      throw new Error(
        `input of shape [${input.shape}] does not fit the model's input "${tensor.name}" ` +
          `of shape [${declared}]`,
      );
    }
  }

  /** The caller's input converted to the real values the graph computes with. */
  private toRealValues(input: tf.Tensor): tf.Tensor {
    const tensor = this.tensors[this.inputIndex];
    const dtype = INPUT_DTYPES[tensor.type];
    const quantization = tensor.quantization;
    return tf.tidy(() => {
      if (dtype === 'int32' || quantization === null || quantization.scale.length !== 1) {
        return tf.cast(input, dtype);
      }
      const q = tf.cast(input, 'float32');
      return tf.mul(tf.sub(q, quantization.zeroPoint[0]), quantization.scale[0]);
    });
  }

  private constantResult(index: number): tf.Tensor {
    const source = this.constantSource.get(index);
    if (source === undefined) throw new Error(`tensor ${index} was not computed`);
    return tf.clone(this.deviceConstant(source));
  }

  private spec(index: number, declaredType: boolean): TensorSpec {
    const tensor = this.tensors[index];
    const integer = ['int32', 'int64', 'int16', 'int8', 'uint8'].includes(tensor.type);
    const runType = integer && tensor.quantization === null ? 'int32' : 'float32';
    return {
      name: tensor.name,
      shape: tensor.shapeSignature ?? tensor.shape,
      dtype: declaredType ? tensor.type : runType,
    };
  }
}

function toTensor(host: HostTensor): tf.Tensor {
  return tf.tensor(host.values, host.shape, host.dtype);
}

/** The integer grid of a per-tensor quantised activation type, or null. */
function quantizationGrid(tensor: TfliteTensor): Grid | null {
  const range = INT_RANGES[tensor.type];
  const quantization = tensor.quantization;
  if (range === undefined || quantization === null || quantization.scale.length !== 1)
    return null;
  return {
    scale: quantization.scale[0],
    zeroPoint: quantization.zeroPoint[0],
    qmin: range[0],
    qmax: range[1],
  };
}
