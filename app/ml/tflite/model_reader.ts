import { TfliteFormatError } from './errors';
import { FlatBuffer, type FlatTable } from './flatbuffer';
import {
  builtinOperatorName,
  CUSTOM_OPERATOR_CODE,
  tensorTypeName,
  type TfliteTensorType,
} from './schema';

/** The schema version every TFLite file since 2018 carries. */
const SCHEMA_VERSION = 3;

/** Affine quantisation of a tensor: `real = scale * (quantised - zeroPoint)`. */
export interface TfliteQuantization {
  /** One entry per tensor, or one per slice along `quantizedDimension`. */
  scale: number[];
  zeroPoint: number[];
  quantizedDimension: number;
}

export interface TfliteTensor {
  index: number;
  name: string;
  shape: number[];
  /** The shape with -1 for dimensions fixed only at run time, when the file says so. */
  shapeSignature: number[] | null;
  type: TfliteTensorType | `type ${number}`;
  /** Index into `TfliteModel.buffers`; 0 (the empty sentinel) for activations. */
  buffer: number;
  quantization: TfliteQuantization | null;
}

export interface TfliteOperatorCode {
  builtinCode: number;
  /** The schema name, e.g. "CONV_2D", or the custom op's `custom_code`. */
  name: string;
  customCode: string | null;
  version: number;
}

export interface TfliteOperator {
  index: number;
  opcodeIndex: number;
  /** Tensor indices; -1 marks an omitted optional input. */
  inputs: number[];
  outputs: number[];
  builtinOptionsType: number;
  builtinOptions: FlatTable | null;
  customOptions: Uint8Array | null;
}

export interface TfliteSubgraph {
  name: string;
  tensors: TfliteTensor[];
  inputs: number[];
  outputs: number[];
  operators: TfliteOperator[];
}

export interface TfliteMetadataEntry {
  name: string;
  buffer: number;
}

/** A parsed TFLite flatbuffer. Buffers are views into the file's bytes, not copies. */
export interface TfliteModel {
  version: number;
  description: string | null;
  operatorCodes: TfliteOperatorCode[];
  subgraphs: TfliteSubgraph[];
  buffers: Uint8Array[];
  metadata: TfliteMetadataEntry[];
  /** The whole file, for readers of what lies after the flatbuffer (an appended zip). */
  bytes: Uint8Array;
}

/** Views `bytes` as a Uint8Array without copying. */
export function asBytes(bytes: ArrayBuffer | Uint8Array): Uint8Array {
  return bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
}

/**
 * Parses a TFLite flatbuffer (schema version 3). Throws `TfliteFormatError` with a
 * message naming the problem for files that are not TFLite, truncated or corrupt.
 */
export function readTfliteModel(input: ArrayBuffer | Uint8Array): TfliteModel {
  const bytes = asBytes(input);
  const buffer = new FlatBuffer(bytes, 'TFLite file');
  checkIdentifier(buffer);

  const model = buffer.root('Model');
  const version = model.uint32(0);
  if (version !== SCHEMA_VERSION) {
    throw new TfliteFormatError(
      `unsupported TFLite schema version ${version} (this reader knows version ${SCHEMA_VERSION})`,
    );
  }

  const operatorCodes = model.tableVector(1, 'OperatorCode').map(readOperatorCode);
  const buffers = model
    .tableVector(4, 'Buffer')
    .map((table, i) => readBuffer(buffer, table, i));
  const subgraphs = model
    .tableVector(2, 'SubGraph')
    .map((table) => readSubgraph(buffer, table, operatorCodes.length, buffers.length));
  if (subgraphs.length === 0) throw new TfliteFormatError('TFLite file has no subgraph');

  const metadata = model.tableVector(6, 'Metadata').map((table) => ({
    name: table.string(0) ?? '',
    buffer: table.uint32(1),
  }));
  for (const entry of metadata) {
    if (entry.buffer >= buffers.length) {
      throw new TfliteFormatError(
        `corrupt TFLite file: metadata "${entry.name}" names buffer ${entry.buffer} ` +
          `of ${buffers.length}`,
      );
    }
  }

  return {
    version,
    description: model.string(3),
    operatorCodes,
    subgraphs,
    buffers,
    metadata,
    bytes,
  };
}

function checkIdentifier(buffer: FlatBuffer): void {
  const identifier = buffer.identifier();
  if (identifier === 'TFL3') return;
  if (identifier === null) {
    throw new TfliteFormatError(
      `not a TFLite file: ${buffer.byteLength} bytes is too short to hold the TFL3 identifier`,
    );
  }
  const shown = JSON.stringify(identifier).replace(/[^\x20-\x7e]/g, '?');
  throw new TfliteFormatError(
    `not a TFLite file: missing TFL3 identifier at byte 4 (found ${shown})`,
  );
}

