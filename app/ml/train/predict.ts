import * as tf from '@tensorflow/tfjs';

import type { LoadedGraph } from '../graph';
import { embedImages } from './embed';
/** Stacks flat embeddings into one float32 tensor of shape [n, ...shape]. */
export function stackEmbeddings(embeddings: Float32Array[], shape: number[]): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(embeddings.length * size);
  embeddings.forEach((embedding, i) => {
    if (embedding.length !== size) {
      throw new Error(`embedding ${i} has ${embedding.length} values, expected ${size}`);
    }
    data.set(embedding, i * size);
  });
  return tf.tensor(data, [embeddings.length, ...shape], 'float32');
}

/**
 * Class probabilities of a trained head for flat embeddings of the given shape, in
 * batches: one Float32Array of `numClasses` values (0..1, summing to 1) per embedding.
 */
export async function predictEmbeddings(
  head: tf.LayersModel,
  embeddings: Float32Array[],
  shape: number[],
  batchSize = 64,
): Promise<Float32Array[]> {
  const results: Float32Array[] = [];
  for (let start = 0; start < embeddings.length; start += batchSize) {
    const x = stackEmbeddings(embeddings.slice(start, start + batchSize), shape);
    const probabilities = head.predict(x) as tf.Tensor2D;
    x.dispose();
    const [rows, numClasses] = probabilities.shape;
    const data = (await probabilities.data()) as Float32Array;
    probabilities.dispose();
    for (let r = 0; r < rows; r++)
      results.push(data.slice(r * numClasses, (r + 1) * numClasses));
  }
  return results;
}

/**
 * Classifies one HWC RGB image (0..255) with a backbone cut at `cutTensor` and a trained
 * head: the class probabilities, one per label.
 */
export async function classifyWithHead(
  graph: LoadedGraph,
  head: tf.LayersModel,
  cutTensor: string,
  image: tf.Tensor3D,
): Promise<Float32Array> {
  const [embedding] = await embedImages(graph, [image], [cutTensor]);
  const [probabilities] = await predictEmbeddings(
    head,
    embedding.values,
    embedding.shape,
  );
  return probabilities;
}
