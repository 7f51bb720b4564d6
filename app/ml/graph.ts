import type * as tf from '@tensorflow/tfjs';

/** Shape and type of one tensor of a graph; -1 marks a dimension fixed only at run time. */
export interface TensorSpec {
  name: string;
  shape: number[];
  dtype: string;
}

/** How a model wants its pixels: `(pixel0to255 - mean) / std`, per channel, RGB order. */
export interface InputNormalization {
  mean: number[];
  std: number[];
}

/** What a model file says about itself, when it says anything. */
export interface ModelDescription {
  name?: string;
  labels?: string[];
  normalization?: InputNormalization;
}

/**
 * A pretrained graph ready to run on the active tfjs backend, whatever file it came
 * from (a TFLite flatbuffer or a tfjs graph model). Every tensor it returns belongs to
 * the caller, who disposes it.
 */
export interface LoadedGraph {
  readonly format: 'tflite' | 'tfjs-graph';
  readonly inputs: TensorSpec[];
  readonly outputs: TensorSpec[];
  readonly description: ModelDescription;

  /** Names of every tensor that `run` can return: graph outputs and intermediates. */
  tensorNames(): string[];

  /**
   * Runs the graph on one NHWC batch in the model's own input units and returns the
   * named tensors, the graph's outputs when `outputNames` is omitted. Async because some
   * ops (detection post-processing) read values back to the CPU.
   */
  run(input: tf.Tensor, outputNames?: string[]): Promise<tf.Tensor[]>;

  /** Frees every weight tensor the graph holds. */
  dispose(): void;
}
