import * as tf from '@tensorflow/tfjs';
import { decodeImage } from '../decode_image';
import { findFeatureTensor } from '../features';
import type { LoadedGraph } from '../graph';
import type { NamedBytes } from '../graph_model';
import { loadGraph } from '../load_graph';
import { augmentView } from '../train/augment';
import { embedImages } from '../train/embed';
import { buildHead } from '../train/heads';
import { stackEmbeddings } from '../train/predict';
import { DEFAULT_TRAINING, trainHead, type TrainingSettings } from '../train/train';
import type { BenchProgress } from './backbone_bench';
import type { FigureSamples, TrainingBenchPlan } from './plan';
import { timeRuns } from './timing';

/** One training example: a photo and which of its views (0: the photo itself). */
interface View {
  image: number;
  view: number;
}

/** `1,000`: counts in figure names read the same on every machine. */
function count(value: number): string {
  return value.toLocaleString('en-US');
}

/**
 * Runs the backbone over every view, in batches: decodes the photos a batch needs,
 * makes its augmented views, and returns one pooled embedding per view (flat float32).
 */
async function embedViews(
  graph: LoadedGraph,
  cutTensor: string,
  images: Blob[],
  views: View[],
  batchSize: number,
): Promise<{ shape: number[]; values: Float32Array[] }> {
  const values: Float32Array[] = [];
  let shape: number[] = [];
  for (let start = 0; start < views.length; start += batchSize) {
    const batch = views.slice(start, start + batchSize);
    const decoded = new Map<number, tf.Tensor3D>();
    let pixels: tf.Tensor3D[] = [];
    try {
      for (const { image } of batch) {
        if (!decoded.has(image)) decoded.set(image, await decodeImage(images[image]));
      }
      pixels = batch.map(({ image, view }) =>
        view === 0
          ? decoded.get(image)!
          : augmentView(decoded.get(image)!, `${image}:${view}`),
      );
      const [embedded] = await embedImages(graph, pixels, [cutTensor]);
      shape = embedded.shape;
      values.push(...embedded.values);
    } finally {
      tf.dispose([...decoded.values()]);
      tf.dispose(pixels.filter((_, i) => batch[i].view !== 0));
    }
  }
  return { shape, values };
}

/**
 * Head training with cached embeddings against the naive path that re-embeds every
 * epoch, on the active backend. The photos (labels are class indices) each give
 * `1 + plan.augmentViews` views. The naive path's epoch decodes the photos, makes the
 * views, runs the backbone on all of them and trains the head one epoch; it is timed
 * for `plan.naiveEpochs` epochs and reported per epoch times `plan.epochs`. Its last
 * pass's embeddings are then the cache: a fresh head is trained `plan.epochs` epochs on
 * them, `plan.cachedRuns` times. Both train on every view, without validation or early
 * stopping, in batches of `plan.batchSize`. Returns the figures in seconds.
 */
export async function benchmarkTraining(
  files: NamedBytes[],
  images: Blob[],
  labels: number[],
  plan: TrainingBenchPlan,
  progress: BenchProgress,
): Promise<FigureSamples[]> {
  if (images.length === 0) throw new Error('the training benchmark needs photos');
  if (labels.length !== images.length) {
    throw new Error(`${images.length} photos for ${labels.length} labels`);
  }
  const numClasses = Math.max(...labels) + 1;
  const views: View[] = images.flatMap((_, image) =>
    Array.from({ length: 1 + plan.augmentViews }, (_, view) => ({ image, view })),
  );
  const viewLabels = views.map(({ image }) => labels[image]);
  const settings: TrainingSettings = {
    ...DEFAULT_TRAINING,
    epochs: plan.epochs,
    batchSize: plan.batchSize,
    validationFraction: 0,
    earlyStoppingPatience: 0,
  };
  const steps = plan.naiveEpochs.runs + plan.cachedRuns + 1;

  progress('building graph', 0, steps);
  const graph = await loadGraph(files);
  const state: {
    head: tf.Sequential | null;
    cached: { shape: number[]; values: Float32Array[] } | null;
  } = { head: null, cached: null };
  try {
    const cutTensor = findFeatureTensor(graph);
    if (!cutTensor) throw new Error('the backbone has no pooled feature tensor');
    const newHead = (shape: number[]) =>
      buildHead({ recipe: 'pooled', inputShape: shape, numClasses, dropout: 0.2 });

    const embedMs: number[] = [];
    const naiveEpoch = async () => {
      const started = performance.now();
      const cached = await embedViews(graph, cutTensor, images, views, plan.batchSize);
      state.cached = cached;
      embedMs.push(performance.now() - started);
      state.head ??= newHead(cached.shape);
      const x = stackEmbeddings(cached.values, cached.shape);
      try {
        await trainHead(state.head, { x, labels: viewLabels }, null, numClasses, {
          ...settings,
          epochs: 1,
        });
      } finally {
        x.dispose();
      }
    };
    const naiveMs = await timeRuns(naiveEpoch, plan.naiveEpochs, (done) =>
      progress(`naive epoch ${done}`, 1 + done, steps),
    );

    const embeddings = state.cached;
    if (!embeddings) throw new Error('the naive path embedded nothing');
    const cachedMs = await timeRuns(
      async () => {
        const model = newHead(embeddings.shape);
        const x = stackEmbeddings(embeddings.values, embeddings.shape);
        try {
          await trainHead(model, { x, labels: viewLabels }, null, numClasses, settings);
        } finally {
          x.dispose();
          model.dispose();
        }
      },
      {
        warmupRuns: 0,
        runs: plan.cachedRuns,
        minRuns: plan.cachedRuns,
        budgetMs: Infinity,
      },
      (done) => progress(`cached run ${done}`, 1 + naiveMs.length + done, steps),
    );

    const what = `${count(views.length)} views (${images.length} photos × ${1 + plan.augmentViews})`;
    return [
      {
        key: 'train-cached',
        figure: `training: head on ${count(views.length)} cached embeddings, ${plan.epochs} epochs`,
        unit: 's',
        samples: cachedMs.map((ms) => ms / 1000),
        note:
          `${what}, batch ${plan.batchSize}, embeddings already in memory; ` +
          'each run a fresh head',
      },
      {
        key: 'train-naive',
        figure: `training: naive path re-embedding the images every epoch, ${plan.epochs} epochs`,
        unit: 's',
        samples: naiveMs.map((ms) => (ms * plan.epochs) / 1000),
        note:
          `extrapolated: ${naiveMs.length} epoch(s) timed, each × ${plan.epochs}; an epoch ` +
          `decodes, augments and embeds the ${what}, then trains the head once over them`,
      },
      {
        key: 'train-embed',
        figure: `training: one backbone pass over the ${count(views.length)} views`,
        unit: 's',
        samples: embedMs.map((ms) => ms / 1000),
        note: `batch ${plan.batchSize}; what the cache saves each epoch`,
      },
    ];
  } finally {
    state.head?.dispose();
    graph.dispose();
  }
}
