import * as tf from '@tensorflow/tfjs';

import { rankClasses, type ClassScore } from '../classify';
import { findFeatureTensor } from '../features';
import type { LoadedGraph } from '../graph';
import type { NamedBytes } from '../graph_model';
import { findFeatureMapTensor } from './embed';
import { embedDataset, type EmbedSource } from './embed_dataset';
import { EmbeddingCache } from './embedding_cache';
import { exportHead, importHead, METADATA_VERSION, type HeadMetadata } from './export';
import type { HeadRecipe } from './heads';
import { HeadStore } from './head_store';
import { argMax, evaluatePredictions, type Evaluation } from './metrics';
import { classifyWithHead, predictEmbeddings } from './predict';
import type { EpochLog, TrainingOutcome, TrainingSettings } from './train';
import { trainClassifier, type HeadSettings } from './train_classifier';

/** An image of the dataset as the session sees it: an id, its file's hash, the file. */
export interface SessionImage {
  id: string;
  /** SHA-256 (hex) of the image file's bytes. */
  hash: string;
  image: Blob;
}

/** An image with its class index (into the labels the head is trained for). */
export interface LabelledImage extends SessionImage {
  label: number;
}

/** How many views were run through the backbone now, and how many came from the cache. */
export interface EmbedCounts {
  embedded: number;
  reused: number;
}

export interface TrainRequest {
  /** The images to train and validate on (never the test images). */
  images: LabelledImage[];
  labels: string[];
  head: HeadSettings;
  settings: TrainingSettings;
  /** Augmented views per image besides the image itself; 0 turns augmentation off. */
  augmentViews: number;
  /** The backbone's name and where its file came from, for the export's metadata. */
  backbone: { name: string; source: string };
}

export interface TrainReport {
  outcome: TrainingOutcome;
  counts: EmbedCounts;
  /** Ids of the images held out for validation. */
  validationImageIds: string[];
  metadata: HeadMetadata;
}

/** An evaluation with what the head said about each image, in the order given. */
export interface EvaluationReport {
  evaluation: Evaluation;
  imageIds: string[];
  predicted: number[];
  /** Probability of the predicted class, 0..1. */
  confidence: number[];
  counts: EmbedCounts;
}

export interface SessionCallbacks {
  onEmbedProgress?(done: number, total: number): void;
  onEpoch?(log: EpochLog): void;
  cancelled?(): boolean;
}

interface Backbone {
  graph: LoadedGraph;
  /** SHA-256 of the model file(s). */
  id: string;
  pooledTensor: string | undefined;
  featureMapTensor: string | undefined;
}

interface Head {
  model: tf.LayersModel;
  metadata: HeadMetadata;
}

/**
 * The training state of the ML worker: the backbone's cut points, the embedding cache,
 * the current head and its metadata. Every tensor stays inside; calls take and return
 * plain data. `decode` turns an image file into HWC RGB pixels (0..255).
 */
export class TrainingSession {
  private backbone: Backbone | null = null;
  private head: Head | null = null;
  private cache: Promise<EmbeddingCache> | null = null;
  private store: Promise<HeadStore> | null = null;
  private stopRequested = false;

  constructor(
    private readonly decode: (image: Blob) => Promise<tf.Tensor3D>,
    private readonly databases: { embeddings?: string; heads?: string } = {},
  ) {}

  /** Switches to a newly loaded backbone; a head trained on another one is dropped. */
  setBackbone(graph: LoadedGraph, backboneId: string): void {
    const pooledTensor = findFeatureTensor(graph);
    this.backbone = {
      graph,
      id: backboneId,
      pooledTensor,
      featureMapTensor: pooledTensor
        ? findFeatureMapTensor(graph, pooledTensor)
        : undefined,
    };
    if (this.head && this.head.metadata.backbone.sha256 !== backboneId) this.dropHead();
  }

  /**
   * Cuts the backbone at the tensor a person chose for the pooled recipe; the
   * feature-map recipe then cuts at the map that feeds it, when there is one.
   */
  setPooledTensor(name: string): void {
    const backbone = this.requireBackbone();
    backbone.pooledTensor = name;
    backbone.featureMapTensor = findFeatureMapTensor(backbone.graph, name);
  }

  /** The current head's metadata, or null when there is none. */
  current(): HeadMetadata | null {
    return this.head?.metadata ?? null;
  }

