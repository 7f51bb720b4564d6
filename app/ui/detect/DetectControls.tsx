import { useDetection } from '../../stores/detection';

const NO_LABELS: readonly string[] = [];

/** Score and IoU thresholds, maximum detections, and the classes to show. */
export function DetectControls() {
  const options = useDetection((s) => s.options);
  const labels = useDetection((s) => s.detector?.labels ?? NO_LABELS);
  const setOptions = useDetection((s) => s.setOptions);
  const shown = options.classFilter ?? [];

  return (
    <section className="panel detect-controls" aria-labelledby="detect-controls-heading">
      <h2 id="detect-controls-heading">Detection settings</h2>
      <label className="detect-controls__slider">
        Score threshold{' '}
        <output data-testid="score-value">{options.scoreThreshold.toFixed(2)}</output>
        <input
          type="range"
          min={0.05}
          max={0.95}
          step={0.05}
          value={options.scoreThreshold}
          data-testid="score-threshold"
          onChange={(event) => setOptions({ scoreThreshold: Number(event.target.value) })}
        />
      </label>
      <label className="detect-controls__slider">
        NMS IoU threshold{' '}
        <output data-testid="iou-value">
          {options.iouThreshold >= 1 ? 'off' : options.iouThreshold.toFixed(2)}
        </output>
        <input
          type="range"
          min={0.1}
          max={1}
          step={0.05}
          value={options.iouThreshold}
          data-testid="iou-threshold"
          onChange={(event) => setOptions({ iouThreshold: Number(event.target.value) })}
        />
      </label>
      <p className="hint">
        The studio suppresses overlapping boxes of one class above this IoU; at 1 it keeps
        what the model returns.
      </p>
      <label>
        Maximum detections{' '}
        <input
          type="number"
          min={1}
          max={500}
          value={options.maxDetections}
          data-testid="max-detections"
          onChange={(event) => {
            const value = Math.round(Number(event.target.value));
            if (value >= 1) setOptions({ maxDetections: value });
          }}
        />
      </label>
      <div className="detect-controls__classes">
        <label>
          Classes to show ({shown.length === 0 ? 'all' : `${shown.length} chosen`}){' '}
          <select
            multiple
            size={6}
            disabled={labels.length === 0}
            value={shown.map(String)}
            data-testid="class-filter"
            onChange={(event) => {
              const ids = Array.from(event.target.selectedOptions, (option) =>
                Number(option.value),
              );
              setOptions({ classFilter: ids.length > 0 ? ids : undefined });
            }}
          >
            {labels.map((label, id) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={shown.length === 0}
          onClick={() => setOptions({ classFilter: undefined })}
        >
          Show all
        </button>
      </div>
    </section>
  );
}
