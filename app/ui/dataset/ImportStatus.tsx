import { useDataset } from '../../stores/dataset';

/** Progress of the work in hand, the last import's report, and messages after edits. */
export function ImportStatus() {
  const job = useDataset((s) => s.job);
  const report = useDataset((s) => s.report);
  const notice = useDataset((s) => s.notice);
  const error = useDataset((s) => s.error);
  const { cancelJob, dismissReport, dismissNotice, undo } = useDataset.getState();

  return (
    <>
      {job && (
        <div className="progress" data-testid="import-progress" aria-live="polite">
          <div className="progress__label">
            {job.label} · {job.total > 0 ? `${job.done} of ${job.total}` : 'starting…'}
            {job.cancellable && (
              <button type="button" data-testid="cancel-import" onClick={cancelJob}>
                Cancel
              </button>
            )}
          </div>
          <progress
            max={job.total || undefined}
            value={job.total ? job.done : undefined}
          />
        </div>
      )}
      {error && (
        <div className="notice notice--error" role="alert" data-testid="dataset-error">
          {error}{' '}
          <button type="button" onClick={dismissNotice}>
            Dismiss
          </button>
        </div>
      )}
      {notice && (
        <div className="ds-notice" data-testid="dataset-notice" aria-live="polite">
          {notice.message}
          {notice.undoable && (
            <button type="button" data-testid="notice-undo" onClick={() => void undo()}>
              Undo
            </button>
          )}
          <button type="button" aria-label="Dismiss" onClick={dismissNotice}>
            ×
          </button>
        </div>
      )}
      {report && (
        <div className="ds-report" data-testid="import-report" role="status">
          <div className="ds-report__summary">
            <span>
              <strong>{report.title}:</strong>{' '}
              <span data-testid="report-added">{report.added} added</span>
              {report.downscaled > 0 && `, ${report.downscaled} downscaled`}
              {`, ${report.skipped.length} skipped, ${report.duplicates.length} duplicates`}
              {report.cancelled &&
                `, cancelled after ${report.processed} of ${report.total}`}
            </span>
            <button type="button" onClick={dismissReport}>
              Close
            </button>
          </div>
          {report.stopped && (
            <div
              className="notice notice--error"
              role="alert"
              data-testid="report-stopped"
            >
              {report.stopped}
            </div>
          )}
          {report.skipped.length > 0 && (
            <details open={report.skipped.length <= 20}>
              <summary>Skipped</summary>
              <ul data-testid="report-skipped">
                {report.skipped.map((s) => (
                  <li key={s.path} data-path={s.path}>
                    <code>{s.path}</code>: {s.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {report.duplicates.length > 0 && (
            <details open={report.duplicates.length <= 20}>
              <summary>Duplicates (already in the project)</summary>
              <ul data-testid="report-duplicates">
                {report.duplicates.map((d) => (
                  <li key={d.path} data-path={d.path}>
                    <code>{d.path}</code>: same as <code>{d.duplicateOf}</code>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </>
  );
}
