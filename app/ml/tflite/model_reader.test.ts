import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, test } from 'vitest';

import { TfliteFormatError, TfliteUnsupportedError } from './errors';
import { readTfliteModel } from './model_reader';
import { loadTfliteGraph } from './tflite_graph';
import { writeTflite } from './testing/tflite_writer';

const SHARED = fileURLToPath(new URL('../../../../shared/', import.meta.url));

const TINY = writeTflite({
  tensors: [
    { name: 'x', shape: [1, 4] },
    { name: 'w', shape: [2, 4], data: [1, 2, 3, 4, 5, 6, 7, 8] },
    { name: 'y', shape: [1, 2] },
  ],
  operators: [{ op: 'FULLY_CONNECTED', inputs: [0, 1, -1], outputs: [2] }],
  inputs: [0],
  outputs: [2],
});

describe('readTfliteModel', () => {
  test('reads tensors, op codes, operators and buffers of a written file', () => {
    const model = readTfliteModel(TINY);
    const subgraph = model.subgraphs[0];
    expect(model.operatorCodes.map((c) => [c.name, c.builtinCode])).toEqual([
      ['FULLY_CONNECTED', 9],
    ]);
    expect(subgraph.tensors.map((t) => [t.name, t.shape, t.type])).toEqual([
      ['x', [1, 4], 'float32'],
      ['w', [2, 4], 'float32'],
      ['y', [1, 2], 'float32'],
    ]);
    expect(subgraph.operators[0].inputs).toEqual([0, 1, -1]);
    expect(model.buffers[subgraph.tensors[1].buffer].byteLength).toBe(32);
  });

  test('reads buffers stored after the flatbuffer through offset and size', () => {
    const external = writeTflite({
      tensors: [{ name: 'w', shape: [3], type: 'int32', data: [7, -8, 9] }],
      operators: [],
      inputs: [],
      outputs: [0],
      externalBuffers: true,
    });
    const model = readTfliteModel(external);
    const data = model.buffers[model.subgraphs[0].tensors[0].buffer];
    expect(Array.from(new Int32Array(data.slice().buffer))).toEqual([7, -8, 9]);
  });

  test('a PNG renamed .tflite says it is not a TFLite file', () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13,
    ]);
    expect(() => readTfliteModel(png)).toThrow(TfliteFormatError);
    expect(() => readTfliteModel(png)).toThrow(
      /^not a TFLite file: missing TFL3 identifier at byte 4/,
    );
  });

  test('a file too short for an identifier says so', () => {
    expect(() => readTfliteModel(new Uint8Array(3))).toThrow(
      'not a TFLite file: 3 bytes is too short to hold the TFL3 identifier',
    );
  });

  test('a truncated file names the table that lies beyond its end', () => {
    const real = readFileSync(`${SHARED}models/efficientnet-lite0-dogs/model.tflite`);
    for (const length of [64, 4000, 1_000_000]) {
      const cut = real.subarray(0, length);
      expect(() => loadTfliteGraph(cut)).toThrow(TfliteFormatError);
      expect(() => loadTfliteGraph(cut)).toThrow(
        new RegExp(
          `^truncated TFLite file: .* at byte \\d+ lies beyond the end \\(${length} bytes\\)$`,
        ),
      );
    }
  });

  test('an unknown schema version is refused', () => {
    const v2 = writeTflite({
      tensors: [],
      operators: [],
      inputs: [],
      outputs: [],
      version: 2,
    });
    expect(() => readTfliteModel(v2)).toThrow('unsupported TFLite schema version 2');
  });
});

describe('loadTfliteGraph errors', () => {
  test('an op the reader does not run is named with its code and operator index at load', () => {
    const file = writeTflite({
      tensors: [
        { name: 'x', shape: [1, 4, 4, 4] },
        { name: 'y', shape: [1, 4, 4, 4] },
        { name: 'z', shape: [1, 2, 2, 16] },
      ],
      operators: [
        { op: 'RELU', inputs: [0], outputs: [1] },
        { op: 'SPACE_TO_DEPTH', inputs: [1], outputs: [2] },
      ],
      inputs: [0],
      outputs: [2],
    });
    expect(() => loadTfliteGraph(file)).toThrow(TfliteUnsupportedError);
    expect(() => loadTfliteGraph(file)).toThrow(
      'unsupported TFLite op SPACE_TO_DEPTH (builtin 26) at operator 1',
    );
  });

  test('an unknown custom op is named by its custom code', () => {
    const file = writeTflite({
      tensors: [
        { name: 'x', shape: [4] },
        { name: 'y', shape: [4] },
      ],
      operators: [
        { op: { custom: 'Convolution2DTransposeBias' }, inputs: [0], outputs: [1] },
      ],
      inputs: [0],
      outputs: [1],
    });
    expect(() => loadTfliteGraph(file)).toThrow(
      'unsupported TFLite op Convolution2DTransposeBias (custom) at operator 0',
    );
  });

  test('a malformed op is refused at load with its operator index', () => {
    const file = writeTflite({
      tensors: [
        { name: 'x', shape: [1, 4] },
        { name: 'w', shape: [8], data: new Array(8).fill(1) },
        { name: 'y', shape: [1, 2] },
      ],
      operators: [{ op: 'FULLY_CONNECTED', inputs: [0, 1], outputs: [2] }],
      inputs: [0],
      outputs: [2],
    });
    expect(() => loadTfliteGraph(file)).toThrow(
      'operator 0 (FULLY_CONNECTED): weights [8] are not 2-D',
    );
  });
});
