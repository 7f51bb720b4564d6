import { useState } from 'react';
import { EVALUATION_OPTIONS, useDetection } from '../../stores/detection';

/** mAP of the loaded detector on a labelled folder in YOLO layout. */
export function EvaluatePanel() {
  const ready = useDetection((s) => s.detector !== null && s.loadStatus !== 'loading');
  const evaluation = useDetection((s) => s.evaluation);
  const iouThreshold = useDetection((s) => s.options.iouThreshold);
  const { evaluateFolder, cancelEvaluation } = useDetection.getState();
  const [files, setFiles] = useState<File[]>([]);
  const [limit, setLimit] = useState('');
  const running = evaluation.status === 'running';
  const { result } = evaluation;

  return (
    <section className="panel detect-evaluate" aria-labelledby="evaluate-heading">
      <h2 id="evaluate-heading">Evaluate on a labelled set</h2>
      <p className="hint">
        Choose a folder in YOLO layout: <code>images/</code>, <code>labels/*.txt</code> (
        <code>class cx cy w h</code>, normalised) and <code>classes.txt</code>. Detections
        are matched to the folder's classes by name and scored with COCO's mAP (score ≥{' '}
        {EVALUATION_OPTIONS.scoreThreshold}, at most {EVALUATION_OPTIONS.maxDetections} an
        image, NMS IoU {iouThreshold >= 1 ? 'off' : iouThreshold.toFixed(2)}).
      </p>
      <div className="row">
        <label>
          Folder{' '}
          <input
            type="file"
            data-testid="evaluate-folder"
            ref={(input) => input?.setAttribute('webkitdirectory', '')}
            onChange={(event) => setFiles(Array.from(event.target.files ?? []))}
          />
        </label>
        <label>
          First{' '}
          <input
            type="number"
            min={1}
            placeholder="all"
            value={limit}
            className="detect-evaluate__limit"
            data-testid="evaluate-limit"
            onChange={(event) => setLimit(event.target.value)}
          />{' '}
          images
        </label>
        <button
          type="button"
          className="primary"
          disabled={!ready || running || files.length === 0}
          data-testid="evaluate-run"
          onClick={() => evaluateFolder(files, limit ? Number(limit) : undefined)}
        >
          Evaluate
        </button>
        {running && (
          <button type="button" data-testid="evaluate-cancel" onClick={cancelEvaluation}>
            Cancel
          </button>
        )}
      </div>
      {files.length > 0 && <p className="hint">{files.length} files chosen.</p>}
      {running && (
        <div className="progress" data-testid="evaluate-progress">
          <div className="progress__label">
            image {evaluation.done} of {evaluation.total}
          </div>
          <progress max={evaluation.total} value={evaluation.done} />
        </div>
      )}
      {evaluation.error && (
        <div className="notice notice--error" role="alert" data-testid="evaluate-error">
          {evaluation.error}
        </div>
      )}
      {result && evaluation.status === 'done' && (
        <div data-testid="evaluate-result">
          <p className="detect-evaluate__summary">
            mAP@0.5{' '}
            <strong data-testid="map50" data-value={result.map50}>
              {(result.map50 * 100).toFixed(1)}
            </strong>{' '}
            · mAP@0.5:0.95{' '}
            <strong data-testid="map50to95" data-value={result.map50to95}>
              {(result.map50to95 * 100).toFixed(1)}
            </strong>
          </p>
          <p className="hint" data-testid="evaluate-counts">
            {result.imageCount} images, {result.groundTruthCount} labelled boxes,{' '}
            {result.detectionCount} detections,{' '}
            {(result.detectMs / Math.max(1, result.imageCount)).toFixed(0)} ms an image
          </p>
          {result.problemCount > 0 && (
            <details className="notice notice--warn" data-testid="evaluate-problems">
              <summary>{result.problemCount} label lines or images skipped</summary>
              <ul>
                {result.problems.map((p, i) => (
                  <li key={i}>
                    {p.file}
                    {p.line > 0 && `:${p.line}`}: {p.message}
                  </li>
                ))}
              </ul>
            </details>
          )}
          <table className="detect-evaluate__table" data-testid="per-class-ap">
            <thead>
              <tr>
                <th>class</th>
                <th>boxes</th>
                <th>AP@0.5</th>
                <th>AP@0.5:0.95</th>
              </tr>
            </thead>
            <tbody>
              {result.perClass.map((c) => (
                <tr key={c.classId} data-class={result.classNames[c.classId]}>
                  <td>{result.classNames[c.classId] ?? `class ${c.classId}`}</td>
                  <td>{c.groundTruthCount}</td>
                  <td>{(c.ap50 * 100).toFixed(1)}</td>
                  <td>{(c.ap50to95 * 100).toFixed(1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
