import type { LoadedGraph } from '../graph';
import { centerNetFamily } from './centernet';
import type { Detector, DetectorFamily } from './detection';
import { autoMlFamily, odApiFamily } from './efficientdet_graph';
import { efficientDetLiteFamily } from './efficientdet_lite';

/** Every detection family the studio can drive, tried in this order. */
export const DETECTOR_FAMILIES: readonly DetectorFamily[] = [
  efficientDetLiteFamily,
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
    throw new Error(
      `this model has no detection outputs (found: ${outputNames.join(', ')})`,
    );
  }
  return family;
}

/**
 * Tells which detection family a loaded graph belongs to, by what it holds where a family
 * can tell so (a TFLite post-process op), else by its output names. Throws as
 * `identifyDetectorFamily` does.
 */
export function identifyGraphDetectorFamily(graph: LoadedGraph): DetectorFamily {
  const names = graph.outputs.map((spec) => spec.name);
  const family = DETECTOR_FAMILIES.find((candidate) =>
    candidate.matchesGraph ? candidate.matchesGraph(graph) : candidate.matches(names),
  );
  return family ?? identifyDetectorFamily(names);
}

/** Binds the right adapter to a loaded graph; labels default to the family's (COCO). */
export function createDetector(graph: LoadedGraph, labels?: readonly string[]): Detector {
  return identifyGraphDetectorFamily(graph).create(graph, labels);
}
