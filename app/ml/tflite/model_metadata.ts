import { unzipSync } from 'fflate';

import type { InputNormalization, ModelDescription } from '../graph';
import { TfliteFormatError } from './errors';
import { FlatBuffer, type FlatTable } from './flatbuffer';
import { parseLabels } from './labels';
import type { TfliteModel, TfliteTensor } from './model_reader';

/** The Model.metadata entry that holds a ModelMetadata flatbuffer (metadata_schema.fbs). */
const METADATA_NAME = 'TFLITE_METADATA';
const METADATA_IDENTIFIER = 'M001';
/** ProcessUnitOptions union tag of NormalizationOptions. */
const NORMALIZATION_OPTIONS = 1;
/**
 * AssociatedFileTypes of label files: TENSOR_AXIS_LABELS names the classes along an
 * output's axis, TENSOR_VALUE_LABELS the class each value of an output stands for.
 */
const LABEL_FILE_TYPES = [2, 3];

/**
 * What a TFLite file says about itself in its TFLITE_METADATA: the model's name, the
 * input normalisation and the output labels, read from the zip archive appended to the
 * file (Model Maker packs them so). The normalisation `(pixel0to255 - mean) / std`, per
 * channel, gives the values `run` takes: for a quantised input the input's own scale and
 * zero point are folded in. A file without metadata gives an empty description.
 */
export function readModelDescription(model: TfliteModel): ModelDescription {
  const entry = model.metadata.find((m) => m.name === METADATA_NAME);
  if (entry === undefined) return {};
  const bytes = model.buffers[entry.buffer];
  if (bytes.byteLength === 0) return {};

  const file = new FlatBuffer(bytes, 'TFLite metadata');
  if (file.identifier() !== METADATA_IDENTIFIER) {
    throw new TfliteFormatError(
      `corrupt TFLite metadata: missing ${METADATA_IDENTIFIER} identifier at byte 4`,
    );
  }
  const metadata = file.root('ModelMetadata');
  const description: ModelDescription = {};
  const name = metadata.string(0);
  if (name) description.name = name;

  const subgraph = metadata.tableVector(3, 'SubGraphMetadata')[0];
  const inputTensor = model.subgraphs[0].tensors[model.subgraphs[0].inputs[0]];
  const input = subgraph?.tableVector(2, 'TensorMetadata')[0];
  const normalization = input
    ? readNormalization(input, inputTensor?.shape.at(-1) ?? 3)
    : null;
  if (normalization) description.normalization = inRunUnits(normalization, inputTensor);

  const labelsFile = findLabelsFile(metadata, subgraph);
  if (labelsFile !== null)
    description.labels = parseLabels(readZipEntry(model.bytes, labelsFile));
  return description;
}

/**
 * The metadata's normalisation maps pixels to real values; a quantised input then
 * stores `real / scale + zeroPoint`. Folding that in gives the mapping from pixels to the
 * units `run` takes: mean' = mean - zeroPoint * std * scale, std' = std * scale (for
 * EfficientNet-Lite uint8 files, mean 0 and std 1: raw pixels).
 */
function inRunUnits(
  normalization: InputNormalization,
  input: TfliteTensor | undefined,
): InputNormalization {
  const quantization = input?.quantization;
  if (!quantization || quantization.scale.length !== 1 || input?.type === 'float32') {
    return normalization;
  }
  const [scale] = quantization.scale;
  const [zeroPoint] = quantization.zeroPoint;
  return {
    mean: normalization.mean.map((m, i) => m - zeroPoint * normalization.std[i] * scale),
    std: normalization.std.map((s) => s * scale),
  };
}

function readNormalization(
  tensor: FlatTable,
  channels: number,
): InputNormalization | null {
  for (const unit of tensor.tableVector(4, 'ProcessUnit')) {
    if (unit.uint8(0) !== NORMALIZATION_OPTIONS) continue;
    const options = unit.table(1, 'NormalizationOptions');
    const mean = options?.float32Vector(0) ?? [];
    const std = options?.float32Vector(1) ?? [];
    if (mean.length === 0 || std.length === 0) return null;
    // One value stands for every channel.
    const spread = (values: number[]) =>
      values.length === 1 ? new Array<number>(channels).fill(values[0]) : values;
    return { mean: spread(mean), std: spread(std) };
  }
  return null;
}

/**
 * The first labels file: one naming the classes along an output's axis (a classifier's
 * scores) or the values of an output (a detector's category output, which need not be
 * its first), looked for in the outputs in order, then the subgraph, then the model.
 */
function findLabelsFile(
  metadata: FlatTable,
  subgraph: FlatTable | undefined,
): string | null {
  const outputs = subgraph?.tableVector(3, 'TensorMetadata') ?? [];
  const candidates = [
    ...outputs.flatMap((output) => output.tableVector(6, 'AssociatedFile')),
    ...(subgraph?.tableVector(4, 'AssociatedFile') ?? []),
    ...metadata.tableVector(6, 'AssociatedFile'),
  ];
  const labels = candidates.find((file) => LABEL_FILE_TYPES.includes(file.int8(2)));
  return labels?.string(0) ?? null;
}

/** Signature of a zip's end-of-central-directory record. */
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;

/**
 * The bytes from where the packed zip's offsets count. Model Maker's writer counts them
 * from the start of the .tflite; a zip simply appended (`cat model.tflite labels.zip`)
 * counts them from its own start. The central directory ends right before its
 * end record, which tells which of the two this file does.
 */
function zipArchive(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is 22 bytes plus a comment of at most 65535.
  const lowest = Math.max(0, bytes.byteLength - 22 - 0xffff);
  for (let at = bytes.byteLength - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) !== END_OF_CENTRAL_DIRECTORY) continue;
    const directorySize = view.getUint32(at + 12, true);
    const directoryOffset = view.getUint32(at + 16, true);
    const archiveStart = at - directorySize - directoryOffset;
    return archiveStart > 0 ? bytes.subarray(archiveStart) : bytes;
  }
  return bytes;
}

function readZipEntry(bytes: Uint8Array, name: string): string {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zipArchive(bytes), { filter: (file) => file.name === name });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TfliteFormatError(
      `corrupt TFLite file: its metadata names "${name}", but the zip archive packed ` +
        `into the file cannot be read (${reason})`,
    );
  }
  const entry = entries[name];
  if (entry === undefined) {
    throw new TfliteFormatError(
      `corrupt TFLite file: its metadata names "${name}", which the packed zip lacks`,
    );
  }
  return new TextDecoder().decode(entry);
}