  /** The tensor a recipe's head takes; throws when the backbone has none. */
  cutTensorFor(recipe: HeadRecipe): string {
    const backbone = this.requireBackbone();
    const cut = recipe === 'pooled' ? backbone.pooledTensor : backbone.featureMapTensor;
    if (!cut) {
      throw new Error(
        recipe === 'pooled'
          ? 'this backbone has no pooled feature tensor the studio recognises'
          : 'the feature-map recipe needs the map that feeds the pooling; this backbone does not expose it',
      );
    }
    return cut;
  }

  /** Embeds images for a recipe (their views too), using and filling the cache. */
  async embed(
    images: SessionImage[],
    recipe: HeadRecipe,
    augmentViews: number,
    callbacks: SessionCallbacks = {},
  ): Promise<EmbedCounts> {
    const { counts } = await this.embedAll(
      images,
      this.cutTensorFor(recipe),
      augmentViews + 1,
      callbacks,
    );
    return counts;
  }

  /**
   * Embeds what is missing, then trains a new head. A `stop` during training ends it
   * with the best weights so far, which become the current head. The head is saved
   * (as its export) so that a reload restores it.
   */
  async train(
    request: TrainRequest,
    callbacks: SessionCallbacks = {},
  ): Promise<TrainReport> {
    const backbone = this.requireBackbone();
    const { images, labels, head, settings, augmentViews } = request;
    const cutTensor = this.cutTensorFor(head.recipe);
    images.forEach((image) => {
      if (!(image.label >= 0 && image.label < labels.length)) {
        throw new Error(
          `image ${image.id} has label ${image.label}, not one of ${labels.length} classes`,
        );
      }
    });
    this.stopRequested = false;

    const embedded = await this.embedAll(images, cutTensor, augmentViews + 1, callbacks);
    const trained = await trainClassifier(
      {
        embeddings: embedded.values,
        shape: embedded.shape,
        labels: images.map((image) => image.label),
        numClasses: labels.length,
      },
      head,
      settings,
      {
        onEpoch: callbacks.onEpoch,
        shouldStop: () => this.stopRequested || (callbacks.cancelled?.() ?? false),
        yieldBetweenBatches: () => new Promise((resolve) => setTimeout(resolve, 0)),
      },
    );

    const { outcome } = trained;
    const best = outcome.history.find((log) => log.epoch === outcome.bestEpoch);
    const [, height, width] = backbone.graph.inputs[0].shape;
    const takesFloat = backbone.graph.inputs[0].dtype.startsWith('float');
    const metadata: HeadMetadata = {
      version: METADATA_VERSION,
      labels: [...labels],
      backbone: { ...request.backbone, sha256: backbone.id },
      input: {
        size: [height, width],
        normalization: takesFloat
          ? (backbone.graph.description.normalization ?? null)
          : null,
        dtype: backbone.graph.inputs[0].dtype,
      },
      cutTensor,
      embeddingShape: embedded.shape,
      head: { recipe: head.recipe, dropout: head.dropout, hiddenUnits: head.hiddenUnits },
      training: {
        ...settings,
        augmentViews,
        trainImages: trained.trainImages.length,
        validationImages: trained.validationImages.length,
        epochsRun: outcome.history.length,
        bestEpoch: outcome.bestEpoch,
        stopReason: outcome.stopReason,
      },
      metrics: { validationAccuracy: best?.valAccuracy },
      createdAt: new Date().toISOString(),
    };
    this.replaceHead({ model: trained.head, metadata });
    await this.save();
    console.info(
      `[studio] head trained: ${head.recipe}, ${outcome.history.length} epochs ` +
        `(${outcome.stopReason}), validation accuracy ` +
        `${best?.valAccuracy === undefined ? 'n/a' : best.valAccuracy.toFixed(3)}`,
    );

    return {
      outcome,
      counts: embedded.counts,
      validationImageIds: trained.validationImages.map((i) => images[i].id),
      metadata,
    };
  }

  /** Asks a training in progress to stop after its current batch. */
  stop(): boolean {
    this.stopRequested = true;
    return true;
  }

  /**
   * Scores the current head on labelled images (their own view, no augmentation). With
   * `asTest`, the result is recorded in the head's metadata as its test score.
   */
  async evaluate(
    images: LabelledImage[],
    asTest: boolean,
    callbacks: SessionCallbacks = {},
  ): Promise<EvaluationReport> {
    const head = this.requireHead();
    const embedded = await this.embedAll(images, head.metadata.cutTensor, 1, callbacks);
    const probabilities = await predictEmbeddings(
      head.model,
      embedded.values.map((views) => views[0]),
      embedded.shape,
    );
    const predicted = probabilities.map(argMax);
    const evaluation = evaluatePredictions(
      predicted,
      images.map((image) => image.label),
      head.metadata.labels.length,
    );
    if (asTest) {
      head.metadata.metrics.testAccuracy = evaluation.accuracy;
      head.metadata.metrics.testPerClass = evaluation.perClass;
      await this.save();
    }
    return {
      evaluation,
      imageIds: images.map((image) => image.id),
      predicted,
      confidence: probabilities.map((p, i) => p[predicted[i]]),
      counts: embedded.counts,
    };
  }

