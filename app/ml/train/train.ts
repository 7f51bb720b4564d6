import * as tf from '@tensorflow/tfjs';

import { seededRandom, shuffleInPlace } from './random';
import type { EpochLog, TrainingSettings } from './settings';

export { DEFAULT_TRAINING, type EpochLog, type TrainingSettings } from './settings';

/** A set of embeddings with their class indices, ready for the head. */
export interface LabelledTensors {
  /** [n, ...embeddingShape], float32. */
  x: tf.Tensor;
  labels: number[];
}

export interface TrainingOutcome {
  history: EpochLog[];
  /** The epoch whose weights the head ends with (lowest validation loss, else last). */
  bestEpoch: number;
  /** Why training ended before the last epoch, if it did. */
  stopReason: 'completed' | 'early-stopping' | 'stopped';
}

export interface TrainCallbacks {
  onEpoch?(log: EpochLog): void;
  /** Asked between batches; true ends training, keeping the best weights so far. */
  shouldStop?(): boolean;
  /** Awaited between batches so that a worker can take messages (a stop) meanwhile. */
  yieldBetweenBatches?(): Promise<void>;
}

/** Checks settings, with a message naming the bad value. */
export function checkTrainingSettings(settings: TrainingSettings): void {
  const fail = (name: string, value: number, rule: string) => {
    throw new Error(`${name} must be ${rule}, not ${value}`);
  };
  const { epochs, batchSize, learningRate, validationFraction, earlyStoppingPatience } =
    settings;
  if (!(Number.isInteger(epochs) && epochs >= 1))
    fail('epochs', epochs, 'a whole number >= 1');
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) {
    fail('batch size', batchSize, 'a whole number >= 1');
  }
  if (!(learningRate > 0 && learningRate < 1))
    fail('learning rate', learningRate, 'in (0, 1)');
  if (!(validationFraction >= 0 && validationFraction < 1)) {
    fail('validation fraction', validationFraction, 'in [0, 1)');
  }
  if (!(Number.isInteger(earlyStoppingPatience) && earlyStoppingPatience >= 0)) {
    fail('early-stopping patience', earlyStoppingPatience, 'a whole number >= 0');
  }
}

/** Mean of `weights[label] * crossEntropy` over a batch: Keras' weighted loss. */
function weightedCrossEntropy(
  probabilities: tf.Tensor2D,
  oneHot: tf.Tensor2D,
  sampleWeights: tf.Tensor1D | null,
): tf.Scalar {
  const clipped = tf.clipByValue(probabilities, 1e-7, 1 - 1e-7);
  const perItem = tf.neg(tf.sum(tf.mul(oneHot, tf.log(clipped)), 1));
  return tf.mean(sampleWeights ? tf.mul(perItem, sampleWeights) : perItem) as tf.Scalar;
}

/** Loss and accuracy of the head on a set, in batches, without dropout. */
async function measure(
  model: tf.LayersModel,
  data: LabelledTensors,
  numClasses: number,
  batchSize: number,
): Promise<{ loss: number; accuracy: number }> {
  let lossSum = 0;
  let correct = 0;
  const n = data.labels.length;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const [loss, hits] = tf.tidy(() => {
      const x = tf.slice(data.x, start, size);
      const labels = tf.tensor1d(data.labels.slice(start, start + size), 'int32');
      const probabilities = model.predict(x) as tf.Tensor2D;
      const oneHot = tf.oneHot(labels, numClasses) as tf.Tensor2D;
      const batchLoss = tf.mul(weightedCrossEntropy(probabilities, oneHot, null), size);
      const batchHits = tf.sum(
        tf.cast(tf.equal(tf.argMax(probabilities, 1), labels), 'int32'),
      );
      return [batchLoss, batchHits];
    });
    lossSum += (await loss.data())[0];
    correct += (await hits.data())[0];
    tf.dispose([loss, hits]);
  }
  return { loss: lossSum / n, accuracy: correct / n };
}

