import { useState } from 'react';
import { DEFAULT_BACKBONE_ID, findCatalogModel, MODEL_CATALOG } from '../models/catalog';
import { formatBytes, useStudio } from '../stores/studio';
import { DropZone } from './DropZone';
import { ProgressBar } from './ProgressBar';

const CLASSIFIERS = MODEL_CATALOG.filter((model) => model.task === 'classification');

/** Choosing the backbone: the catalog, a dropped file, a pasted URL, or the cache. */
export function ModelPanel() {
  const status = useStudio((s) => s.modelStatus);
  const progress = useStudio((s) => s.progress);
  const error = useStudio((s) => s.modelError);
  const downloadFailed = useStudio((s) => s.downloadFailed);
  const backbone = useStudio((s) => s.backbone);
  const cached = useStudio((s) => s.cachedModels);
  const backendReady = useStudio((s) => s.backend !== null);
  const online = useStudio((s) => s.online);
  const {
    loadFromCatalog,
    loadFromFiles,
    loadFromUrl,
    loadCached,
    deleteCached,
    cancelLoad,
    chooseFeatureTensor,
  } = useStudio.getState();
  const [choice, setChoice] = useState(DEFAULT_BACKBONE_ID);
  const [url, setUrl] = useState('');
  const busy = status === 'loading' || !backendReady;
  const defaultModel = findCatalogModel(DEFAULT_BACKBONE_ID)!;
  const chosen = findCatalogModel(choice);

  return (
    <section className="panel" aria-labelledby="model-heading">
      <h2 id="model-heading">Backbone</h2>

      {backbone ? (
        <p className="model-ready" data-testid="model-ready">
          Ready: <strong>{backbone.name}</strong> ({backbone.format}, input{' '}
          {backbone.inputs[0].shape.slice(1).join('×')} {backbone.inputs[0].dtype},{' '}
          {backbone.labelCount} labels
          {backbone.featureTensor && `, features: ${backbone.featureSize}-vector`}) ·
          built in {backbone.buildMs.toFixed(0)} ms, first run{' '}
          {backbone.firstRunMs.toFixed(0)} ms
        </p>
      ) : null}
      {backbone && (
        <label className="row">
          Feature tensor (the cut for transfer learning){' '}
          <select
            data-testid="feature-tensor"
            value={backbone.featureTensor ?? ''}
            disabled={busy}
            onChange={(event) => chooseFeatureTensor(event.target.value)}
          >
            {!backbone.featureTensor && <option value="">choose a tensor…</option>}
            {backbone.tensorNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}
      {!backbone && status !== 'loading' && (
        <div className="welcome" data-testid="welcome">
          <p>
            Start with the default backbone, <strong>{defaultModel.name}</strong> (about{' '}
            {defaultModel.sizeMB} MB, {defaultModel.inputSize}×{defaultModel.inputSize}{' '}
            input), downloaded once and kept in this browser.
          </p>
          <button
            type="button"
            disabled={busy}
            data-testid="load-default"
            onClick={() => loadFromCatalog(DEFAULT_BACKBONE_ID)}
          >
            Load {defaultModel.name}
          </button>
          {online ? (
            <p className="hint">No network? Drop a .tflite file below instead.</p>
          ) : (
            <p className="notice notice--warn" data-testid="offline">
              This browser is offline: models cannot be downloaded now. Drop a .tflite
              file below, or load one kept in this browser.
            </p>
          )}
        </div>
      )}

      {progress && (
        <div className="row">
          <ProgressBar progress={progress} />
          {progress.unit === 'bytes' && (
            <button type="button" onClick={cancelLoad} data-testid="cancel-load">
              Cancel
            </button>
          )}
        </div>
      )}
      {error && (
        <div className="notice notice--error" role="alert" data-testid="model-error">
          {error}
          {downloadFailed && <div>You can drop the model file below instead.</div>}
        </div>
      )}

      <DropZone
        testId="model-drop"
        accept=".tflite,.json,.bin,.txt"
        multiple
        disabled={busy}
        label={
          <span>
            Drop a <code>.tflite</code> file, or a <code>model.json</code> with its weight
            shards (and an optional <code>labels.txt</code>), or click to choose.
          </span>
        }
        onFiles={(files) => loadFromFiles(files)}
      />

      <div className="row">
        <label>
          Catalog{' '}
          <select
            value={choice}
            onChange={(event) => setChoice(event.target.value)}
            data-testid="catalog-select"
          >
            {CLASSIFIERS.map((model) => (
              <option key={model.id} value={model.id}>
                {model.name} · {model.inputSize}px · {model.sizeIsApproximate ? '≈' : ''}
                {model.sizeMB} MB
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={busy} onClick={() => loadFromCatalog(choice)}>
          Download
        </button>
      </div>
      {chosen && (
        <p className="hint" data-testid="catalog-url">
          {chosen.publisher}, {chosen.licence}: <code>{chosen.url}</code>
        </p>
      )}

      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          if (url.trim()) loadFromUrl(url);
        }}
      >
        <label>
          Model URL{' '}
          <input
            type="text"
            inputMode="url"
            value={url}
            placeholder="https://…/model.tflite"
            onChange={(event) => setUrl(event.target.value)}
            data-testid="model-url"
          />
        </label>
        <button type="submit" disabled={busy}>
          Load URL
        </button>
      </form>

      {cached.length > 0 && (
        <div className="cached">
          <h3>Kept in this browser</h3>
          <ul data-testid="cached-models">
            {cached.map((model) => (
              <li key={model.id}>
                <span>
                  {model.name} · {formatBytes(model.sizeBytes)} · {model.format}
                </span>
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => loadCached(model.id)}
                >
                  Load
                </button>
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => deleteCached(model.id)}
                >
                  Delete
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
