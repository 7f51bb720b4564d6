import { TfliteFormatError } from './errors';

/**
 * Reads FlexBuffers, the schema-less format TFLite custom ops keep their options in
 * (`Operator.custom_options`), into plain values: maps become objects, vectors arrays,
 * integers and floats numbers, blobs Uint8Arrays.
 */

/** A decoded FlexBuffer value. */
export type FlexValue =
  | null
  | boolean
  | number
  | string
  | Uint8Array
  | FlexValue[]
  | { [key: string]: FlexValue };

/** FlexBuffer value types, by their code in the upper six bits of a packed type byte. */
const Type = {
  NULL: 0,
  INT: 1,
  UINT: 2,
  FLOAT: 3,
  KEY: 4,
  STRING: 5,
  INDIRECT_INT: 6,
  INDIRECT_UINT: 7,
  INDIRECT_FLOAT: 8,
  MAP: 9,
  VECTOR: 10,
  VECTOR_INT: 11,
  VECTOR_UINT: 12,
  VECTOR_FLOAT: 13,
  VECTOR_KEY: 14,
  VECTOR_STRING_DEPRECATED: 15,
  VECTOR_INT2: 16,
  VECTOR_FLOAT4: 24,
  BLOB: 25,
  BOOL: 26,
  VECTOR_BOOL: 36,
} as const;

/** Scalar type of the elements of a typed vector type, or -1 for other types. */
function typedVectorElement(type: number): number {
  if (type >= Type.VECTOR_INT && type <= Type.VECTOR_STRING_DEPRECATED) {
    return type - Type.VECTOR_INT + Type.INT;
  }
  if (type >= Type.VECTOR_INT2 && type <= Type.VECTOR_FLOAT4) {
    return ((type - Type.VECTOR_INT2) % 3) + Type.INT;
  }
  if (type === Type.VECTOR_BOOL) return Type.BOOL;
  return -1;
}

/** Element count of a fixed-length typed vector type (2, 3 or 4), or 0. */
function fixedLength(type: number): number {
  if (type < Type.VECTOR_INT2 || type > Type.VECTOR_FLOAT4) return 0;
  return Math.floor((type - Type.VECTOR_INT2) / 3) + 2;
}

/**
 * Decodes a FlexBuffer. Integers beyond 2^53 lose precision, as JavaScript numbers do.
 * Throws `TfliteFormatError` when the bytes are truncated or point outside themselves.
 */
export function readFlexbuffer(bytes: Uint8Array): FlexValue {
  if (bytes.byteLength < 3) {
    throw new TfliteFormatError(
      `corrupt FlexBuffer: ${bytes.byteLength} bytes cannot hold a root value`,
    );
  }
  const reader = new FlexReader(bytes);
  const rootWidth = bytes[bytes.byteLength - 1];
  const packedType = bytes[bytes.byteLength - 2];
  return reader.value(bytes.byteLength - 2 - rootWidth, rootWidth, packedType);
}

/**
 * Decodes a FlexBuffer whose root is a map, as custom op options are. Throws
 * `TfliteFormatError` naming `what` when it is anything else.
 */
export function readFlexbufferMap(
  bytes: Uint8Array,
  what = 'FlexBuffer',
): { [key: string]: FlexValue } {
  const root = readFlexbuffer(bytes);
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw new TfliteFormatError(`corrupt ${what}: the root is not a map`);
  }
  if (root instanceof Uint8Array) {
    throw new TfliteFormatError(`corrupt ${what}: the root is a blob, not a map`);
  }
  return root;
}

