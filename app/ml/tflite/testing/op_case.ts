import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

import { loadTfliteGraph, type TfliteLoadOptions } from '../tflite_graph';
import { type ModelDef, type TensorDef, writeTflite } from './tflite_writer';

/** Deterministic values in [-1, 1) for synthetic tensors. */
export function pseudoRandom(count: number, seed = 1): number[] {
  let state = seed;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out.push((state / 2147483648) * 2 - 1);
  }
  return out;
}

export function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Writes `model`, loads it, runs it on `input` and checks every requested output against
 * `expected` (same computation written directly in tfjs) to `tolerance`. Also checks that
 * the run leaks no tensors.
 */
export async function expectModelMatches(
  model: ModelDef,
  input: tf.Tensor,
  expected: (x: tf.Tensor) => tf.Tensor | tf.Tensor[],
  options: TfliteLoadOptions & { outputNames?: string[]; tolerance?: number } = {},
): Promise<void> {
  const graph = loadTfliteGraph(writeTflite(model), options);
  const before = tf.memory().numTensors;
  const results = await graph.run(input, options.outputNames);
  expect(tf.memory().numTensors - before).toBe(results.length);

  const wanted = tf.tidy(() => [expected(input)].flat());
  expect(results.length).toBe(wanted.length);
  for (let i = 0; i < results.length; i++) {
    expect(results[i].shape).toEqual(wanted[i].shape);
    const actual = await results[i].data();
    const reference = await wanted[i].data();
    const tolerance = options.tolerance ?? 1e-5;
    for (let k = 0; k < reference.length; k++) {
      if (Math.abs(actual[k] - reference[k]) > tolerance) {
        expect.fail(`output ${i} element ${k}: ${actual[k]} vs ${reference[k]}`);
      }
    }
  }
  tf.dispose([...results, ...wanted]);
  graph.dispose();
}

/** A float32 activation tensor definition. */
export function activation(name: string, shape: number[]): TensorDef {
  return { name, shape };
}

/** A float32 constant tensor definition. */
export function constant(
  name: string,
  shape: number[],
  data: ArrayLike<number>,
): TensorDef {
  return { name, shape, data };
}

/** An int32 constant (shapes, axes, paddings). */
export function ints(name: string, data: number[], shape = [data.length]): TensorDef {
  return { name, shape, type: 'int32', data };
}
