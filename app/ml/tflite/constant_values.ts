import { TfliteFormatError, TfliteUnsupportedError } from './errors';
import type { TfliteQuantization, TfliteTensor } from './model_reader';

/** A constant tensor's values on the host, ready to upload as a tfjs tensor. */
export interface HostTensor {
  shape: number[];
  dtype: 'float32' | 'int32';
  values: Float32Array | Int32Array;
}

const ELEMENT_SIZE: Record<string, number> = {
  float32: 4,
  float16: 2,
  int32: 4,
  uint8: 1,
  int8: 1,
  int16: 2,
  int64: 8,
  bool: 1,
};

/**
 * Decodes a constant tensor's buffer into real values. Quantised tensors (int8, uint8,
 * int16, and int32 biases) come back as float32 `scale * (q - zeroPoint)`, per tensor
 * or per channel along `quantizedDimension`; float16 widens to float32; plain integer
 * tensors (shapes, axes, indices) stay int32.
 */
export function decodeConstant(tensor: TfliteTensor, data: Uint8Array): HostTensor {
  const elementSize = ELEMENT_SIZE[tensor.type];
  if (elementSize === undefined) {
    throw new TfliteUnsupportedError(
      `constant tensor "${tensor.name}" has type ${tensor.type}, which this reader cannot load`,
    );
  }
  const count = tensor.shape.reduce((a, b) => a * b, 1);
  if (data.byteLength !== count * elementSize) {
    throw new TfliteFormatError(
      `corrupt TFLite file: tensor "${tensor.name}" of shape [${tensor.shape}] ${tensor.type} ` +
        `needs ${count * elementSize} bytes, its buffer holds ${data.byteLength}`,
    );
  }

  const raw = readRaw(tensor.type, data, count);
  const quantization = tensor.quantization;
  if (quantization !== null && tensor.type !== 'float32' && tensor.type !== 'float16') {
    return {
      shape: tensor.shape,
      dtype: 'float32',
      values: dequantize(tensor, raw, quantization),
    };
  }
  if (raw instanceof Float32Array)
    return { shape: tensor.shape, dtype: 'float32', values: raw };
  return { shape: tensor.shape, dtype: 'int32', values: Int32Array.from(raw) };
}

function readRaw(
  type: string,
  data: Uint8Array,
  count: number,
): Float32Array | ArrayLike<number> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  switch (type) {
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
      return out;
    }
    case 'float16': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++)
        out[i] = float16ToFloat32(view.getUint16(2 * i, true));
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, true);
      return out;
    }
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i, true);
      return out;
    }
    case 'int64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = Number(view.getBigInt64(8 * i, true));
      return out;
    }
    case 'int8':
      return new Int8Array(data.buffer, data.byteOffset, count);
    default:
      return data;
  }
}

function dequantize(
  tensor: TfliteTensor,
  raw: ArrayLike<number>,
  quantization: TfliteQuantization,
): Float32Array {
  const { scale, zeroPoint, quantizedDimension } = quantization;
  const out = new Float32Array(raw.length);
  if (scale.length === 1) {
    const s = scale[0];
    const z = zeroPoint[0] ?? 0;
    for (let i = 0; i < raw.length; i++) out[i] = s * (raw[i] - z);
    return out;
  }

  const channels = tensor.shape[quantizedDimension];
  if (channels !== scale.length || zeroPoint.length !== scale.length) {
    throw new TfliteFormatError(
      `corrupt TFLite file: tensor "${tensor.name}" of shape [${tensor.shape}] has ` +
        `${scale.length} scales and ${zeroPoint.length} zero points for dimension ` +
        `${quantizedDimension}`,
    );
  }
  const inner = tensor.shape.slice(quantizedDimension + 1).reduce((a, b) => a * b, 1);
  for (let i = 0; i < raw.length; i++) {
    const channel = Math.floor(i / inner) % channels;
    out[i] = scale[channel] * (raw[i] - zeroPoint[channel]);
  }
  return out;
}

/** Widens one IEEE 754 half-precision value, subnormals and infinities included. */
export function float16ToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