class FlexReader {
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** The value in the slot at `offset` of width `parentWidth` with its packed type. */
  value(offset: number, parentWidth: number, packedType: number): FlexValue {
    const type = packedType >> 2;
    const width = 1 << (packedType & 3);
    switch (type) {
      case Type.NULL:
        return null;
      case Type.INT:
        return this.int(offset, parentWidth);
      case Type.UINT:
        return this.uint(offset, parentWidth);
      case Type.FLOAT:
        return this.float(offset, parentWidth);
      case Type.BOOL:
        return this.uint(offset, parentWidth) !== 0;
      case Type.INDIRECT_INT:
        return this.int(this.target(offset, parentWidth), width);
      case Type.INDIRECT_UINT:
        return this.uint(this.target(offset, parentWidth), width);
      case Type.INDIRECT_FLOAT:
        return this.float(this.target(offset, parentWidth), width);
      case Type.KEY:
        return this.key(this.target(offset, parentWidth));
      case Type.STRING: {
        const at = this.target(offset, parentWidth);
        const length = this.uint(at - width, width);
        return new TextDecoder().decode(this.slice(at, length));
      }
      case Type.BLOB: {
        const at = this.target(offset, parentWidth);
        return this.slice(at, this.uint(at - width, width)).slice();
      }
      case Type.MAP:
        return this.map(this.target(offset, parentWidth), width);
      case Type.VECTOR: {
        const at = this.target(offset, parentWidth);
        const length = this.uint(at - width, width);
        return this.untypedElements(at, width, length);
      }
      default: {
        const element = typedVectorElement(type);
        if (element < 0) {
          throw new TfliteFormatError(`corrupt FlexBuffer: unknown value type ${type}`);
        }
        const at = this.target(offset, parentWidth);
        const length = fixedLength(type) || this.uint(at - width, width);
        const values: FlexValue[] = [];
        for (let i = 0; i < length; i++) {
          values.push(this.value(at + i * width, width, element << 2));
        }
        return values;
      }
    }
  }

  /** A map: keys vector and its width before the values, which are an untyped vector. */
  private map(at: number, width: number): { [key: string]: FlexValue } {
    const length = this.uint(at - width, width);
    const keysSlot = at - 3 * width;
    const keysAt = this.target(keysSlot, width);
    const keysWidth = this.uint(at - 2 * width, width);
    const values = this.untypedElements(at, width, length);

    const result: { [key: string]: FlexValue } = {};
    for (let i = 0; i < length; i++) {
      const key = this.key(this.target(keysAt + i * keysWidth, keysWidth));
      result[key] = values[i];
    }
    return result;
  }

  /** Elements of `width` bytes each, followed by one packed type byte per element. */
  private untypedElements(at: number, width: number, length: number): FlexValue[] {
    const types = at + length * width;
    this.check(types, length);
    const values: FlexValue[] = [];
    for (let i = 0; i < length; i++) {
      values.push(this.value(at + i * width, width, this.bytes[types + i]));
    }
    return values;
  }

  private key(at: number): string {
    let end = at;
    while (end < this.bytes.byteLength && this.bytes[end] !== 0) end++;
    if (end === this.bytes.byteLength) {
      throw new TfliteFormatError('corrupt FlexBuffer: a key runs past the end');
    }
    return new TextDecoder().decode(this.bytes.subarray(at, end));
  }

  /** Offsets are unsigned and count back from the slot that holds them, never 0. */
  private target(offset: number, width: number): number {
    const distance = this.uint(offset, width);
    if (distance === 0) {
      throw new TfliteFormatError(
        `corrupt FlexBuffer: the value at ${offset} points to itself`,
      );
    }
    const at = offset - distance;
    this.check(at, 0);
    return at;
  }

  private int(offset: number, width: number): number {
    this.check(offset, width);
    switch (width) {
      case 1:
        return this.view.getInt8(offset);
      case 2:
        return this.view.getInt16(offset, true);
      case 4:
        return this.view.getInt32(offset, true);
      case 8:
        return Number(this.view.getBigInt64(offset, true));
      default:
        throw this.badWidth(width);
    }
  }

  private uint(offset: number, width: number): number {
    this.check(offset, width);
    switch (width) {
      case 1:
        return this.view.getUint8(offset);
      case 2:
        return this.view.getUint16(offset, true);
      case 4:
        return this.view.getUint32(offset, true);
      case 8:
        return Number(this.view.getBigUint64(offset, true));
      default:
        throw this.badWidth(width);
    }
  }

  private float(offset: number, width: number): number {
    this.check(offset, width);
    if (width === 4) return this.view.getFloat32(offset, true);
    if (width === 8) return this.view.getFloat64(offset, true);
    throw new TfliteFormatError(`corrupt FlexBuffer: a float of ${width} bytes`);
  }

  private slice(at: number, length: number): Uint8Array {
    this.check(at, length);
    return this.bytes.subarray(at, at + length);
  }

  private check(offset: number, length: number): void {
    if (offset < 0 || offset + length > this.bytes.byteLength) {
      throw new TfliteFormatError(
        `corrupt FlexBuffer: ${length} bytes at ${offset} lie outside its ` +
          `${this.bytes.byteLength} bytes`,
      );
    }
  }

  private badWidth(width: number): Error {
    return new TfliteFormatError(`corrupt FlexBuffer: a value of ${width} bytes`);
  }
}
