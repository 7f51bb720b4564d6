import * as tf from '@tensorflow/tfjs';

import { imageToInput } from '../classify';
import type { LoadedGraph } from '../graph';
import type { TfliteGraph } from '../tflite';

/** Ops that pool a feature map down to a vector; their input is the unpooled map. */
const POOLING_OPS = new Set(['MEAN', 'AVERAGE_POOL_2D']);

/**
 * Finds the unpooled feature map ([1, h, w, c]) that feeds the pooled feature tensor
 * `pooledTensor`: the input of the pooling op that produces it.
 */
export function findFeatureMapTensor(
  graph: LoadedGraph,
  pooledTensor: string,
): string | undefined {
  // Limitation: only TFLite graphs expose their ops here; for a tfjs graph model the
  // feature-map recipe needs the map's tensor name chosen by hand.
  if (graph.format !== 'tflite') return undefined;
  const { model } = graph as TfliteGraph;
  const subgraph = model.subgraphs[0];
  for (const op of subgraph.operators) {
    if (!POOLING_OPS.has(model.operatorCodes[op.opcodeIndex].name)) continue;
    if (op.outputs.some((i) => subgraph.tensors[i].name === pooledTensor)) {
      return subgraph.tensors[op.inputs[0]].name;
    }
  }
  return undefined;
}

/**
 * Names the image preprocessing `imageToInput` applies for this graph, for cache keys:
 * input size, resize method and normalisation. Embeddings made with different
 * preprocessing never share a key.
 */
export function preprocessingId(graph: LoadedGraph): string {
  const [, height, width] = graph.inputs[0].shape;
  const normalization = graph.description.normalization;
  const takesFloat = graph.inputs[0].dtype.startsWith('float');
  const units =
    takesFloat && normalization
      ? `mean=${normalization.mean.join(',')};std=${normalization.std.join(',')}`
      : 'raw0-255';
  return `bilinear-${height}x${width};${units}`;
}

/** Embeddings of one cut tensor for a batch of images. */
export interface CutEmbeddings {
  cutTensor: string;
  /** Shape of one image's embedding, without the batch: [1280] or [7, 7, 1280]. */
  shape: number[];
  /** One flat float32 array per image, in the order the images were given. */
  values: Float32Array[];
}

/**
 * Runs the backbone once on a batch of HWC RGB images (0..255, any sizes; each is
 * resized and normalised as `imageToInput` does) and returns, for each cut tensor, one
 * embedding per image. The images stay the caller's.
 */
export async function embedImages(
  graph: LoadedGraph,
  images: tf.Tensor3D[],
  cutTensors: string[],
): Promise<CutEmbeddings[]> {
  if (images.length === 0)
    return cutTensors.map((cutTensor) => ({ cutTensor, shape: [], values: [] }));
  const batch = tf.tidy(() =>
    tf.concat(images.map((image) => imageToInput(graph, image))),
  );
  let outputs: tf.Tensor[];
  try {
    outputs = await graph.run(batch, cutTensors);
  } finally {
    batch.dispose();
  }

  try {
    const results: CutEmbeddings[] = [];
    for (let k = 0; k < cutTensors.length; k++) {
      const output = outputs[k];
      const shape = output.shape.slice(1);
      const size = shape.reduce((a, b) => a * b, 1);
      const data = (await output.data()) as Float32Array;
      const values = images.map((_, i) => data.slice(i * size, (i + 1) * size));
      results.push({ cutTensor: cutTensors[k], shape, values });
    }
    return results;
  } finally {
    tf.dispose(outputs);
  }
}
