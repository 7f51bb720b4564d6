import type { LoadedGraph, ModelDescription } from './graph';
import { loadTfjsGraph, type NamedBytes } from './graph_model';
import { loadTfliteGraph, parseLabels } from './tflite';

/** ImageNet synset ids that prefix some label files: `n02111889-Samoyed`. */
const SYNSET_PREFIX = /^n\d{8}[-_ ]/;

/** A label as a person reads it: `n02111889-Samoyed` becomes `Samoyed`. */
export function readableLabel(label: string): string {
  return label.replace(SYNSET_PREFIX, '');
}

export type GraphFormat = 'tflite' | 'tfjs-graph';

/** Tells a model's format from its files: a `.tflite`, or a `model.json` with shards. */
export function detectGraphFormat(files: NamedBytes[]): GraphFormat {
  if (files.some((file) => file.name.toLowerCase().endsWith('.json')))
    return 'tfjs-graph';
  if (files.some((file) => file.name.toLowerCase().endsWith('.tflite'))) return 'tflite';
  if (files.length === 1) return 'tflite';
  throw new Error(
    `cannot tell the model format of ${files.map((f) => f.name).join(', ')}: ` +
      'drop a .tflite file, or a model.json with its weight shards',
  );
}

/**
 * Loads a model from its files on the active backend. A `labels.txt` among the files
 * supplies labels when the model itself carries none.
 */
export async function loadGraph(files: NamedBytes[]): Promise<LoadedGraph> {
  const labelsFile = files.find((file) => /labels?\.txt$/i.test(file.name));
  const modelFiles = files.filter((file) => file !== labelsFile);
  const sideLabels = labelsFile
    ? parseLabels(new TextDecoder().decode(labelsFile.bytes))
    : undefined;

  if (detectGraphFormat(modelFiles) === 'tfjs-graph') {
    const description: ModelDescription = { labels: sideLabels?.map(readableLabel) };
    return loadTfjsGraph(modelFiles, description);
  }

  const tflite =
    modelFiles.find((file) => file.name.toLowerCase().endsWith('.tflite')) ??
    modelFiles[0];
  const graph = await loadTfliteGraph(tflite.bytes);
  const labels = graph.description.labels ?? sideLabels;
  if (labels) graph.description.labels = labels.map(readableLabel);
  return graph;
}
