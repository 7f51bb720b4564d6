import { formatBytes, type LoadProgress } from '../stores/studio';

/** A labelled progress bar: bytes of total while downloading, steps after. */
export function ProgressBar({ progress }: { progress: LoadProgress }) {
  const { stage, done, total, unit } = progress;
  const known = total > 0;
  const amount =
    unit === 'bytes'
      ? known
        ? `${formatBytes(done)} of ${formatBytes(total)}`
        : formatBytes(done)
      : `step ${Math.min(done + 1, total)} of ${total}`;

  return (
    <div className="progress" data-testid="load-progress">
      <div className="progress__label">
        {stage} · {amount}
      </div>
      <progress max={known ? total : undefined} value={known ? done : undefined} />
    </div>
  );
}
