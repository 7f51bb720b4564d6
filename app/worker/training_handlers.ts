/**
 * The training area of the ML worker: embeds photos through the backbone, trains,
 * evaluates, predicts with, exports and restores the head. It owns the training
 * session, whose backbone is the one the backbone area last loaded.
 */
import * as tf from '@tensorflow/tfjs';
import { decodeImage } from '../ml/decode_image';
import { TrainingSession } from '../ml/train/training_session';
import type { BackboneListener } from './backbone_handlers';
import type { CallContext, Handlers } from './handler';

export type TrainingMethod =
  | 'embedImages'
  | 'train'
  | 'stopTraining'
  | 'evaluate'
  | 'predictHead'
  | 'exportHead'
  | 'importHead'
  | 'restoreHead';

/** Embedding progress, reported as the `embedding` stage of the call. */
function embedProgress(context: CallContext) {
  return (done: number, total: number) =>
    context.progress({ stage: 'embedding', done, total });
}

/**
 * The training calls, and the listener that hands the session each new backbone and
 * cut; the backbone area must be given that listener.
 */
export function trainingHandlers(): {
  handlers: Handlers<TrainingMethod>;
  backboneListener: BackboneListener;
} {
  const training = new TrainingSession((image) => decodeImage(image));

  const backboneListener: BackboneListener = {
    backboneLoaded: (graph, backboneId) => training.setBackbone(graph, backboneId),
    featureTensorChosen: (name) => training.setPooledTensor(name),
  };

  const handlers: Handlers<TrainingMethod> = {
    embedImages: async ({ images, recipe, augmentViews }, context) =>
      training.embed(images, recipe, augmentViews, {
        onEmbedProgress: embedProgress(context),
        cancelled: context.cancelled,
      }),

    train: async (request, context) =>
      training.train(request, {
        onEmbedProgress: embedProgress(context),
        onEpoch: (epoch) =>
          context.progress({
            stage: 'training',
            done: epoch.epoch,
            total: epoch.epochs,
            epoch,
          }),
        cancelled: context.cancelled,
      }),

    stopTraining: async () => ({ stopping: training.stop() }),

    evaluate: async ({ images, asTest }, context) =>
      training.evaluate(images, asTest, {
        onEmbedProgress: embedProgress(context),
        cancelled: context.cancelled,
      }),

    predictHead: async ({ image, topK }) => {
      let pixels: tf.Tensor3D;
      if (image instanceof Blob) {
        pixels = await decodeImage(image);
      } else {
        // A camera frame is closed even when it cannot be read, or it holds its memory.
        try {
          pixels = tf.browser.fromPixels(image, 3);
        } finally {
          image.close();
        }
      }
      try {
        return await training.predict(pixels, topK);
      } finally {
        pixels.dispose();
      }
    },

    exportHead: async () => training.exportFiles(),

    importHead: async ({ files }) => training.importFiles(files),

    restoreHead: async () => training.restore(),
  };

  return { handlers, backboneListener };
}
