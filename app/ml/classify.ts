import * as tf from '@tensorflow/tfjs';
import type { LoadedGraph } from './graph';

/** One ranked class of a prediction. */
export interface ClassScore {
  index: number;
  label: string;
  score: number;
}

/**
 * Turns an HWC RGB image (values 0..255, any size) into the graph's input batch:
 * resized bilinearly to the input's height and width, then normalised with the
 * model's mean/std when the graph takes float input and says how. Integer inputs
 * (quantised TFLite graphs) take the raw 0..255 values; the graph rescales them.
 */
export function imageToInput(graph: LoadedGraph, image: tf.Tensor3D): tf.Tensor4D {
  const [, height, width] = graph.inputs[0].shape;
  if (!(height > 0 && width > 0)) {
    throw new Error(
      `model input ${graph.inputs[0].name} has no fixed size (shape ` +
        `[${graph.inputs[0].shape.join(', ')}])`,
    );
  }
  const normalization = graph.description.normalization;
  const takesFloat = graph.inputs[0].dtype.startsWith('float');

  return tf.tidy(() => {
    const resized = tf.image
      .resizeBilinear(image.toFloat(), [height, width])
      .expandDims(0) as tf.Tensor4D;
    if (!takesFloat || !normalization) return resized;
    return resized.sub(normalization.mean).div(normalization.std) as tf.Tensor4D;
  });
}

/**
 * Ranks classes by probability. Scores that are not already a distribution
 * (negative, or not summing to 1) are treated as logits and softmaxed.
 */
export function rankClasses(
  scores: ArrayLike<number>,
  labels: string[] | undefined,
  topK = 5,
): ClassScore[] {
  let probabilities = Array.from(scores);
  const sum = probabilities.reduce((total, value) => total + value, 0);
  const isDistribution =
    probabilities.every((value) => value >= 0) && Math.abs(sum - 1) < 1e-2;
  if (!isDistribution) {
    const max = Math.max(...probabilities);
    const exps = probabilities.map((value) => Math.exp(value - max));
    const total = exps.reduce((a, b) => a + b, 0);
    probabilities = exps.map((value) => value / total);
  }

  return probabilities
    .map((score, index) => ({ index, score, label: labels?.[index] ?? `class ${index}` }))
    .sort((a, b) => b.score - a.score)
    .slice(0, topK);
}

/** Classifies one HWC RGB image (0..255) with the graph's first output; top-k classes. */
export async function classifyImage(
  graph: LoadedGraph,
  image: tf.Tensor3D,
  topK = 5,
): Promise<ClassScore[]> {
  const input = imageToInput(graph, image);
  const outputs = await graph.run(input);
  input.dispose();
  try {
    const scores = await outputs[0].data();
    return rankClasses(scores, graph.description.labels, topK);
  } finally {
    tf.dispose(outputs);
  }
}