/**
 * Trains a softmax head with Adam on categorical cross-entropy, in shuffled
 * mini-batches. After each epoch it measures the validation set (when there is one),
 * keeps a copy of the weights with the lowest validation loss, and stops early when that
 * loss has not improved for `earlyStoppingPatience` epochs. However training ends
 * (completed, early stopping, or `shouldStop`), the head is left with the best weights
 * seen: lowest validation loss, or the last epoch's without a validation set.
 *
 * `classWeights`, when given, weighs each item's loss by its class's weight.
 */
export async function trainHead(
  model: tf.LayersModel,
  train: LabelledTensors,
  validation: LabelledTensors | null,
  numClasses: number,
  settings: TrainingSettings,
  classWeights: number[] | null = null,
  callbacks: TrainCallbacks = {},
): Promise<TrainingOutcome> {
  checkTrainingSettings(settings);
  const n = train.labels.length;
  if (n === 0) throw new Error('there are no training images');
  const hasValidation = validation !== null && validation.labels.length > 0;

  const optimizer = tf.train.adam(settings.learningRate);
  const random = seededRandom(settings.seed);
  const order = Array.from({ length: n }, (_, i) => i);
  const history: EpochLog[] = [];
  const started = performance.now();
  let best: { loss: number; epoch: number; weights: tf.Tensor[] } | null = null;
  let stopReason: TrainingOutcome['stopReason'] = 'completed';

  try {
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      shuffleInPlace(order, random);
      let lossSum = 0;
      let correct = 0;
      let seen = 0;

      for (let start = 0; start < n; start += settings.batchSize) {
        if (callbacks.shouldStop?.()) break;
        const batch = order.slice(start, start + settings.batchSize);
        const [loss, hits] = tf.tidy(() => {
          const indices = tf.tensor1d(batch, 'int32');
          const x = tf.gather(train.x, indices);
          const labels = tf.tensor1d(
            batch.map((i) => train.labels[i]),
            'int32',
          );
          const oneHot = tf.oneHot(labels, numClasses) as tf.Tensor2D;
          const weights = classWeights
            ? tf.tensor1d(batch.map((i) => classWeights[train.labels[i]]))
            : null;
          let batchHits: tf.Scalar = tf.scalar(0);
          const batchLoss = optimizer.minimize(() => {
            const probabilities = model.apply(x, { training: true }) as tf.Tensor2D;
            batchHits = tf.keep(
              tf.sum(tf.cast(tf.equal(tf.argMax(probabilities, 1), labels), 'int32')),
            );
            return weightedCrossEntropy(probabilities, oneHot, weights);
          }, /* returnCost= */ true)!;
          return [tf.mul(batchLoss, batch.length), batchHits];
        });
        lossSum += (await loss.data())[0];
        correct += (await hits.data())[0];
        seen += batch.length;
        tf.dispose([loss, hits]);
        await callbacks.yieldBetweenBatches?.();
      }
      if (seen === 0) {
        stopReason = 'stopped';
        break;
      }

      const measured = hasValidation
        ? await measure(model, validation!, numClasses, Math.max(settings.batchSize, 64))
        : null;
      const elapsedMs = performance.now() - started;
      const log: EpochLog = {
        epoch,
        epochs: settings.epochs,
        loss: lossSum / seen,
        accuracy: correct / seen,
        valLoss: measured?.loss,
        valAccuracy: measured?.accuracy,
        elapsedMs,
        remainingMs: (elapsedMs / epoch) * (settings.epochs - epoch),
      };
      history.push(log);

      const score = measured ? measured.loss : -epoch;
      if (best === null || score < best.loss) {
        best?.weights.forEach((w) => w.dispose());
        best = {
          loss: score,
          epoch,
          weights: model.getWeights().map((w) => tf.clone(w)),
        };
      }
      callbacks.onEpoch?.(log);

      if (seen < n || callbacks.shouldStop?.()) {
        stopReason = 'stopped';
        break;
      }
      const patience = settings.earlyStoppingPatience;
      if (hasValidation && patience > 0 && epoch - best.epoch >= patience) {
        stopReason = 'early-stopping';
        break;
      }
    }

    if (best) model.setWeights(best.weights);
    return { history, bestEpoch: best?.epoch ?? 0, stopReason };
  } finally {
    best?.weights.forEach((w) => w.dispose());
    optimizer.dispose();
  }
}
