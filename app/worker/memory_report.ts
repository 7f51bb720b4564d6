import * as tf from '@tensorflow/tfjs';
import type { MemoryReport } from './protocol';

/** The worker's live tensors and their bytes, on the active backend. */
export function memoryReport(): MemoryReport {
  const { numTensors, numBytes } = tf.memory();
  return { numTensors, numBytes };
}