function readOperatorCode(table: FlatTable): TfliteOperatorCode {
  // The one-byte field held every code until they ran past 127; newer files also set
  // the int32 field. The larger of the two is the real code.
  const builtinCode = Math.max(table.int8(0), table.int32(3));
  const customCode = table.string(1);
  const name =
    builtinCode === CUSTOM_OPERATOR_CODE && customCode !== null
      ? customCode
      : builtinOperatorName(builtinCode);
  return { builtinCode, name, customCode, version: table.int32(2, 1) };
}

function readBuffer(file: FlatBuffer, table: FlatTable, index: number): Uint8Array {
  const inline = table.vectorBytes(0, 1);
  if (inline !== null && inline.byteLength > 0) return inline;

  // Files over 2 GB keep buffers after the flatbuffer; offsets 0 and 1 mean "none".
  const offset = table.int64(1);
  const size = table.int64(2);
  if (offset > 1) {
    file.check(offset, size, `buffer ${index} (${size} bytes outside the flatbuffer)`);
    return file.bytes.subarray(offset, offset + size);
  }
  return new Uint8Array(0);
}

function readSubgraph(
  file: FlatBuffer,
  table: FlatTable,
  operatorCodeCount: number,
  bufferCount: number,
): TfliteSubgraph {
  const tensors = table
    .tableVector(0, 'Tensor')
    .map((t, i) => readTensor(t, i, bufferCount));
  const checkTensorIndices = (indices: number[], where: string, optional: boolean) => {
    for (const i of indices) {
      if ((optional && i === -1) || (i >= 0 && i < tensors.length)) continue;
      throw new TfliteFormatError(
        `corrupt TFLite file: ${where} names tensor ${i} of ${tensors.length}`,
      );
    }
  };

  const inputs = table.int32Vector(1) ?? [];
  const outputs = table.int32Vector(2) ?? [];
  checkTensorIndices(inputs, 'subgraph inputs', false);
  checkTensorIndices(outputs, 'subgraph outputs', false);

  const operators = table.tableVector(3, 'Operator').map((op, index) => {
    const operator = readOperator(file, op, index);
    if (operator.opcodeIndex >= operatorCodeCount) {
      throw new TfliteFormatError(
        `corrupt TFLite file: operator ${index} names op code ${operator.opcodeIndex} ` +
          `of ${operatorCodeCount}`,
      );
    }
    checkTensorIndices(operator.inputs, `operator ${index} inputs`, true);
    checkTensorIndices(operator.outputs, `operator ${index} outputs`, false);
    return operator;
  });

  return { name: table.string(4) ?? '', tensors, inputs, outputs, operators };
}

function readTensor(table: FlatTable, index: number, bufferCount: number): TfliteTensor {
  const buffer = table.uint32(2);
  if (buffer >= bufferCount) {
    throw new TfliteFormatError(
      `corrupt TFLite file: tensor ${index} names buffer ${buffer} of ${bufferCount}`,
    );
  }
  return {
    index,
    name: table.string(3) ?? `tensor_${index}`,
    shape: table.int32Vector(0) ?? [],
    shapeSignature: table.int32Vector(7),
    type: tensorTypeName(table.int8(1)),
    buffer,
    quantization: readQuantization(table.table(4, 'QuantizationParameters')),
  };
}

function readQuantization(table: FlatTable | null): TfliteQuantization | null {
  if (table === null) return null;
  const scale = table.float32Vector(2) ?? [];
  if (scale.length === 0) return null;
  const zeroPoint = table.int64Vector(3) ?? [];
  return {
    scale,
    zeroPoint: zeroPoint.length > 0 ? zeroPoint : scale.map(() => 0),
    quantizedDimension: table.int32(6),
  };
}

function readOperator(file: FlatBuffer, table: FlatTable, index: number): TfliteOperator {
  const builtinOptionsType = table.uint8(3);
  let customOptions = table.vectorBytes(5, 1);
  const largeOffset = table.int64(9);
  if (customOptions === null && largeOffset > 1) {
    const size = table.int64(10);
    file.check(
      largeOffset,
      size,
      `operator ${index} custom options outside the flatbuffer`,
    );
    customOptions = file.bytes.subarray(largeOffset, largeOffset + size);
  }
  return {
    index,
    opcodeIndex: table.uint32(0),
    inputs: table.int32Vector(1) ?? [],
    outputs: table.int32Vector(2) ?? [],
    builtinOptionsType,
    builtinOptions: builtinOptionsType === 0 ? null : table.table(4, 'BuiltinOptions'),
    customOptions,
  };
}
