import { DEFAULT_BACKBONE_ID, findCatalogModel, MODEL_CATALOG } from '../models/catalog';
import { useStudio } from '../stores/studio';
import { ModelSources } from './ModelSources';
import { tensorLabel } from './tensor_label';

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
  const busy = status === 'loading' || !backendReady;
  const defaultModel = findCatalogModel(DEFAULT_BACKBONE_ID)!;

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
              <option key={name} value={name} title={name}>
                {tensorLabel(name)}
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

      <ModelSources
        noun="model"
        catalog={CLASSIFIERS}
        initialChoice={DEFAULT_BACKBONE_ID}
        dropLabel={
          <span>
            Drop a <code>.tflite</code> file, or a <code>model.json</code> with its weight
            shards (and an optional <code>labels.txt</code>), or click to choose.
          </span>
        }
        urlPlaceholder="https://…/model.tflite"
        cachedTitle="Kept in this browser"
        busy={busy}
        progress={progress}
        notice={
          error && (
            <div className="notice notice--error" role="alert" data-testid="model-error">
              {error}
              {downloadFailed && <div>You can drop the model file below instead.</div>}
            </div>
          )
        }
        cached={cached}
        testIds={{
          drop: 'model-drop',
          catalog: 'catalog-select',
          catalogUrl: 'catalog-url',
          url: 'model-url',
          cached: 'cached-models',
          cancel: 'cancel-load',
        }}
        onFiles={loadFromFiles}
        onCatalog={loadFromCatalog}
        onUrl={loadFromUrl}
        onLoadCached={loadCached}
        onDeleteCached={deleteCached}
        onCancel={cancelLoad}
      />
    </section>
  );
}
