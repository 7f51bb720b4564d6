import './train.css';

import { useEffect } from 'react';

import { zipFiles } from '../../ml/train/zip_files';
import { HEAD_RECIPES, type HeadRecipe } from '../../ml/train/settings';
import { useDataset } from '../../stores/dataset';
import { useTraining, type TrainingForm } from '../../stores/training';
import { DropZone } from '../DropZone';
import { ConfusionMatrix } from './ConfusionMatrix';
import { LearningCurves } from './LearningCurves';
import { MetricsTable } from './MetricsTable';
import { ScoreBars } from './ScoreBars';
import { WebcamClassifier } from './WebcamClassifier';

const RECIPE_NAMES: Record<HeadRecipe, string> = {
  pooled: 'A: pooled vector → Dense softmax',
  'feature-map': 'B: feature map → Flatten, Dropout, Dense softmax',
};

const STOP_REASONS: Record<string, string> = {
  completed: 'all epochs run',
  'early-stopping': 'stopped early: validation loss stopped improving',
  stopped: 'stopped by you',
};

function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60
    ? `${seconds} s`
    : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function download(name: string, bytes: ArrayBuffer | Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

interface NumberFieldProps {
  name: keyof TrainingForm;
  label: string;
  step: number;
  min: number;
  max?: number;
}

function NumberField({ name, label, step, min, max }: NumberFieldProps) {
  const value = useTraining((s) => s.form[name]) as number;
  const setForm = useTraining((s) => s.setForm);
  const busy = useTraining((s) => s.status !== 'idle');
  return (
    <label className="field">
      {label}
      <input
        type="number"
        value={value}
        step={step}
        min={min}
        max={max}
        disabled={busy}
        data-testid={`setting-${name}`}
        onChange={(event) => setForm({ [name]: Number(event.target.value) })}
      />
    </label>
  );
}

function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** What training will take from the open project: classes, training and test images. */
function DataSummary() {
  const project = useDataset((s) => s.project);
  const classes = useDataset((s) => s.classes);
  const images = useDataset((s) => s.images);

  useEffect(() => {
    void useDataset.getState().start();
  }, []);

  if (!project) return <p className="hint">Opening the dataset…</p>;
  const known = new Set(classes.map((c) => c.id));
  const labelled = images.filter((image) => known.has(image.classId));
  const tests = labelled.filter((image) => image.isTest).length;
  return (
    <p className="train__data">
      Dataset <strong>{project.name}</strong>:{' '}
      <span data-testid="train-data-summary">
        {plural(classes.length, 'class', 'classes')},{' '}
        {plural(labelled.length - tests, 'training image')}, {plural(tests, 'test image')}
      </span>
      {tests === 0 && labelled.length > 0 && (
        <span className="hint">
          {' '}
          (mark some as test on the Dataset tab to score the head on photos it never saw)
        </span>
      )}
    </p>
  );
}

/**
 * Train a head on the dataset's images, watch it learn, score it, try it on a photo or
 * the camera, and export or import it.
 */
export function TrainPanel() {
  const state = useTraining();
  const {
    form,
    status,
    history,
    head,
    scored,
    counts,
    embedProgress,
    error,
    prediction,
  } = state;
  const last = history.at(-1);
  const busy = status !== 'idle';

  return (
    <section
      className="panel train"
      aria-labelledby="train-heading"
      data-testid="train-status"
      data-status={status}
    >
      <h2 id="train-heading">Train a classifier</h2>
      <DataSummary />
      {!state.connected && (
        <div className="notice" data-testid="train-needs-backbone">
          Load a backbone on the Model tab first: the classifier is trained on its
          features.
        </div>
      )}

      <fieldset className="train__settings" disabled={busy}>
        <legend>Settings</legend>
        <label className="field field--wide">
          Head
          <select
            value={form.recipe}
            data-testid="setting-recipe"
            onChange={(event) =>
              state.setForm({ recipe: event.target.value as HeadRecipe })
            }
          >
            {HEAD_RECIPES.map((recipe) => (
              <option key={recipe} value={recipe}>
                {RECIPE_NAMES[recipe]}
              </option>
            ))}
          </select>
        </label>
        <NumberField name="epochs" label="Epochs" step={1} min={1} />
        <NumberField name="batchSize" label="Batch size" step={1} min={1} />
        <NumberField
          name="learningRate"
          label="Learning rate"
          step={0.0001}
          min={0.00001}
          max={0.5}
        />
        <NumberField name="dropout" label="Dropout" step={0.05} min={0} max={0.95} />
        <NumberField
          name="hiddenUnits"
          label="Hidden units (0: none)"
          step={16}
          min={0}
        />
        <NumberField
          name="validationFraction"
          label="Validation fraction"
          step={0.05}
          min={0}
          max={0.9}
        />
        <NumberField
          name="earlyStoppingPatience"
          label="Early stopping patience (0: off)"
          step={1}
          min={0}
        />
        <NumberField
          name="augmentViews"
          label="Augmented views per image (0: off)"
          step={1}
          min={0}
          max={20}
        />
        <label className="field field--check">
          <input
            type="checkbox"
            checked={form.classWeighting}
            data-testid="setting-classWeighting"
            onChange={(event) => state.setForm({ classWeighting: event.target.checked })}
          />
          Weigh classes for imbalance
        </label>
      </fieldset>

      <div className="row">
        <button
          type="button"
          className="primary"
          data-testid="train"
          disabled={busy || !state.connected}
          onClick={() => void state.train()}
        >
          Train
        </button>
        <button
          type="button"
          data-testid="stop-training"
          disabled={status !== 'training' && status !== 'embedding'}
          onClick={() => void state.stop()}
        >
          Stop (keep the best weights)
        </button>
      </div>

      {status === 'embedding' && embedProgress && (
        <p className="hint" data-testid="embed-progress">
          Embedding {embedProgress.done} of {embedProgress.total} new views…
        </p>
      )}
      {counts && (
        <p
          className="hint"
          data-testid="embed-counter"
          data-embedded={counts.embedded}
          data-reused={counts.reused}
        >
          Embedded {counts.embedded} new, reused {counts.reused} cached
        </p>
      )}
      {last && (
        <p data-testid="epoch-status" data-epoch={last.epoch} data-epochs={last.epochs}>
          Epoch {last.epoch} of {last.epochs}
          {status === 'training' && <>, about {formatDuration(last.remainingMs)} left</>}
        </p>
      )}
      {error && (
        <div className="notice notice--error" role="alert" data-testid="train-error">
          {error}
        </div>
      )}

      {history.length > 0 && (
        <div className="train__curves">
          <LearningCurves history={history} metric="loss" />
          <LearningCurves history={history} metric="accuracy" />
        </div>
      )}

      {head && (
        <p
          className="hint"
          data-testid="head-summary"
          data-stop-reason={head.training.stopReason}
          data-epochs-run={head.training.epochsRun}
          data-best-epoch={head.training.bestEpoch}
          data-validation-accuracy={head.metrics.validationAccuracy}
          data-validation-images={head.training.validationImages}
        >
          Head: {RECIPE_NAMES[head.head.recipe]}, {head.labels.length} classes, kept the
          weights of epoch {head.training.bestEpoch} of {head.training.epochsRun} (
          {STOP_REASONS[head.training.stopReason] ?? head.training.stopReason}
          {head.metrics.validationAccuracy !== undefined &&
            `, validation accuracy ${(head.metrics.validationAccuracy * 100).toFixed(1)}%`}
          )
        </p>
      )}

      {head && <h3>Results</h3>}
      {head && (
        <div className="row">
          <button
            type="button"
            disabled={busy}
            data-testid="evaluate-test"
            onClick={() => void state.evaluate('test')}
          >
            Score the test images
          </button>
          <button
            type="button"
            disabled={busy}
            data-testid="evaluate-validation"
            onClick={() => void state.evaluate('validation')}
          >
            Score the validation images
          </button>
        </div>
      )}
      {status === 'evaluating' && (
        <p className="hint">
          Scoring
          {embedProgress &&
            embedProgress.total > 0 &&
            ` (embedding ${embedProgress.done} of ${embedProgress.total} new images)`}
          …
        </p>
      )}
      {scored && (
        <div className="train__results">
          <MetricsTable scored={scored} />
          <ConfusionMatrix
            scored={scored}
            classes={state.classes}
            onRelabel={state.relabel}
          />
        </div>
      )}

      {head && (
        <>
          <h3>Try it</h3>
          <DropZone
            testId="head-photo-drop"
            accept="image/*"
            label="Drop a photo to classify it with the trained head."
            onFiles={(files) => void state.predictFile(files[0])}
          />
          {prediction && (
            <div
              className="prediction"
              data-testid="head-prediction"
              data-file={prediction.fileName}
            >
              <img
                src={prediction.imageUrl}
                alt={prediction.fileName}
                className="prediction__image"
              />
              <ScoreBars scores={prediction.scores} testId="head-predictions" />
            </div>
          )}
          <WebcamClassifier />
        </>
      )}

      <h3>{head ? 'Export and import' : 'Import a trained head'}</h3>
      {head && (
        <div className="row">
          <button
            type="button"
            data-testid="export-head-zip"
            onClick={() =>
              void state
                .exportHead()
                .then((files) => download('head.zip', zipFiles(files), 'application/zip'))
            }
          >
            Download as zip
          </button>
          <button
            type="button"
            data-testid="export-head-files"
            onClick={() =>
              void state
                .exportHead()
                .then((files) =>
                  files.forEach((file) =>
                    download(file.name, file.bytes, 'application/octet-stream'),
                  ),
                )
            }
          >
            Download model.json, weights.bin, metadata.json
          </button>
        </div>
      )}
      <DropZone
        testId="head-import"
        accept=".zip,.json,.bin"
        multiple
        disabled={busy}
        label="Import a head: drop its zip, or model.json, weights.bin and metadata.json."
        onFiles={(files) => void state.importHead(files)}
      />
    </section>
  );
}
