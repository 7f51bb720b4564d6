import * as activations from './activations';
import * as binary from './binary';
import * as concatSplit from './concat_split';
import * as conv from './conv';
import {
  DETECTION_POSTPROCESS_CODE,
  detectionPostProcess,
} from './detection_postprocess';
import * as fullyConnected from './fully_connected';
import type { OpDefinition, OpRegistry } from './op';
import * as pool from './pool';
import * as quantize from './quantize';
import * as reduce from './reduce';
import * as reshape from './reshape';
import * as resize from './resize';
import * as sliceGather from './slice_gather';

/**
 * Every op this reader runs: builtins keyed by their schema name, and the custom ops that
 * Google's own models carry, keyed by their `custom_code`.
 */
export const BUILTIN_OPS: OpRegistry = new Map<string, OpDefinition>([
  ...Object.entries({
    ...activations,
    ...binary,
    ...concatSplit,
    ...conv,
    ...fullyConnected,
    ...pool,
    ...quantize,
    ...reduce,
    ...reshape,
    ...resize,
    ...sliceGather,
  }).filter((entry): entry is [string, OpDefinition] => /^[A-Z0-9_]+$/.test(entry[0])),
  [DETECTION_POSTPROCESS_CODE, detectionPostProcess],
]);

/** The builtin ops plus `custom` ones (custom ops by their `custom_code`), later ones winning. */
export function extendRegistry(custom: Record<string, OpDefinition>): OpRegistry {
  return new Map([...BUILTIN_OPS, ...Object.entries(custom)]);
}