  /** Top-k classes of one image (HWC RGB 0..255) under the current head. */
  async predict(pixels: tf.Tensor3D, topK: number): Promise<ClassScore[]> {
    const head = this.requireHead();
    const graph = this.requireBackbone().graph;
    const probabilities = await classifyWithHead(
      graph,
      head.model,
      head.metadata.cutTensor,
      pixels,
    );
    return rankClasses(probabilities, head.metadata.labels, topK);
  }

  /** The current head's export: model.json, weights.bin, metadata.json. */
  async exportFiles(): Promise<NamedBytes[]> {
    const head = this.requireHead();
    return exportHead(head.model, head.metadata);
  }

  /**
   * Makes an export (a zip, or its files) the current head. Refuses a head trained on
   * another backbone than the one loaded, or cut at a tensor it does not have.
   */
  async importFiles(files: NamedBytes[]): Promise<HeadMetadata> {
    const backbone = this.requireBackbone();
    const imported = await importHead(files);
    const { metadata } = imported;
    const problem =
      metadata.backbone.sha256 !== backbone.id
        ? `this head was trained on ${metadata.backbone.name} (file SHA-256 ` +
          `${metadata.backbone.sha256.slice(0, 12)}…); load that backbone first`
        : !backbone.graph.tensorNames().includes(metadata.cutTensor)
          ? `the backbone has no tensor ${metadata.cutTensor}`
          : null;
    if (problem) {
      imported.head.dispose();
      throw new Error(problem);
    }
    this.replaceHead({ model: imported.head, metadata });
    await this.save();
    return metadata;
  }

  /** Brings back the head saved for the loaded backbone, if any. */
  async restore(): Promise<HeadMetadata | null> {
    const backbone = this.requireBackbone();
    if (this.head) return this.head.metadata;
    const files = await (await this.openStore()).load(backbone.id);
    if (!files) return null;
    const { head, metadata } = await importHead(files);
    this.replaceHead({ model: head, metadata });
    return metadata;
  }

  /** Frees the head and closes the databases. */
  dispose(): void {
    this.dropHead();
    void this.cache?.then((cache) => cache.close());
    void this.store?.then((store) => store.close());
    this.cache = null;
    this.store = null;
  }

  private async embedAll(
    images: SessionImage[],
    cutTensor: string,
    views: number,
    callbacks: SessionCallbacks,
  ): Promise<{ values: Float32Array[][]; shape: number[]; counts: EmbedCounts }> {
    const backbone = this.requireBackbone();
    const sources: EmbedSource[] = images.map((image) => ({
      hash: image.hash,
      load: () => this.decode(image.image),
    }));
    const result = await embedDataset(sources, {
      graph: backbone.graph,
      backboneId: backbone.id,
      cutTensors: [cutTensor],
      views,
      cache: await this.openCache(),
      onProgress: callbacks.onEmbedProgress,
      cancelled: callbacks.cancelled,
    });
    const { shape, values } = result.byCut[cutTensor];
    return {
      shape,
      values,
      counts: { embedded: result.embedded, reused: result.reused },
    };
  }

  private requireBackbone(): Backbone {
    if (!this.backbone) throw new Error('load a backbone first');
    return this.backbone;
  }

  private requireHead(): Head {
    if (!this.head) throw new Error('train a head first, or import one');
    return this.head;
  }

  private replaceHead(head: Head): void {
    this.dropHead();
    this.head = head;
  }

  private dropHead(): void {
    this.head?.model.dispose();
    this.head = null;
  }

  private async save(): Promise<void> {
    const head = this.requireHead();
    const files = await exportHead(head.model, head.metadata);
    await (await this.openStore()).save(head.metadata.backbone.sha256, files);
  }

  private openCache(): Promise<EmbeddingCache> {
    this.cache ??= EmbeddingCache.open(this.databases.embeddings);
    return this.cache;
  }

  private openStore(): Promise<HeadStore> {
    this.store ??= HeadStore.open(this.databases.heads);
    return this.store;
  }
}
