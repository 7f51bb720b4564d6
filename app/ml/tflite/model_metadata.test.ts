import { Builder } from 'flatbuffers';
import { zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';

import { TfliteFormatError } from './errors';
import { parseLabels } from './labels';
import { readModelDescription } from './model_metadata';
import { readTfliteModel } from './model_reader';
import { type TensorDef, writeTflite } from './testing/tflite_writer';

/**
 * A ModelMetadata flatbuffer (metadata_schema.fbs): name, one input with
 * NormalizationOptions, one output whose TENSOR_AXIS_LABELS file is `labelsFile`.
 */
function modelMetadata(mean: number[], std: number[], labelsFile: string): Uint8Array {
  const b = new Builder(256);
  const floats = (values: number[]) => {
    b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) b.addFloat32(values[i]);
    return b.endVector();
  };
  const vector = (offsets: number[]) => {
    b.startVector(4, offsets.length, 4);
    for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i]);
    return b.endVector();
  };

  const meanVector = floats(mean);
  const stdVector = floats(std);
  b.startObject(2);
  b.addFieldOffset(0, meanVector, 0);
  b.addFieldOffset(1, stdVector, 0);
  const normalization = b.endObject();
  b.startObject(2);
  b.addFieldInt8(0, 1, 0);
  b.addFieldOffset(1, normalization, 0);
  const processUnit = b.endObject();
  const processUnits = vector([processUnit]);
  b.startObject(7);
  b.addFieldOffset(4, processUnits, 0);
  const input = b.endObject();

  const fileName = b.createString(labelsFile);
  b.startObject(4);
  b.addFieldOffset(0, fileName, 0);
  b.addFieldInt8(2, 2, 0);
  const labels = b.endObject();
  const files = vector([labels]);
  b.startObject(7);
  b.addFieldOffset(6, files, 0);
  const output = b.endObject();

  const inputs = vector([input]);
  const outputs = vector([output]);
  b.startObject(4);
  b.addFieldOffset(2, inputs, 0);
  b.addFieldOffset(3, outputs, 0);
  const subgraph = b.endObject();
  const subgraphs = vector([subgraph]);
  const name = b.createString('tiny classifier');
  b.startObject(4);
  b.addFieldOffset(0, name, 0);
  b.addFieldOffset(3, subgraphs, 0);
  b.finish(b.endObject(), 'M001');
  return b.asUint8Array().slice();
}

/** A one-op model carrying `metadata`, with `zipEntries` packed after it as a zip. */
function modelWith(
  input: TensorDef,
  metadata: Uint8Array,
  zipEntries: Record<string, string> | null,
): Uint8Array {
  const flat = writeTflite({
    tensors: [input, { name: 'y', shape: input.shape }],
    operators: [{ op: 'DEQUANTIZE', inputs: [0], outputs: [1] }],
    inputs: [0],
    outputs: [1],
    metadata: [{ name: 'TFLITE_METADATA', data: metadata }],
  });
  if (zipEntries === null) return flat;
  const entries = Object.fromEntries(
    Object.entries(zipEntries).map(([name, text]) => [
      name,
      new TextEncoder().encode(text),
    ]),
  );
  // Appended as is, so the zip's offsets count from its own start, not the file's.
  const zip = zipSync(entries);
  const file = new Uint8Array(flat.byteLength + zip.byteLength);
  file.set(flat);
  file.set(zip, flat.byteLength);
  return file;
}

describe('readModelDescription', () => {
  test('reads name, normalisation and packed labels of a float model', () => {
    const file = modelWith(
      { name: 'x', shape: [1, 2, 2, 3] },
      modelMetadata([127.5], [127.5], 'labels.txt'),
      { 'labels.txt': 'cat\r\ndog\n', 'other.txt': 'x' },
    );
    expect(readModelDescription(readTfliteModel(file))).toEqual({
      name: 'tiny classifier',
      normalization: { mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] },
      labels: ['cat', 'dog'],
    });
  });

  test('folds a quantised input into the normalisation, so it maps pixels to run units', () => {
    const file = modelWith(
      {
        name: 'x',
        shape: [1, 2, 2, 3],
        type: 'uint8',
        quantization: { scale: [1 / 128], zeroPoint: [128] },
      },
      modelMetadata([127.5, 127.5, 127.5], [127.5, 127.5, 127.5], 'labels.txt'),
      { 'labels.txt': 'a\nb' },
    );
    const { normalization } = readModelDescription(readTfliteModel(file));
    // real = (pixel - 127.5) / 127.5, q = real * 128 + 128 = (pixel + 0.498) / 0.996
    normalization!.mean.forEach((m) =>
      expect(m).toBeCloseTo(127.5 - (128 * 127.5) / 128, 5),
    );
    normalization!.std.forEach((s) => expect(s).toBeCloseTo(127.5 / 128, 5));
  });

  test('a labels file the packed zip lacks, or a missing zip, is a clear error', () => {
    const input: TensorDef = { name: 'x', shape: [1, 3] };
    const metadata = modelMetadata([0], [1], 'labels.txt');
    expect(() =>
      readModelDescription(readTfliteModel(modelWith(input, metadata, { 'x.txt': '' }))),
    ).toThrow(
      'corrupt TFLite file: its metadata names "labels.txt", which the packed zip lacks',
    );
    expect(() =>
      readModelDescription(readTfliteModel(modelWith(input, metadata, null))),
    ).toThrow(TfliteFormatError);
  });

  test('a file without metadata describes nothing', () => {
    const file = writeTflite({
      tensors: [{ name: 'x', shape: [1] }],
      operators: [],
      inputs: [0],
      outputs: [0],
    });
    expect(readModelDescription(readTfliteModel(file))).toEqual({});
  });
});

describe('parseLabels', () => {
  test('one label a line, Windows line ends and a final newline tolerated', () => {
    expect(parseLabels('a\r\nb c\n\n')).toEqual(['a', 'b c']);
  });
});
