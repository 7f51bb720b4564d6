import { useState } from 'react';
import { MODEL_CATALOG } from '../../models/catalog';
import { useDetection } from '../../stores/detection';
import { formatBytes, useStudio } from '../../stores/studio';
import { DropZone } from '../DropZone';
import { ProgressBar } from '../ProgressBar';

const DETECTORS = MODEL_CATALOG.filter((model) => model.task === 'detection');

/** Choosing the detector: the EfficientDet-Lite catalog, dropped files, a URL, the cache. */
export function DetectorPanel() {
  const detector = useDetection((s) => s.detector);
  const status = useDetection((s) => s.loadStatus);
  const progress = useDetection((s) => s.progress);
  const error = useDetection((s) => s.loadError);
  const cached = useDetection((s) => s.cachedDetectors);
  const backendReady = useStudio((s) => s.backend !== null);
  const {
    loadFromCatalog,
    loadFromFiles,
    loadFromUrl,
    loadCached,
    deleteCached,
    cancelLoad,
  } = useDetection.getState();
  const [choice, setChoice] = useState(DETECTORS[0]?.id ?? '');
  const [url, setUrl] = useState('');
  const busy = status === 'loading' || !backendReady;
  const chosen = DETECTORS.find((model) => model.id === choice);

  return (
    <section className="panel" aria-labelledby="detector-heading">
      <h2 id="detector-heading">Detector</h2>

      {detector ? (
        <p className="model-ready" data-testid="detector-ready">
          Ready: <strong>{detector.name}</strong> ({detector.family}, {detector.format}
          {detector.inputSize &&
            `, input ${detector.inputSize[0]}×${detector.inputSize[1]}`}
          , {detector.labels.length} classes) · built in {detector.buildMs.toFixed(0)} ms,
          first run {detector.firstRunMs.toFixed(0)} ms
        </p>
      ) : (
        <p className="hint">
          Load an object detector: an EfficientDet-Lite from the catalog, or drop a{' '}
          <code>.tflite</code> detector, or a tfjs graph (<code>model.json</code> with its
          shards, e.g. CenterNet or EfficientDet D0–D7) with an optional{' '}
          <code>labels.txt</code>.
        </p>
      )}

      {progress && (
        <div className="row">
          <ProgressBar progress={progress} />
          {progress.unit === 'bytes' && (
            <button type="button" onClick={cancelLoad}>
              Cancel
            </button>
          )}
        </div>
      )}
      {error && (
        <div className="notice notice--error" role="alert" data-testid="detector-error">
          {error}
        </div>
      )}

      <DropZone
        testId="detector-drop"
        accept=".tflite,.json,.bin,.txt"
        multiple
        disabled={busy}
        label={
          <span>
            Drop a detector: <code>.tflite</code>, or <code>model.json</code> + shards (+{' '}
            <code>labels.txt</code>), or click to choose.
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
            data-testid="detector-catalog"
          >
            {DETECTORS.map((model) => (
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
        <p className="hint" data-testid="detector-catalog-url">
          {chosen.publisher}, {chosen.licence}, input {chosen.inputSize}×
          {chosen.inputSize}: <code>{chosen.url}</code>
        </p>
      )}

      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          if (url.trim()) void loadFromUrl(url);
        }}
      >
        <label>
          Detector URL{' '}
          <input
            type="text"
            inputMode="url"
            value={url}
            placeholder="https://…/detector.tflite"
            onChange={(event) => setUrl(event.target.value)}
            data-testid="detector-url"
          />
        </label>
        <button type="submit" disabled={busy}>
          Load URL
        </button>
      </form>

      {cached.length > 0 && (
        <div className="cached">
          <h3>Detectors kept in this browser</h3>
          <ul data-testid="cached-detectors">
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
