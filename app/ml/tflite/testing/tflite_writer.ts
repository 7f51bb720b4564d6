import { Builder } from 'flatbuffers';

import { builtinOperatorCode, CUSTOM_OPERATOR_CODE } from '../schema';

/**
 * Writes small synthetic TFLite files for tests: a few tensors and ops, float or
 * quantised constants, through the `flatbuffers` Builder and TFLite's schema field ids.
 */

export type WrittenType =
  'float32' | 'float16' | 'int32' | 'uint8' | 'int64' | 'int8' | 'int16';

const TYPE_CODES: Record<WrittenType, number> = {
  float32: 0,
  float16: 1,
  int32: 2,
  uint8: 3,
  int64: 4,
  int16: 7,
  int8: 9,
};

export interface TensorDef {
  name: string;
  shape: number[];
  type?: WrittenType;
  /** Stored values (already quantised for int types); absent for activations. */
  data?: ArrayLike<number>;
  quantization?: { scale: number[]; zeroPoint: number[]; quantizedDimension?: number };
  shapeSignature?: number[];
}

/** One field of an options table: its schema id, its scalar kind and value. */
export type OptionField =
  | { id: number; int8: number }
  | { id: number; int32: number }
  | { id: number; float32: number }
  | { id: number; bool: boolean }
  | { id: number; int32s: number[] };

export interface OperatorDef {
  /** A builtin name ("CONV_2D") or `{ custom: code }`. */
  op: string | { custom: string };
  inputs: number[];
  outputs: number[];
  /** BuiltinOptions union tag and the fields of the table. */
  options?: { type: number; fields: OptionField[] };
  customOptions?: Uint8Array;
}

export interface ModelDef {
  tensors: TensorDef[];
  operators: OperatorDef[];
  inputs: number[];
  outputs: number[];
  metadata?: Array<{ name: string; data: Uint8Array }>;
  /** Store constant data after the flatbuffer (Buffer.offset/size), as >2 GB files do. */
  externalBuffers?: boolean;
  version?: number;
}

/** Encodes `values` in a tensor type's little-endian bytes. */
export function encodeValues(type: WrittenType, values: ArrayLike<number>): Uint8Array {
  const sizes: Record<WrittenType, number> = {
    float32: 4,
    float16: 2,
    int32: 4,
    uint8: 1,
    int64: 8,
    int8: 1,
    int16: 2,
  };
  const bytes = new Uint8Array(values.length * sizes[type]);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (type === 'float32') view.setFloat32(4 * i, v, true);
    else if (type === 'float16') view.setUint16(2 * i, float32ToFloat16(v), true);
    else if (type === 'int32') view.setInt32(4 * i, v, true);
    else if (type === 'int64') view.setBigInt64(8 * i, BigInt(v), true);
    else if (type === 'int16') view.setInt16(2 * i, v, true);
    else if (type === 'int8') view.setInt8(i, v);
    else view.setUint8(i, v);
  }
  return bytes;
}

/** Rounds a float to the nearest half-precision bit pattern (normal range only). */
export function float32ToFloat16(value: number): number {
  if (value === 0) return Object.is(value, -0) ? 0x8000 : 0;
  const sign = value < 0 ? 0x8000 : 0;
  const abs = Math.abs(value);
  let exponent = Math.floor(Math.log2(abs));
  let fraction = Math.round((abs / 2 ** exponent - 1) * 1024);
  if (fraction === 1024) {
    fraction = 0;
    exponent += 1;
  }
  if (exponent < -14) return sign | Math.round(abs / 2 ** -24);
  return sign | ((exponent + 15) << 10) | fraction;
}

/**
 * Quantises real values: `q = round(v / scale) + zeroPoint`, per tensor or per channel
 * along `axis` of `shape`, clamped to the type's range.
 */
export function quantize(
  values: ArrayLike<number>,
  shape: number[],
  scale: number[],
  zeroPoint: number[],
  type: 'int8' | 'uint8' | 'int32',
  axis = 0,
): number[] {
  const [lo, hi] =
    type === 'int8'
      ? [-128, 127]
      : type === 'uint8'
        ? [0, 255]
        : [-(2 ** 31), 2 ** 31 - 1];
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const c = scale.length === 1 ? 0 : Math.floor(i / inner) % shape[axis];
    const q = Math.round(values[i] / scale[c]) + zeroPoint[c];
    out.push(Math.min(hi, Math.max(lo, q)));
  }
  return out;
}

