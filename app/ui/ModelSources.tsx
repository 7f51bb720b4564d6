import { useState, type ReactNode } from 'react';
import type { CatalogModel } from '../models/catalog';
import type { CachedModelRecord } from '../models/model_cache';
import { formatBytes, type LoadProgress } from '../stores/studio';
import { DropZone } from './DropZone';
import { ProgressBar } from './ProgressBar';

/** The test ids of one use of the controls, so each panel keeps its own names. */
export interface ModelSourceTestIds {
  drop: string;
  catalog: string;
  catalogUrl: string;
  url: string;
  cached: string;
  cancel?: string;
}

interface ModelSourcesProps {
  /** What is loaded: `model`, `detector`; used in labels. */
  noun: string;
  catalog: readonly CatalogModel[];
  initialChoice: string;
  dropLabel: ReactNode;
  urlPlaceholder: string;
  cachedTitle: string;
  busy: boolean;
  progress: LoadProgress | null;
  /** Shown between the progress bar and the drop zone: the last error. */
  notice?: ReactNode;
  cached: CachedModelRecord[];
  testIds: ModelSourceTestIds;
  onFiles(files: File[]): void;
  onCatalog(id: string): void;
  onUrl(url: string): void;
  onLoadCached(id: string): void;
  onDeleteCached(id: string): void;
  onCancel(): void;
}

/**
 * The ways to get a model, shared by the backbone and detector panels: a progress bar
 * with Cancel, a drop zone, the catalog with its URLs, a pasted URL, and the models
 * kept in this browser.
 */
export function ModelSources(props: ModelSourcesProps) {
  const { noun, catalog, busy, progress, cached, testIds } = props;
  const [choice, setChoice] = useState(props.initialChoice);
  const [url, setUrl] = useState('');
  const chosen = catalog.find((model) => model.id === choice);

  return (
    <>
      {progress && (
        <div className="row">
          <ProgressBar progress={progress} />
          {progress.unit === 'bytes' && (
            <button type="button" onClick={props.onCancel} data-testid={testIds.cancel}>
              Cancel
            </button>
          )}
        </div>
      )}
      {props.notice}

      <DropZone
        testId={testIds.drop}
        accept=".tflite,.json,.bin,.txt"
        multiple
        disabled={busy}
        label={props.dropLabel}
        onFiles={props.onFiles}
      />

      <div className="row">
        <label>
          Catalog{' '}
          <select
            value={choice}
            onChange={(event) => setChoice(event.target.value)}
            data-testid={testIds.catalog}
          >
            {catalog.map((model) => (
              <option key={model.id} value={model.id}>
                {model.name} · {model.inputSize}px · {model.sizeIsApproximate ? '≈' : ''}
                {model.sizeMB} MB
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={busy} onClick={() => props.onCatalog(choice)}>
          Download
        </button>
      </div>
      {chosen && (
        <p className="hint" data-testid={testIds.catalogUrl}>
          {chosen.publisher}, {chosen.licence}, input {chosen.inputSize}×
          {chosen.inputSize}: <code>{chosen.url}</code>
        </p>
      )}

      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          if (url.trim()) props.onUrl(url);
        }}
      >
        <label>
          {noun[0].toUpperCase() + noun.slice(1)} URL{' '}
          <input
            type="text"
            inputMode="url"
            value={url}
            placeholder={props.urlPlaceholder}
            onChange={(event) => setUrl(event.target.value)}
            data-testid={testIds.url}
          />
        </label>
        <button type="submit" disabled={busy}>
          Load URL
        </button>
      </form>

      {cached.length > 0 && (
        <div className="cached">
          <h3>{props.cachedTitle}</h3>
          <ul data-testid={testIds.cached}>
            {cached.map((model) => (
              <li key={model.id}>
                <span>
                  {model.name} · {formatBytes(model.sizeBytes)} · {model.format}
                </span>
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => props.onLoadCached(model.id)}
                >
                  Load
                </button>
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => props.onDeleteCached(model.id)}
                >
                  Delete
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
