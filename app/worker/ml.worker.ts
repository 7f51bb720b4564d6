/// <reference lib="webworker" />
/**
 * The worker that owns TensorFlow.js: it starts the backend, holds the loaded graphs
 * and runs every tensor op, so that the page's thread never blocks on ML.
 */
import * as tf from '@tensorflow/tfjs';
import { startBackend, type BackendReport } from '../ml/backends';
import { runBenchmark } from '../ml/bench/run_benchmark';
import { classifyImage } from '../ml/classify';
import { findFeatureTensor } from '../ml/features';
import type { LoadedGraph } from '../ml/graph';
import { loadGraph } from '../ml/load_graph';
import { decodeImage } from '../ml/decode_image';
import { filesHash } from '../ml/train/content_hash';
import { TrainingSession } from '../ml/train/training_session';
import { DetectorSession, type ImageDetections } from '../ml/detect/detector_session';
import type {
  CancelMessage,
  ModelSummary,
  ProgressUpdate,
  RequestMessage,
  ResponseMessage,
  WorkerApi,
  WorkerMethod,
} from './protocol';

declare const self: DedicatedWorkerGlobalScope;

interface CallContext {
  progress(update: ProgressUpdate): void;
  cancelled(): boolean;
}

type Handler<M extends WorkerMethod> = (
  params: WorkerApi[M]['request'],
  context: CallContext,
) => Promise<WorkerApi[M]['response']>;

let backend: BackendReport | null = null;
let backbone: { graph: LoadedGraph; summary: ModelSummary } | null = null;
const cancelledCalls = new Set<number>();
const training = new TrainingSession((image) => decodeImage(image));
const detection = new DetectorSession();

function requireBackend(): BackendReport {
  if (!backend) throw new Error('the ML worker has not started a backend yet');
  return backend;
}

async function summarize(
  name: string,
  graph: LoadedGraph,
  buildMs: number,
): Promise<ModelSummary> {
  const input = graph.inputs[0];
  const shape = input.shape.map((d, i) => (d > 0 ? d : i === 0 ? 1 : 224));
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

const handlers: { [M in WorkerMethod]: Handler<M> } = {
  init: async ({ backend: requested }) => {
    backend = await startBackend(requested);
    return backend;
  },

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
    backbone?.graph.dispose();
    backbone = { graph, summary };
    training.setBackbone(graph, await filesHash(files));
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

    const shape = graph.inputs[0].shape.map((d, i) => (d > 0 ? d : i === 0 ? 1 : 224));
    const zeros = tf.zeros(shape);
    const [feature] = await graph.run(zeros, [name]);
    const featureSize = feature.size / shape[0];
    tf.dispose([zeros, feature]);

    summary.featureTensor = name;
    summary.featureSize = featureSize;
    training.setPooledTensor(name);
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

  embedImages: async ({ images, recipe, augmentViews }, context) =>
    training.embed(images, recipe, augmentViews, {
      onEmbedProgress: (done, total) =>
        context.progress({ stage: 'embedding', done, total }),
      cancelled: context.cancelled,
    }),

  train: async (request, context) =>
    training.train(request, {
      onEmbedProgress: (done, total) =>
        context.progress({ stage: 'embedding', done, total }),
      onEpoch: (epoch) =>
        context.progress({
          stage: 'training',
          done: epoch.epoch,
          total: epoch.epochs,
          epoch,
        }),
      cancelled: context.cancelled,
    }),

  stopTraining: async () => ({ stopping: training.stop() }),

  evaluate: async ({ images, asTest }, context) =>
    training.evaluate(images, asTest, {
      onEmbedProgress: (done, total) =>
        context.progress({ stage: 'embedding', done, total }),
      cancelled: context.cancelled,
    }),

  predictHead: async ({ image, topK }) => {
    const pixels =
      image instanceof Blob ? await decodeImage(image) : tf.browser.fromPixels(image, 3);
    if (!(image instanceof Blob)) image.close();
    try {
      return await training.predict(pixels, topK);
    } finally {
      pixels.dispose();
    }
  },

  exportHead: async () => training.exportFiles(),

  importHead: async ({ files }) => training.importFiles(files),

  restoreHead: async () => training.restore(),

  memory: async () => {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  },

  benchmark: async (request, context) => {
    requireBackend();
    return runBenchmark(request, (stage, done, total) =>
      context.progress({ stage, done, total }),
    );
  },
  loadDetector: async ({ name, files }, context) => {
    const report = requireBackend();
    context.progress({ stage: 'building detector', done: 0, total: 1 });
    const summary = await detection.load(name, files);
    const megabytes = files.reduce((sum, file) => sum + file.bytes.byteLength, 0) / 1e6;
    console.info(
      `[studio] detector ${name} loaded: ${megabytes.toFixed(1)} MB, ${summary.family}, ` +
        `backend ${report.name}, build ${summary.buildMs.toFixed(0)} ms, first run ` +
        `${summary.firstRunMs.toFixed(0)} ms`,
    );
    return summary;
  },

  detect: async ({ image, options }) => {
    const pixels =
      image instanceof Blob ? await decodeImage(image) : frameToPixels(image);
    let result: ImageDetections;
    try {
      result = await detection.detect(pixels, options);
    } finally {
      pixels.dispose();
    }
    const { numTensors, numBytes } = tf.memory();
    return { ...result, memory: { numTensors, numBytes } };
  },

  evaluateDetector: async ({ classNames, items, options }, context) =>
    detection.evaluate(classNames, items, options, {
      decode: (blob) => decodeImage(blob),
      cancelled: context.cancelled,
      onImage: (done, total) => context.progress({ stage: 'evaluating', done, total }),
    }),
};

/** A camera frame as an HWC RGB tensor; the frame is closed either way. */
function frameToPixels(frame: ImageBitmap): tf.Tensor3D {
  try {
    return tf.browser.fromPixels(frame, 3);
  } finally {
    frame.close();
  }
}

function post(message: ResponseMessage): void {
  self.postMessage(message);
}

self.onmessage = async (event: MessageEvent<RequestMessage | CancelMessage>) => {
  const data = event.data;
  if ('cancel' in data) {
    cancelledCalls.add(data.cancel);
    return;
  }

  const { id, method, params } = data;
  const context: CallContext = {
    progress: (progress) => post({ id, kind: 'progress', progress }),
    cancelled: () => cancelledCalls.has(id),
  };
  try {
    const handler = handlers[method] as Handler<WorkerMethod>;
    const value = await handler(params, context);
    post({ id, kind: 'result', value });
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    post({ id, kind: 'error', message: err.message, errorName: err.name });
  } finally {
    cancelledCalls.delete(id);
  }
};
