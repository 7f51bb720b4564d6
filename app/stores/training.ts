import { create } from 'zustand';

import type { ClassScore } from '../ml/classify';
import type { NamedBytes } from '../ml/graph_model';
import type { HeadMetadata } from '../ml/train/export';
import {
  DEFAULT_DROPOUT,
  DEFAULT_TRAINING,
  type EpochLog,
  type HeadRecipe,
  type TrainingSettings,
} from '../ml/train/settings';
import type { EmbedCounts, EvaluationReport } from '../ml/train/training_session';
import type { MlClient } from '../worker/ml_client';

/** One class of the dataset, in the order the head's outputs follow. */
export interface TrainingClass {
  id: string;
  name: string;
}

/** One image of the dataset, as training needs it. */
export interface TrainingImageInfo {
  id: string;
  classId: string;
  name: string;
  /** SHA-256 (hex) of the stored image file. */
  hash: string;
  /** Kept out of training and scored separately. */
  isTest: boolean;
}

/**
 * What training needs from the dataset layer: its classes and images, the image files,
 * and the two edits made from the training panel (relabel, mark as test).
 */
export interface TrainingDataSource {
  listClasses(): Promise<TrainingClass[]>;
  listImages(): Promise<TrainingImageInfo[]>;
  readImage(id: string): Promise<Blob | undefined>;
  setImageClass(imageId: string, classId: string): Promise<void>;
  setTest(imageIds: string[], isTest: boolean): Promise<void>;
}

/** The head and training choices shown in the settings form. */
export interface TrainingForm extends TrainingSettings {
  recipe: HeadRecipe;
  dropout: number;
  hiddenUnits: number;
  /** Augmented views per image; 0 is off. */
  augmentViews: number;
}

export const DEFAULT_FORM: TrainingForm = {
  ...DEFAULT_TRAINING,
  recipe: 'pooled',
  dropout: DEFAULT_DROPOUT.pooled,
  hiddenUnits: 0,
  augmentViews: 0,
};

/** A scored set: the report, the images behind it, and which set it was. */
export interface ScoredSet {
  kind: 'test' | 'validation';
  report: EvaluationReport;
  images: TrainingImageInfo[];
  labels: string[];
}

type Status = 'idle' | 'embedding' | 'training' | 'evaluating' | 'importing';

interface TrainingState {
  /** True once a backbone is loaded and training is connected to it and the dataset. */
  connected: boolean;
  form: TrainingForm;
  status: Status;
  /** Progress of the embedding step in views: done of total (total 0 when nothing new). */
  embedProgress: { done: number; total: number } | null;
  history: EpochLog[];
  /** Of the last embedding pass: views computed now, and views found in the cache. */
  counts: EmbedCounts | null;
  head: HeadMetadata | null;
  /** The dataset's classes as last read, for relabelling. */
  classes: TrainingClass[];
  scored: ScoredSet | null;
  error: string | null;
  prediction: { fileName: string; imageUrl: string; scores: ClassScore[] } | null;

  /** Connects the store to the ML worker and the dataset; the shell calls it once. */
  connect(client: MlClient, data: TrainingDataSource, backbone: BackboneInfo): void;
  /** After a (re)load of the backbone: brings back the head saved for it. */
  restore(backbone: BackboneInfo): Promise<void>;
  setForm(changes: Partial<TrainingForm>): void;
  train(): Promise<void>;
  stop(): Promise<void>;
  evaluate(kind: 'test' | 'validation'): Promise<void>;
  relabel(imageId: string, classId: string): Promise<void>;
  markTest(imageIds: string[], isTest: boolean): Promise<void>;
  predictFile(file: File): Promise<void>;
  /** Classifies one camera frame (the bitmap is handed to the worker and closed there). */
  predictFrame(frame: ImageBitmap, topK?: number): Promise<ClassScore[]>;
  exportHead(): Promise<NamedBytes[]>;
  importHead(files: File[]): Promise<void>;
}

/** The loaded backbone's name and origin, for the export's metadata. */
export interface BackboneInfo {
  name: string;
  source: string;
}

let client: MlClient | null = null;
let data: TrainingDataSource | null = null;
let backboneInfo: BackboneInfo | null = null;
let validationIds: string[] = [];

