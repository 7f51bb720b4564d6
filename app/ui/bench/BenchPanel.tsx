import { useState } from 'react';
import { formatNumber } from '../../ml/bench/stats';
import { BENCH_PLANS, useBench, type BenchPlanName } from '../../stores/bench';
import { useStudio } from '../../stores/studio';
import { DropZone } from '../DropZone';
import { BenchChart } from './BenchChart';
import './bench.css';

/**
 * Settings: benchmark the loaded backbone on this machine's backend, on photos the user
 * drops. Results per backend are kept; switching the backend setting and running again
 * adds that backend's rows.
 */
export function BenchPanel() {
  const backbone = useStudio((s) => s.backbone);
  const { status, progress, error, cancelled, results, run, cancel, forget } = useBench();
  const [photos, setPhotos] = useState<File[]>([]);
  const [planName, setPlanName] = useState<BenchPlanName>('quick');
  const entries = Object.values(results);

  return (
    <section
      className="panel bench"
      aria-labelledby="bench-heading"
      data-testid="bench-panel"
    >
      <h2 id="bench-heading">Settings · Benchmark</h2>
      <p className="hint">
        Times the loaded model on this machine with the current backend: first run,
        latency at batch 1, throughput at larger batches, and how much of the backend's
        matmul speed the model reaches. Change the backend setting and run again to
        compare backends.
      </p>
      <DropZone
        testId="bench-photos"
        accept="image/*"
        multiple
        label={
          photos.length > 0
            ? `${photos.length} photos to run the model on (drop others to replace them)`
            : 'Drop a few photos to run the model on, or click to choose.'
        }
        onFiles={setPhotos}
      />
      <div className="row">
        <label>
          Length{' '}
          <select
            data-testid="bench-plan"
            value={planName}
            disabled={status === 'running'}
            onChange={(event) => setPlanName(event.target.value as BenchPlanName)}
          >
            {Object.entries(BENCH_PLANS).map(([name, plan]) => (
              <option key={name} value={name}>
                {name}: batches {plan.batchSizes.join(', ')}, up to {plan.timing.runs}{' '}
                runs each
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          data-testid="bench-run"
          disabled={status === 'running' || !backbone || photos.length === 0}
          onClick={() => void run(photos, planName)}
        >
          Run benchmark
        </button>
        {status === 'running' && (
          <button type="button" data-testid="bench-cancel" onClick={cancel}>
            Cancel
          </button>
        )}
        {entries.length > 0 && (
          <button type="button" onClick={forget} disabled={status === 'running'}>
            Forget results
          </button>
        )}
      </div>
      {!backbone && <p className="hint">Load a backbone first.</p>}
      {progress && (
        <div className="progress" data-testid="bench-progress">
          <div className="progress__label">
            Running: {progress.stage} ({progress.done} of {progress.total} steps done)
          </div>
          <progress max={progress.total} value={progress.done} />
        </div>
      )}
      {cancelled && (
        <p className="hint" data-testid="bench-cancelled">
          Benchmark cancelled; nothing of that run was kept.
        </p>
      )}
      {error && (
        <div className="notice notice--error" role="alert" data-testid="bench-error">
          {error}
        </div>
      )}
      {entries.length > 0 && (
        <>
          <BenchChart results={entries} />
          <table className="bench-table" data-testid="bench-table">
            <thead>
              <tr>
                <th>backend</th>
                <th>figure</th>
                <th>median</th>
                <th>min</th>
                <th>max</th>
                <th>runs</th>
              </tr>
            </thead>
            <tbody>
              {entries.flatMap((entry) =>
                entry.rows.map((row) => (
                  <tr
                    key={`${entry.backend}:${row.figure}`}
                    title={[row.machine, entry.model, row.note]
                      .filter(Boolean)
                      .join('; ')}
                  >
                    <td>{row.backend}</td>
                    <td>{row.figure}</td>
                    <td>
                      {row.summary
                        ? `${formatNumber(row.summary.median)} ${row.unit}`
                        : '–'}
                    </td>
                    <td>{row.summary ? formatNumber(row.summary.min) : '–'}</td>
                    <td>{row.summary ? formatNumber(row.summary.max) : '–'}</td>
                    <td>{row.summary?.runs ?? 0}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
          <p className="hint">Machine: {entries[0].machine}</p>
        </>
      )}
    </section>
  );
}
