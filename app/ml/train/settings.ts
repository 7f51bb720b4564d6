/**
 * The head recipes and training settings as plain data, with their defaults: what the
 * page shows and sends, importable without TensorFlow.js.
 */

/**
 * The two head recipes:
 * - 'pooled': on the backbone's globally average-pooled vector (e.g. [1280]): Dropout,
 *   Dense softmax. The pooling is the backbone's own (the cut is its pooling output).
 * - 'feature-map': on the unpooled feature map (e.g. [7, 7, 1280]): Flatten,
 *   Dropout, Dense softmax.
 * Either may put a hidden Dense (ReLU) layer before the classifier.
 */
export type HeadRecipe = 'pooled' | 'feature-map';

export const HEAD_RECIPES: HeadRecipe[] = ['pooled', 'feature-map'];

/** Dropout each recipe starts with: Model Maker's 0.2 on the pooled vector, 0.5 on the map. */
export const DEFAULT_DROPOUT: Record<HeadRecipe, number> = {
  pooled: 0.2,
  'feature-map': 0.5,
};

/** How a head is trained; `DEFAULT_TRAINING` holds the defaults the studio starts with. */
export interface TrainingSettings {
  epochs: number;
  batchSize: number;
  /** Adam's learning rate. */
  learningRate: number;
  /** Fraction of each class's images held out for validation, 0..1. */
  validationFraction: number;
  /** Epochs without a lower validation loss before training stops; 0 turns it off. */
  earlyStoppingPatience: number;
  /** Weighs each class's loss by `n / (k * n_c)` so that rare classes count as much. */
  classWeighting: boolean;
  /** Seed of the split, the shuffles and the initial weights. */
  seed: number;
}

export const DEFAULT_TRAINING: TrainingSettings = {
  epochs: 50,
  batchSize: 32,
  learningRate: 1e-3,
  validationFraction: 0.2,
  earlyStoppingPatience: 5,
  classWeighting: true,
  seed: 1,
};

/** What one epoch did. Losses are mean categorical cross-entropy (nats), accuracies 0..1. */
export interface EpochLog {
  /** 1-based. */
  epoch: number;
  epochs: number;
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Milliseconds since training started, and the estimate of what is left. */
  elapsedMs: number;
  remainingMs: number;
}