/** Builds the .tflite bytes of `model`. */
export function writeTflite(model: ModelDef): Uint8Array {
  const payloads = model.tensors.map((t) =>
    t.data === undefined ? null : encodeValues(t.type ?? 'float32', t.data),
  );
  if (!model.externalBuffers) return build(model, payloads, null);

  // Offsets are 8-byte fields, so a first pass with zero offsets has the final length.
  const length = build(
    model,
    payloads,
    payloads.map(() => 0),
  ).byteLength;
  const offsets: number[] = [];
  let end = align16(length);
  for (const payload of payloads) {
    offsets.push(payload === null ? 0 : end);
    end = align16(end + (payload?.byteLength ?? 0));
  }
  const flat = build(model, payloads, offsets);
  const file = new Uint8Array(end);
  file.set(flat);
  payloads.forEach((p, i) => p && file.set(p, offsets[i]));
  return file;
}

function align16(n: number): number {
  return Math.ceil(n / 16) * 16;
}

function build(
  model: ModelDef,
  payloads: (Uint8Array | null)[],
  externalOffsets: number[] | null,
): Uint8Array {
  const b = new Builder(1024);
  const int32Vector = (values: number[]) => {
    b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) b.addInt32(values[i]);
    return b.endVector();
  };
  const float32Vector = (values: number[]) => {
    b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) b.addFloat32(values[i]);
    return b.endVector();
  };
  const int64Vector = (values: number[]) => {
    b.startVector(8, values.length, 8);
    for (let i = values.length - 1; i >= 0; i--) b.addInt64(BigInt(values[i]));
    return b.endVector();
  };
  const offsetVector = (offsets: number[]) => {
    b.startVector(4, offsets.length, 4);
    for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i]);
    return b.endVector();
  };
  const table = (fields: Array<(slot: number) => void>, count: number) => {
    b.startObject(count);
    fields.forEach((add, slot) => add(slot));
    return b.endObject();
  };

  // Buffer 0 is the empty sentinel; tensor i with data gets buffer i + 1.
  const bufferOffsets = [table([], 0)];
  payloads.forEach((payload, i) => {
    if (payload === null) {
      bufferOffsets.push(table([], 0));
    } else if (externalOffsets !== null) {
      b.startObject(3);
      b.addFieldInt64(1, BigInt(externalOffsets[i]), null);
      b.addFieldInt64(2, BigInt(payload.byteLength), null);
      bufferOffsets.push(b.endObject());
    } else {
      b.startVector(1, payload.byteLength, 16);
      for (let k = payload.byteLength - 1; k >= 0; k--) b.addInt8(payload[k]);
      const data = b.endVector();
      b.startObject(1);
      b.addFieldOffset(0, data, 0);
      bufferOffsets.push(b.endObject());
    }
  });

  const tensorOffsets = model.tensors.map((t, i) => {
    const name = b.createString(t.name);
    const shape = int32Vector(t.shape);
    const signature = t.shapeSignature ? int32Vector(t.shapeSignature) : 0;
    let quantization = 0;
    if (t.quantization) {
      const scale = float32Vector(t.quantization.scale);
      const zeroPoint = int64Vector(t.quantization.zeroPoint);
      b.startObject(7);
      b.addFieldOffset(2, scale, 0);
      b.addFieldOffset(3, zeroPoint, 0);
      b.addFieldInt32(6, t.quantization.quantizedDimension ?? 0, 0);
      quantization = b.endObject();
    }
    b.startObject(8);
    b.addFieldOffset(0, shape, 0);
    b.addFieldInt8(1, TYPE_CODES[t.type ?? 'float32'], 0);
    b.addFieldInt32(2, payloads[i] === null ? 0 : i + 1, 0);
    b.addFieldOffset(3, name, 0);
    if (quantization) b.addFieldOffset(4, quantization, 0);
    if (signature) b.addFieldOffset(7, signature, 0);
    return b.endObject();
  });

  const codeKeys: string[] = [];
  const operatorOffsets = model.operators.map((op) => {
    const key = typeof op.op === 'string' ? op.op : `custom:${op.op.custom}`;
    if (!codeKeys.includes(key)) codeKeys.push(key);
    const inputs = int32Vector(op.inputs);
    const outputs = int32Vector(op.outputs);
    const options = op.options ? optionsTable(b, op.options.fields, int32Vector) : 0;
    const custom = op.customOptions ? b.createByteVector(op.customOptions) : 0;
    b.startObject(7);
    b.addFieldInt32(0, codeKeys.indexOf(key), -1);
    b.addFieldOffset(1, inputs, 0);
    b.addFieldOffset(2, outputs, 0);
    if (op.options) {
      b.addFieldInt8(3, op.options.type, 0);
      b.addFieldOffset(4, options, 0);
    }
    if (custom) b.addFieldOffset(5, custom, 0);
    return b.endObject();
  });

  const codeOffsets = codeKeys.map((key) => {
    const custom = key.startsWith('custom:') ? b.createString(key.slice(7)) : 0;
    const code = custom ? CUSTOM_OPERATOR_CODE : builtinOperatorCode(key);
    if (code < 0) throw new Error(`unknown builtin op ${key}`);
    b.startObject(4);
    b.addFieldInt8(0, Math.min(code, 127), null);
    if (custom) b.addFieldOffset(1, custom, 0);
    b.addFieldInt32(2, 1, null);
    b.addFieldInt32(3, code, null);
    return b.endObject();
  });

  const subgraph = (() => {
    const tensors = offsetVector(tensorOffsets);
    const inputs = int32Vector(model.inputs);
    const outputs = int32Vector(model.outputs);
    const operators = offsetVector(operatorOffsets);
    const name = b.createString('main');
    b.startObject(5);
    b.addFieldOffset(0, tensors, 0);
    b.addFieldOffset(1, inputs, 0);
    b.addFieldOffset(2, outputs, 0);
    b.addFieldOffset(3, operators, 0);
    b.addFieldOffset(4, name, 0);
    return b.endObject();
  })();

  // Metadata buffers follow the tensors' buffers.
  const metadataOffsets = (model.metadata ?? []).map((entry, i) => {
    const data = b.createByteVector(entry.data);
    b.startObject(1);
    b.addFieldOffset(0, data, 0);
    bufferOffsets.push(b.endObject());
    const name = b.createString(entry.name);
    b.startObject(2);
    b.addFieldOffset(0, name, 0);
    b.addFieldInt32(1, payloads.length + 1 + i, null);
    return b.endObject();
  });

  const codes = offsetVector(codeOffsets);
  const subgraphs = offsetVector([subgraph]);
  const buffers = offsetVector(bufferOffsets);
  const metadata = metadataOffsets.length > 0 ? offsetVector(metadataOffsets) : 0;
  b.startObject(7);
  b.addFieldInt32(0, model.version ?? 3, null);
  b.addFieldOffset(1, codes, 0);
  b.addFieldOffset(2, subgraphs, 0);
  b.addFieldOffset(4, buffers, 0);
  if (metadata) b.addFieldOffset(6, metadata, 0);
  b.finish(b.endObject(), 'TFL3');
  return b.asUint8Array().slice();
}

function optionsTable(
  b: Builder,
  fields: OptionField[],
  int32Vector: (values: number[]) => number,
): number {
  const vectors = new Map<number, number>();
  for (const field of fields)
    if ('int32s' in field) vectors.set(field.id, int32Vector(field.int32s));
  b.startObject(Math.max(0, ...fields.map((f) => f.id + 1)));
  for (const field of fields) {
    if ('int8' in field) b.addFieldInt8(field.id, field.int8, null);
    else if ('int32' in field) b.addFieldInt32(field.id, field.int32, null);
    else if ('float32' in field) b.addFieldFloat32(field.id, field.float32, null);
    else if ('bool' in field) b.addFieldInt8(field.id, field.bool ? 1 : 0, null);
    else b.addFieldOffset(field.id, vectors.get(field.id)!, 0);
  }
  return b.endObject();
}
