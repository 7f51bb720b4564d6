export { TfliteError, TfliteFormatError, TfliteUnsupportedError } from './errors';
export { parseLabels } from './labels';
export { readModelDescription } from './model_metadata';
export { readTfliteModel } from './model_reader';
export type {
  TfliteModel,
  TfliteOperator,
  TfliteOperatorCode,
  TfliteQuantization,
  TfliteSubgraph,
  TfliteTensor,
} from './model_reader';
export type {
  Kernel,
  OpContext,
  OpDefinition,
  OpRegistry,
  RuntimeInputs,
} from './ops/op';
export {
  DETECTION_POSTPROCESS_CODE,
  readDetectionPostProcessOptions,
} from './ops/detection_postprocess';
export type { DetectionPostProcessOptions } from './ops/detection_postprocess';
export { BUILTIN_OPS, extendRegistry } from './ops/registry';
export { loadTfliteGraph } from './tflite_graph';
export type {
  QuantizedActivationMode,
  TfliteGraph,
  TfliteLoadOptions,
} from './tflite_graph';
