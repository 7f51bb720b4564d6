import { MODEL_CATALOG } from '../../models/catalog';
import { useDetection } from '../../stores/detection';
import { useStudio } from '../../stores/studio';
import { ModelSources } from '../ModelSources';

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
  const busy = status === 'loading' || !backendReady;

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

      <ModelSources
        noun="detector"
        catalog={DETECTORS}
        initialChoice={DETECTORS[0]?.id ?? ''}
        dropLabel={
          <span>
            Drop a detector: <code>.tflite</code>, or <code>model.json</code> + shards (+{' '}
            <code>labels.txt</code>), or click to choose.
          </span>
        }
        urlPlaceholder="https://…/detector.tflite"
        cachedTitle="Detectors kept in this browser"
        busy={busy}
        progress={progress}
        notice={
          error && (
            <div
              className="notice notice--error"
              role="alert"
              data-testid="detector-error"
            >
              {error}
            </div>
          )
        }
        cached={cached}
        testIds={{
          drop: 'detector-drop',
          catalog: 'detector-catalog',
          catalogUrl: 'detector-catalog-url',
          url: 'detector-url',
          cached: 'cached-detectors',
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
