import type { LoadedGraph } from './graph';

/**
 * Names that mark the pooled feature vector in the graphs the studio knows: Keras and
 * Model Maker EfficientNets (`global_average_pooling2d/Mean`, `avg_pool`), TF-Slim
 * (`AvgPool`), and generic exports.
 */
const FEATURE_PATTERNS = [
  /global_average_pooling2d\/Mean$/,
  /\/avg_pool\/Mean$/,
  /avg_pool/i,
  /GlobalAveragePool/i,
  /AvgPool/,
];

/**
 * Picks the tensor to cut a backbone at for transfer learning: the pooled feature
 * vector before the classifier. Returns undefined when no name matches; the caller
 * then asks the user to choose.
 */
export function findFeatureTensor(graph: LoadedGraph): string | undefined {
  const names = graph.tensorNames();
  for (const pattern of FEATURE_PATTERNS) {
    const match = names.find((name) => pattern.test(name));
    if (match) return match;
  }
  return undefined;
}
