import type { LoadedGraph } from '../graph';
import { centerNetFamily } from './centernet';
import type { Detector, DetectorFamily } from './detection';
import { autoMlFamily, odApiFamily } from './efficientdet_graph';

/** Every detection family the studio can drive, tried in this order. */
export const DETECTOR_FAMILIES: readonly DetectorFamily[] = [
  centerNetFamily,
  odApiFamily,
  autoMlFamily,
];

/**
 * Tells from a graph's output names which detection family it belongs to. Throws for a
 * graph that is no detector (a classifier, say), listing the outputs it does have.
 */
export function identifyDetectorFamily(outputNames: readonly string[]): DetectorFamily {
  const family = DETECTOR_FAMILIES.find((candidate) => candidate.matches(outputNames));
  if (!family) {
    throw new Error(`this model has no detection outputs (found: ${outputNames.join(', ')})`);
  }
  return family;
}

/** Binds the right adapter to a loaded graph; labels default to the family's (COCO). */
export function createDetector(graph: LoadedGraph, labels?: readonly string[]): Detector {
  const family = identifyDetectorFamily(graph.outputs.map((spec) => spec.name));
  return family.create(graph, labels);
}
