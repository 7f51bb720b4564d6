import * as tf from '@tensorflow/tfjs';
import type { LoadedGraph, ModelDescription, TensorSpec } from './graph';

/** A file of a tfjs graph model: `model.json` or one of its weight shards. */
export interface NamedBytes {
  name: string;
  bytes: ArrayBuffer;
}

interface ModelJson {
  format?: string;
  modelTopology?: { node?: { name: string }[] };
  weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  signature?: unknown;
  userDefinedMetadata?: Record<string, unknown>;
  generatedBy?: string;
  convertedBy?: string;
}

function baseName(path: string): string {
  return path.split('/').pop() ?? path;
}

/**
 * Builds the in-memory artifacts of a tfjs graph model from its `model.json` and the
 * weight shards it names (matched by file name). Throws naming the missing shard, or
 * saying the JSON is not a graph model.
 */
export function graphModelArtifacts(files: NamedBytes[]): tf.io.ModelArtifacts {
  const jsonFile = files.find((file) => file.name.endsWith('.json'));
  if (!jsonFile) throw new Error('a tfjs graph model needs its model.json');

  let json: ModelJson;
  try {
    json = JSON.parse(new TextDecoder().decode(jsonFile.bytes)) as ModelJson;
  } catch (error) {
    throw new Error(`${jsonFile.name} is not valid JSON: ${(error as Error).message}`);
  }
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new Error(`${jsonFile.name} is not a tfjs model (no modelTopology / weightsManifest)`);
  }
  if (json.format && json.format !== 'graph-model') {
    throw new Error(`${jsonFile.name} is a ${json.format}, not a graph-model`);
  }

  const shards = new Map(files.map((file) => [baseName(file.name), file.bytes]));
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const group of json.weightsManifest) {
    for (const path of group.paths) {
      const shard = shards.get(baseName(path));
      if (!shard) throw new Error(`weight shard ${baseName(path)} is missing: drop it with ${jsonFile.name}`);
      buffers.push(shard);
    }
    weightSpecs.push(...group.weights);
  }

  return {
    modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs,
    weightData: tf.io.concatenateArrayBuffers(buffers),
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    signature: json.signature as object,
    userDefinedMetadata: json.userDefinedMetadata as Record<string, object>,
  };
}

function specOf(info: tf.ModelTensorInfo): TensorSpec {
  return { name: info.name, shape: (info.shape ?? []).map((d) => d ?? -1), dtype: info.dtype };
}

/**
 * Loads a tfjs graph model (`model.json` + shards) behind the LoadedGraph interface.
 * Any node of the graph can be asked for by name, e.g. the pooled feature of a
 * converted EfficientNet.
 */
export async function loadTfjsGraph(
  files: NamedBytes[],
  description: ModelDescription = {},
): Promise<LoadedGraph> {
  const artifacts = graphModelArtifacts(files);
  const model = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
  const nodeNames = (artifacts.modelTopology as ModelJson['modelTopology'])?.node?.map((n) => n.name) ?? [];
  const outputs = model.outputs.map(specOf);

  return {
    format: 'tfjs-graph',
    inputs: model.inputs.map(specOf),
    outputs,
    description,
    tensorNames: () => [...new Set([...outputs.map((o) => o.name), ...nodeNames])],
    run: async (input, outputNames) => {
      const result = await model.executeAsync(input, outputNames ?? model.outputNodes);
      return Array.isArray(result) ? result : [result];
    },
    dispose: () => model.dispose(),
  };
}
