/**
 * The backbone area of the ML worker: loads the classifier graph, cuts it where a
 * person chooses, and classifies photos with it. It owns the loaded backbone and
 * disposes it when another replaces it.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendReport } from '../ml/backend_info';
import { classifyImage } from '../ml/classify';
import { decodeImage } from '../ml/decode_image';
import { findFeatureTensor } from '../ml/features';
import type { LoadedGraph } from '../ml/graph';
import { loadGraph } from '../ml/load_graph';
import { filesHash } from '../ml/train/content_hash';
import type { Handlers } from './handler';
import type { ModelSummary } from './protocol';

export type BackboneMethod = 'loadBackbone' | 'setFeatureTensor' | 'classify';

/** Who else in the worker works on the backbone, told of each change to it. */
export interface BackboneListener {
  /**
   * A new backbone replaced the old one, which is disposed by then. `backboneId` is
   * the content hash of the backbone's files.
   */
  backboneLoaded(graph: LoadedGraph, backboneId: string): void;
  /** A person chose `name` as the pooled feature tensor, the transfer-learning cut. */
  featureTensorChosen(name: string): void;
}

/** A batch of one at the graph's input shape; unknown sides are taken as 224 pixels. */
function probeShape(graph: LoadedGraph): number[] {
  return graph.inputs[0].shape.map((d, i) => (d > 0 ? d : i === 0 ? 1 : 224));
}

/** Runs the graph once on zeros, timing it, and describes it for the page. */
async function summarize(
  name: string,
  graph: LoadedGraph,
  buildMs: number,
): Promise<ModelSummary> {
  const shape = probeShape(graph);
  const featureTensor = findFeatureTensor(graph);
  const wanted = [graph.outputs[0].name, ...(featureTensor ? [featureTensor] : [])];

  const started = performance.now();
  const zeros = tf.zeros(shape);
  const outputs = await graph.run(zeros, wanted);
  await Promise.all(outputs.map((t) => t.data()));
  const firstRunMs = performance.now() - started;
  const featureSize = featureTensor ? outputs[1].size / shape[0] : undefined;
  tf.dispose([zeros, ...outputs]);

  return {
    name,
    format: graph.format,
    inputs: graph.inputs,
    outputs: graph.outputs,
    labelCount: graph.description.labels?.length ?? 0,
    featureTensor,
    featureSize,
    tensorNames: graph.tensorNames(),
    buildMs,
    firstRunMs,
  };
}

/**
 * The backbone calls. `requireBackend` answers the running backend or throws before
 * `init`; `listener` hears of every new backbone and cut.
 */
export function backboneHandlers(
  requireBackend: () => BackendReport,
  listener: BackboneListener,
): Handlers<BackboneMethod> {
  let backbone: { graph: LoadedGraph; summary: ModelSummary } | null = null;

  return {
    loadBackbone: async ({ name, files }, context) => {
      const report = requireBackend();
      context.progress({ stage: 'building graph', done: 0, total: 2 });
      const started = performance.now();
      const graph = await loadGraph(files);
      const buildMs = performance.now() - started;

      context.progress({ stage: 'first run (compiling kernels)', done: 1, total: 2 });
      let summary: ModelSummary;
      try {
        summary = await summarize(name, graph, buildMs);
      } catch (error) {
        graph.dispose();
        throw error;
      }
      // Hashed before the old graph goes, so that no await lies between disposing it and
      // training hearing of the new one: a training call in between would find it gone.
      const backboneId = await filesHash(files);
      backbone?.graph.dispose();
      backbone = { graph, summary };
      listener.backboneLoaded(graph, backboneId);
      context.progress({ stage: 'ready', done: 2, total: 2 });

      const megabytes = files.reduce((sum, file) => sum + file.bytes.byteLength, 0) / 1e6;
      console.info(
        `[studio] backbone ${name} loaded: ${megabytes.toFixed(1)} MB, ${summary.format}, ` +
          `backend ${report.name}, build ${buildMs.toFixed(0)} ms, first run ` +
          `${summary.firstRunMs.toFixed(0)} ms`,
      );
      return summary;
    },

    setFeatureTensor: async ({ name }) => {
      if (!backbone) throw new Error('load a model first');
      const { graph, summary } = backbone;
      if (!graph.tensorNames().includes(name))
        throw new Error(`the graph has no tensor ${name}`);

      const shape = probeShape(graph);
      const zeros = tf.zeros(shape);
      const [feature] = await graph.run(zeros, [name]);
      const featureSize = feature.size / shape[0];
      tf.dispose([zeros, feature]);

      summary.featureTensor = name;
      summary.featureSize = featureSize;
      listener.featureTensorChosen(name);
      return { featureTensor: name, featureSize };
    },

    classify: async ({ image, topK }) => {
      if (!backbone) throw new Error('load a model first');
      const pixels = await decodeImage(image);
      try {
        return await classifyImage(backbone.graph, pixels, topK);
      } finally {
        pixels.dispose();
      }
    },
  };
}