function connected(): { client: MlClient; data: TrainingDataSource } {
  if (!client || !data) throw new Error('training is not connected to a dataset yet');
  return { client, data };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Loads the files of the given images, in order, with a clear message for a lost one. */
async function withFiles(source: TrainingDataSource, images: TrainingImageInfo[]) {
  return Promise.all(
    images.map(async (image) => {
      const blob = await source.readImage(image.id);
      if (!blob) throw new Error(`the file of ${image.name} is missing from the dataset`);
      return { id: image.id, hash: image.hash, image: blob };
    }),
  );
}

export const useTraining = create<TrainingState>((set, get) => {
  async function labelledImages(kind: 'train' | 'test' | 'validation') {
    const { data: source } = connected();
    const classes = await source.listClasses();
    set({ classes });
    const classIndex = new Map(classes.map((c, i) => [c.id, i]));
    const all = (await source.listImages()).filter((image) =>
      classIndex.has(image.classId),
    );
    const chosen =
      kind === 'train'
        ? all.filter((image) => !image.isTest)
        : kind === 'test'
          ? all.filter((image) => image.isTest)
          : all.filter((image) => validationIds.includes(image.id));
    const files = await withFiles(source, chosen);
    return {
      classes,
      infos: chosen,
      images: files.map((file, i) => ({
        ...file,
        label: classIndex.get(chosen[i].classId)!,
      })),
    };
  }

  return {
    connected: false,
    form: DEFAULT_FORM,
    status: 'idle',
    embedProgress: null,
    history: [],
    counts: null,
    head: null,
    classes: [],
    scored: null,
    error: null,
    prediction: null,

    connect(newClient, newData, backbone) {
      client = newClient;
      data = newData;
      backboneInfo = backbone;
      set({ connected: true });
    },

    async restore(backbone) {
      backboneInfo = backbone;
      try {
        const head = await connected().client.call('restoreHead', {});
        set({ head, scored: null, history: [], counts: null, prediction: null });
      } catch (error) {
        set({ error: `could not restore the trained head: ${message(error)}` });
      }
    },

    setForm(changes) {
      const form = { ...get().form, ...changes };
      if (changes.recipe && changes.dropout === undefined)
        form.dropout = DEFAULT_DROPOUT[changes.recipe];
      set({ form });
    },

    async train() {
      if (get().status !== 'idle') return;
      set({
        status: 'embedding',
        error: null,
        history: [],
        scored: null,
        embedProgress: null,
      });
      try {
        const { classes, images } = await labelledImages('train');
        const { recipe, dropout, hiddenUnits, augmentViews, ...settings } = get().form;
        const report = await connected().client.call(
          'train',
          {
            images,
            labels: classes.map((c) => c.name),
            head: { recipe, dropout, hiddenUnits },
            settings,
            augmentViews,
            backbone: backboneInfo ?? { name: 'unknown', source: 'unknown' },
          },
          {
            onProgress: (progress) => {
              if (progress.epoch) {
                set({ status: 'training', history: [...get().history, progress.epoch] });
              } else {
                set({ embedProgress: { done: progress.done, total: progress.total } });
              }
            },
          },
        );
        validationIds = report.validationImageIds;
        set({
          head: report.metadata,
          counts: report.counts,
          history: report.outcome.history,
        });
      } catch (error) {
        set({ error: message(error) });
      } finally {
        set({ status: 'idle', embedProgress: null });
      }
      if (get().head && !get().error) {
        const hasTest = (await connected().data.listImages()).some(
          (image) => image.isTest,
        );
        await get().evaluate(hasTest ? 'test' : 'validation');
      }
    },

    async stop() {
      await connected().client.call('stopTraining', {});
    },

    async evaluate(kind) {
      if (get().status !== 'idle') return;
      set({ status: 'evaluating', error: null });
      try {
        const { classes, images, infos } = await labelledImages(kind);
        if (images.length === 0) {
          throw new Error(
            kind === 'test'
              ? 'no images are marked as test images'
              : 'no validation images',
          );
        }
        const report = await connected().client.call(
          'evaluate',
          { images, asTest: kind === 'test' },
          { onProgress: (p) => set({ embedProgress: { done: p.done, total: p.total } }) },
        );
        set({
          scored: { kind, report, images: infos, labels: classes.map((c) => c.name) },
        });
        if (kind === 'test')
          set({ head: await connected().client.call('restoreHead', {}) });
      } catch (error) {
        set({ error: message(error) });
      } finally {
        set({ status: 'idle', embedProgress: null });
      }
    },

    async relabel(imageId, classId) {
      await connected().data.setImageClass(imageId, classId);
      const scored = get().scored;
      if (!scored) return;
      const images = scored.images.map((image) =>
        image.id === imageId ? { ...image, classId } : image,
      );
      set({ scored: { ...scored, images } });
    },

    async markTest(imageIds, isTest) {
      await connected().data.setTest(imageIds, isTest);
    },

    async predictFile(file) {
      const previous = get().prediction;
      if (previous) URL.revokeObjectURL(previous.imageUrl);
      try {
        const scores = await connected().client.call('predictHead', {
          image: file,
          topK: 5,
        });
        set({
          prediction: {
            fileName: file.name,
            imageUrl: URL.createObjectURL(file),
            scores,
          },
          error: null,
        });
      } catch (error) {
        set({ prediction: null, error: `${file.name}: ${message(error)}` });
      }
    },

    predictFrame(frame, topK = 3) {
      return connected().client.call(
        'predictHead',
        { image: frame, topK },
        { transfer: [frame] },
      );
    },

    exportHead() {
      return connected().client.call('exportHead', {});
    },

    async importHead(files) {
      set({ status: 'importing', error: null });
      try {
        const contents = await Promise.all(
          files.map(async (file) => ({
            name: file.name,
            bytes: await file.arrayBuffer(),
          })),
        );
        const head = await connected().client.call('importHead', { files: contents });
        set({ head, history: [], scored: null });
      } catch (error) {
        set({ error: `import failed: ${message(error)}` });
      } finally {
        set({ status: 'idle' });
      }
    },
  };
});
