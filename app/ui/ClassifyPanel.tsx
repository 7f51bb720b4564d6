import { useStudio } from '../stores/studio';
import { DropZone } from './DropZone';

/** Drop a photo and read the backbone's own top-5 classes. */
export function ClassifyPanel() {
  const ready = useStudio((s) => s.backbone !== null && s.modelStatus !== 'loading');
  const prediction = useStudio((s) => s.prediction);
  const error = useStudio((s) => s.predictionError);
  const classifying = useStudio((s) => s.classifying);
  const classify = useStudio((s) => s.classify);

  return (
    <section className="panel" aria-labelledby="classify-heading">
      <h2 id="classify-heading">Try the model</h2>
      <DropZone
        testId="photo-drop"
        accept="image/*"
        disabled={!ready}
        label={
          ready
            ? 'Drop a photo to classify it, or click to choose.'
            : 'Load a model first.'
        }
        onFiles={(files) => classify(files[0])}
      />
      {classifying && <p className="hint">Classifying…</p>}
      {error && (
        <div className="notice notice--error" role="alert" data-testid="predict-error">
          {error}
        </div>
      )}
      {prediction && (
        <div className="prediction">
          <img
            src={prediction.imageUrl}
            alt={prediction.fileName}
            className="prediction__image"
          />
          <ol className="prediction__scores" data-testid="predictions">
            {prediction.scores.map((score) => (
              <li key={score.index} data-label={score.label} data-score={score.score}>
                <span className="prediction__label">{score.label}</span>
                <meter min={0} max={1} value={score.score} />
                <span className="prediction__value">
                  {(score.score * 100).toFixed(1)}%
                </span>
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
