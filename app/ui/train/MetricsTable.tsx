import type { ScoredSet } from '../../stores/training';

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** Accuracy, then precision, recall and F1 of each class, with its number of images. */
export function MetricsTable({ scored }: { scored: ScoredSet }) {
  const { evaluation } = scored.report;
  return (
    <div className="metrics">
      <p>
        <span data-testid="scored-kind">
          {scored.kind === 'test' ? 'Test' : 'Validation'}
        </span>{' '}
        accuracy:{' '}
        <strong data-testid="accuracy" data-value={evaluation.accuracy}>
          {percent(evaluation.accuracy)}
        </strong>{' '}
        on {evaluation.count} images
      </p>
      <table className="metrics__table" data-testid="class-metrics">
        <thead>
          <tr>
            <th scope="col">class</th>
            <th scope="col">precision</th>
            <th scope="col">recall</th>
            <th scope="col">F1</th>
            <th scope="col">images</th>
          </tr>
        </thead>
        <tbody>
          {evaluation.perClass.map((metrics, c) => (
            <tr key={scored.labels[c]}>
              <th scope="row">{scored.labels[c]}</th>
              <td>{percent(metrics.precision)}</td>
              <td>{percent(metrics.recall)}</td>
              <td>{percent(metrics.f1)}</td>
              <td>{metrics.support}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
