import * as tf from '@tensorflow/tfjs';

import { buildHead, type HeadRecipe } from './heads';
import { stackEmbeddings } from './predict';
import { balancedClassWeights, stratifiedSplit } from './split';
import {
  trainHead,
  type TrainCallbacks,
  type TrainingOutcome,
  type TrainingSettings,
} from './train';

/** The head's shape choices; the rest of training is in `TrainingSettings`. */
export interface HeadSettings {
  recipe: HeadRecipe;
  /** Dropout rate before the classifier, 0..1. */
  dropout: number;
  /** Units of an optional hidden ReLU layer; 0 for none. */
  hiddenUnits: number;
}

/** Labelled images' embeddings: `embeddings[i][v]` is view v of image i (view 0 the image). */
export interface EmbeddedImages {
  embeddings: Float32Array[][];
  /** Shape of one embedding without the batch. */
  shape: number[];
  labels: number[];
  numClasses: number;
}

export interface TrainedClassifier {
  head: tf.Sequential;
  outcome: TrainingOutcome;
  /** Indices (into the images) trained on and held out for validation. */
  trainImages: number[];
  validationImages: number[];
}

/**
 * Trains a new head on embedded images: a stratified validation split by image, every
 * view of a training image used for training, only the image itself (view 0) for
 * validation, so that no view of a validation image is ever trained on. Class weights
 * are balanced when `settings.classWeighting` is on. The caller owns the returned head.
 */
export async function trainClassifier(
  data: EmbeddedImages,
  head: HeadSettings,
  settings: TrainingSettings,
  callbacks: TrainCallbacks = {},
): Promise<TrainedClassifier> {
  const { embeddings, shape, labels, numClasses } = data;
  if (embeddings.length !== labels.length) {
    throw new Error(`${embeddings.length} embedded images for ${labels.length} labels`);
  }
  const present = new Set(labels).size;
  if (present < 2)
    throw new Error(`training needs images of 2 or more classes, not ${present}`);

  const split = stratifiedSplit(labels, settings.validationFraction, settings.seed);
  const trainViews = split.train.flatMap((i) =>
    embeddings[i].map((view) => ({ view, label: labels[i] })),
  );
  const trainLabels = trainViews.map((v) => v.label);
  const classWeights = settings.classWeighting
    ? balancedClassWeights(trainLabels, numClasses)
    : null;

  const model = buildHead({
    ...head,
    inputShape: shape,
    numClasses,
    seed: settings.seed,
  });
  const trainX = stackEmbeddings(
    trainViews.map((v) => v.view),
    shape,
  );
  const validationX =
    split.validation.length > 0
      ? stackEmbeddings(
          split.validation.map((i) => embeddings[i][0]),
          shape,
        )
      : null;
  try {
    const outcome = await trainHead(
      model,
      { x: trainX, labels: trainLabels },
      validationX
        ? { x: validationX, labels: split.validation.map((i) => labels[i]) }
        : null,
      numClasses,
      settings,
      classWeights,
      callbacks,
    );
    return {
      head: model,
      outcome,
      trainImages: split.train,
      validationImages: split.validation,
    };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    trainX.dispose();
    validationX?.dispose();
  }
}
