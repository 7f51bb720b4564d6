import * as tf from '@tensorflow/tfjs';

import type { HeadRecipe } from './settings';

export { DEFAULT_DROPOUT, HEAD_RECIPES, type HeadRecipe } from './settings';

export interface HeadConfig {
  recipe: HeadRecipe;
  /** Shape of one embedding, without the batch: [1280] or [7, 7, 1280]. */
  inputShape: number[];
  numClasses: number;
  /** Dropout rate before the classifier, 0..1 (0 leaves the layer out). */
  dropout: number;
  /** Units of an optional hidden ReLU Dense layer; 0 for none. */
  hiddenUnits?: number;
  /** Seed of the weight initialisers, so that training is reproducible. */
  seed?: number;
}

/**
 * Builds an untrained classifier head as a tf.Sequential, so that it saves as a plain
 * TensorFlow.js layers model. It takes a batch of embeddings and returns class
 * probabilities (softmax), [batch, numClasses].
 */
export function buildHead(config: HeadConfig): tf.Sequential {
  const { recipe, inputShape, numClasses, dropout, hiddenUnits = 0, seed = 1 } = config;
  if (!(numClasses >= 2))
    throw new Error(`a classifier needs 2 or more classes, not ${numClasses}`);
  if (!(dropout >= 0 && dropout < 1))
    throw new Error(`dropout must be in [0, 1), not ${dropout}`);
  if (recipe === 'pooled' && inputShape.length !== 1) {
    throw new Error(
      `the pooled recipe takes a vector, not shape [${inputShape.join(', ')}]`,
    );
  }
  if (recipe === 'feature-map' && inputShape.length !== 3) {
    throw new Error(
      `the feature-map recipe takes [h, w, c], not [${inputShape.join(', ')}]`,
    );
  }

  let nextSeed = seed;
  const initializer = () => tf.initializers.glorotUniform({ seed: nextSeed++ });
  const layers: tf.layers.Layer[] = [tf.layers.inputLayer({ inputShape })];
  if (recipe === 'feature-map') layers.push(tf.layers.flatten());
  if (dropout > 0) layers.push(tf.layers.dropout({ rate: dropout, seed }));
  if (hiddenUnits > 0) {
    layers.push(
      tf.layers.dense({
        units: hiddenUnits,
        activation: 'relu',
        kernelInitializer: initializer(),
      }),
    );
  }
  layers.push(
    tf.layers.dense({
      units: numClasses,
      activation: 'softmax',
      kernelInitializer: initializer(),
      name: 'probabilities',
    }),
  );
  const model = tf.sequential({ name: `head_${recipe.replace('-', '_')}`, layers });
  return model;
}
