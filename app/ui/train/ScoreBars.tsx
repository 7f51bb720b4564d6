import type { ClassScore } from '../../ml/classify';

/** Top-k classes as labelled bars. */
export function ScoreBars({ scores, testId }: { scores: ClassScore[]; testId: string }) {
  return (
    <ol className="prediction__scores" data-testid={testId}>
      {scores.map((score) => (
        <li key={score.index} data-label={score.label} data-score={score.score}>
          <span className="prediction__label">{score.label}</span>
          <meter min={0} max={1} value={score.score} />
          <span className="prediction__value">{(score.score * 100).toFixed(1)}%</span>
        </li>
      ))}
    </ol>
  );
}
