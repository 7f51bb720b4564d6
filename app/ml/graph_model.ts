import * as tf from '@tensorflow/tfjs';

import type { LoadedGraph, ModelDescription, TensorSpec } from './graph';

/**
 * Ops that make tfjs run a graph asynchronously: control flow and ops whose output size
 * depends on values (NMS, Where). A graph holding any of them needs `executeAsync`.
 */
const DYNAMIC_OPS = new Set([
  'Enter',
  'Exit',
  'LoopCond',
  'Merge',
  'NextIteration',
  'Switch',
  'If',
  'StatelessIf',
  'While',
  'StatelessWhile',
  'NonMaxSuppressionV2',
  'NonMaxSuppressionV3',
  'NonMaxSuppressionV4',
  'NonMaxSuppressionV5',
  'Where',
  'TensorArrayV3',
  'TensorListReserve',
  'TensorListFromTensor',
]);

interface TopologyNode {
  name?: string;
  op?: string;
}

interface Topology {
  node?: TopologyNode[];
  library?: { function?: { nodeDef?: TopologyNode[] }[] };
}

/**
 * Builds a runnable graph from the files of a tfjs graph model: the parsed or raw
 * `model.json` and its weight files by the names its `weightsManifest` uses. Works on
 * bytes only, so dropped files in a browser and files read from disk in Node both serve.
 * The weights go to the active backend.
 */
export async function loadGraphModelFromFiles(
  modelJson: string | object,
  weightFiles: ReadonlyMap<string, ArrayBuffer>,
): Promise<LoadedGraph> {
  const json = (
    typeof modelJson === 'string' ? JSON.parse(modelJson) : modelJson
  ) as tf.io.ModelJSON;
  if (!json || typeof json !== 'object' || !json.modelTopology || !json.weightsManifest) {
    throw new Error(
      'model.json has no modelTopology or weightsManifest: not a graph model',
    );
  }
  const topology = json.modelTopology as Topology;

  const handler: tf.io.IOHandler = {
    load: () =>
      tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const buffers = manifest
          .flatMap((group) => group.paths)
          .map((path) => {
            const name = path.split('/').pop() ?? path;
            const buffer = weightFiles.get(path) ?? weightFiles.get(name);
            if (!buffer) {
              const given = [...weightFiles.keys()].join(', ') || 'none';
              throw new Error(
                `model.json needs weight file "${path}", not given (given: ${given})`,
              );
            }
            return buffer;
          });
        return [specs, tf.io.concatenateArrayBuffers(buffers)];
      }),
  };
  const model = await tf.loadGraphModel(handler);
  const nodeNames = (topology.node ?? [])
    .filter((node) => node.op !== 'Const' && node.name !== undefined)
    .map((node) => node.name as string);
  return wrapGraphModel(model, needsAsyncExecution(topology), nodeNames);
}

/** True when the topology holds an op that tfjs can only run with `executeAsync`. */
export function needsAsyncExecution(topology: Topology): boolean {
  const nodes = [
    ...(topology.node ?? []),
    ...(topology.library?.function ?? []).flatMap((fn) => fn.nodeDef ?? []),
  ];
  return nodes.some((node) => node.op !== undefined && DYNAMIC_OPS.has(node.op));
}

/**
 * Presents a tfjs GraphModel as a LoadedGraph. Inputs and outputs are named by signature
 * key where the model has a signature; `nodeNames` are the intermediates `run` may return.
 */
export function wrapGraphModel(
  model: tf.GraphModel,
  runAsync: boolean,
  nodeNames: readonly string[] = [],
): LoadedGraph {
  const specs = (
    names: string[],
    infos: { shape?: number[]; dtype?: string }[],
  ): TensorSpec[] =>
    names.map((name, i) => ({
      name,
      shape: infos[i]?.shape ?? [],
      dtype: infos[i]?.dtype ?? 'float32',
    }));
  const inputs = specs(model.inputNodes, model.inputs);
  const outputs = specs(model.outputNodes, model.outputs);

  return {
    format: 'tfjs-graph',
    inputs,
    outputs,
    description: {},
    tensorNames: () => [...new Set([...outputs.map((spec) => spec.name), ...nodeNames])],
    async run(input, outputNames = model.outputNodes) {
      const result = runAsync
        ? await model.executeAsync(input, outputNames)
        : model.execute(input, outputNames);
      return Array.isArray(result) ? result : [result];
    },
    dispose: () => model.dispose(),
  };
}

/** A file of a model as bytes: `model.json`, a weight shard, a `.tflite`, a labels file. */
export interface NamedBytes {
  name: string;
  bytes: ArrayBuffer;
}

/**
 * Loads a tfjs graph model from dropped or cached files: the one `.json` among them is
 * `model.json`, the rest are its weight shards, matched by file name.
 */
export async function loadTfjsGraph(
  files: NamedBytes[],
  description: ModelDescription = {},
): Promise<LoadedGraph> {
  const jsonFile = files.find((file) => file.name.toLowerCase().endsWith('.json'));
  if (!jsonFile) throw new Error('a tfjs graph model needs its model.json');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(jsonFile.bytes));
  } catch (error) {
    throw new Error(`${jsonFile.name} is not valid JSON: ${(error as Error).message}`);
  }

  const shards = new Map(
    files.filter((file) => file !== jsonFile).map((file) => [file.name, file.bytes]),
  );
  const graph = await loadGraphModelFromFiles(json as object, shards);
  return { ...graph, description };
}
