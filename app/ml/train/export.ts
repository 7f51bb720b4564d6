import * as tf from '@tensorflow/tfjs';

export { zipFiles } from './zip_files';
import { unzipSync } from 'fflate';

import type { InputNormalization } from '../graph';
import type { NamedBytes } from '../graph_model';
import type { HeadRecipe } from './heads';
import type { ClassMetrics } from './metrics';
import type { TrainingSettings } from './train';

/** File names of an exported head, as `tf.loadLayersModel` expects them side by side. */
export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
export const METADATA_FILE = 'metadata.json';

/** Version of the metadata format; a newer one than this reader knows is refused. */
export const METADATA_VERSION = 1;

/** What a head needs around it to classify photos: written as `metadata.json`. */
export interface HeadMetadata {
  version: number;
  /** Class names, in the order of the head's outputs. */
  labels: string[];
  backbone: {
    name: string;
    /** Where the model file came from: a URL, or `file:` and the dropped file's name. */
    source: string;
    /** SHA-256 (hex) of the model file. */
    sha256: string;
  };
  input: {
    /** Pixels the backbone takes, [height, width], resized bilinearly from RGB 0..255. */
    size: [number, number];
    /** Applied as `(pixel - mean) / std` when the backbone takes float input; else none. */
    normalization: InputNormalization | null;
    /** The backbone input's type: `uint8` takes raw 0..255 values. */
    dtype: string;
  };
  /** The backbone tensor whose values the head takes, and their shape without the batch. */
  cutTensor: string;
  embeddingShape: number[];
  head: { recipe: HeadRecipe; dropout: number; hiddenUnits: number };
  training: TrainingSettings & {
    augmentViews: number;
    trainImages: number;
    validationImages: number;
    epochsRun: number;
    bestEpoch: number;
    stopReason: string;
  };
  /** Scores at export time, 0..1: validation and, when there were test images, test. */
  metrics: {
    validationAccuracy?: number;
    testAccuracy?: number;
    testPerClass?: ClassMetrics[];
  };
  createdAt: string;
}

/** A head read back from its files. */
export interface ImportedHead {
  head: tf.LayersModel;
  metadata: HeadMetadata;
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(
    bytes.byteOffset,
    bytes.byteOffset + bytes.byteLength,
  ) as ArrayBuffer;
}

function concatWeights(data: ArrayBuffer | ArrayBuffer[] | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  if (data instanceof ArrayBuffer) return data;
  const total = data.reduce((sum, part) => sum + part.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const part of data) {
    joined.set(new Uint8Array(part), offset);
    offset += part.byteLength;
  }
  return joined.buffer;
}

/**
 * Saves a trained head as a TensorFlow.js layers model: `model.json` (topology and a
 * weights manifest pointing at `weights.bin`), `weights.bin`, and `metadata.json`.
 * `tf.loadLayersModel` reads the first two as they are.
 */
export async function exportHead(
  head: tf.LayersModel,
  metadata: HeadMetadata,
): Promise<NamedBytes[]> {
  let captured: tf.io.ModelArtifacts | null = null;
  await head.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  const artifacts = captured as tf.io.ModelArtifacts | null;
  if (!artifacts?.modelTopology || !artifacts.weightSpecs) {
    throw new Error('the head could not be serialised as a layers model');
  }

  const modelJson = {
    format: 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs }],
  };
  const encoder = new TextEncoder();
  return [
    { name: MODEL_FILE, bytes: toArrayBuffer(encoder.encode(JSON.stringify(modelJson))) },
    {
      name: WEIGHTS_FILE,
      bytes: concatWeights(artifacts.weightData as ArrayBuffer | ArrayBuffer[]),
    },
    {
      name: METADATA_FILE,
      bytes: toArrayBuffer(encoder.encode(JSON.stringify(metadata, null, 2))),
    },
  ];
}

function isZip(bytes: ArrayBuffer): boolean {
  const head = new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength));
  return (
    head.length === 4 &&
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    head[2] === 3 &&
    head[3] === 4
  );
}

/** Files of an export as given: a zip is unpacked; folders inside it are ignored. */
function flattenFiles(files: NamedBytes[]): NamedBytes[] {
  return files.flatMap((file) => {
    if (!isZip(file.bytes)) return [{ name: baseName(file.name), bytes: file.bytes }];
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(new Uint8Array(file.bytes));
    } catch (error) {
      throw new Error(`${file.name} is not a readable zip: ${(error as Error).message}`);
    }
    return Object.entries(entries)
      .filter(([name]) => !name.endsWith('/'))
      .map(([name, bytes]) => ({ name: baseName(name), bytes: toArrayBuffer(bytes) }));
  });
}

function baseName(path: string): string {
  return path.split('/').pop() ?? path;
}

function parseJson(file: NamedBytes): Record<string, unknown> {
  try {
    return JSON.parse(new TextDecoder().decode(file.bytes)) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${file.name} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Checks that metadata names what a head needs; returns it typed. */
export function checkMetadata(json: Record<string, unknown>): HeadMetadata {
  const metadata = json as unknown as HeadMetadata;
  if (typeof metadata.version !== 'number' || metadata.version > METADATA_VERSION) {
    throw new Error(
      `${METADATA_FILE} has version ${metadata.version}; this studio reads 1`,
    );
  }
  if (!Array.isArray(metadata.labels) || metadata.labels.length < 2) {
    throw new Error(`${METADATA_FILE} must list 2 or more labels`);
  }
  if (typeof metadata.cutTensor !== 'string' || !Array.isArray(metadata.embeddingShape)) {
    throw new Error(`${METADATA_FILE} must name the cut tensor and the embedding shape`);
  }
  if (!metadata.backbone || typeof metadata.backbone.sha256 !== 'string') {
    throw new Error(`${METADATA_FILE} must name the backbone and its file hash`);
  }
  return metadata;
}

/**
 * Reads an exported head back: a zip, or `model.json`, `weights.bin` and
 * `metadata.json` given separately. Checks that the head's outputs match the labels.
 */
export async function importHead(files: NamedBytes[]): Promise<ImportedHead> {
  const all = flattenFiles(files);
  const find = (name: string) => {
    const file = all.find((f) => f.name === name);
    if (!file) {
      const given = all.map((f) => f.name).join(', ') || 'nothing';
      throw new Error(`an exported head needs ${name} (given: ${given})`);
    }
    return file;
  };
  const modelJson = parseJson(find(MODEL_FILE)) as {
    modelTopology?: object;
    weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  const metadata = checkMetadata(parseJson(find(METADATA_FILE)));
  if (!modelJson.modelTopology || !Array.isArray(modelJson.weightsManifest)) {
    throw new Error(`${MODEL_FILE} is not a TensorFlow.js layers model`);
  }

  const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const shards = modelJson.weightsManifest.flatMap((group) => group.paths.map(baseName));
  const weightData = concatWeights(shards.map((name) => find(name).bytes));
  const head = await tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData }),
  );

  const outputs = head.outputs[0].shape[head.outputs[0].shape.length - 1];
  if (outputs !== metadata.labels.length) {
    head.dispose();
    throw new Error(
      `the head has ${outputs} outputs but ${metadata.labels.length} labels`,
    );
  }
  return { head, metadata };
}
