import type { BackendResults } from '../../stores/bench';

const BAR_HEIGHT = 18;
const GAP = 6;
const LABEL_WIDTH = 170;
const CHART_WIDTH = 560;

interface Bar {
  label: string;
  imagesPerSecond: number;
}

/** Images per second at each batch size, per backend: latency turned into a rate. */
function barsOf(results: BackendResults[]): Bar[] {
  const bars: Bar[] = [];
  for (const result of results) {
    for (const row of result.rows) {
      if (!row.summary) continue;
      if (row.figure === 'latency, batch 1' && row.unit === 'ms') {
        bars.push({
          label: `${result.backend} · batch 1`,
          imagesPerSecond: 1000 / row.summary.median,
        });
      } else if (row.figure.startsWith('throughput, batch') && row.unit === 'images/s') {
        const batch = row.figure.replace('throughput, ', '');
        bars.push({
          label: `${result.backend} · ${batch}`,
          imagesPerSecond: row.summary.median,
        });
      }
    }
  }
  return bars;
}

/**
 * A horizontal bar chart of images per second (median), one bar per backend and batch
 * size. Plain SVG: a dozen bars need no chart library.
 */
export function BenchChart({ results }: { results: BackendResults[] }) {
  const bars = barsOf(results);
  if (bars.length === 0) return null;
  const top = Math.max(...bars.map((bar) => bar.imagesPerSecond));
  const height = bars.length * (BAR_HEIGHT + GAP);
  const scale = (CHART_WIDTH - LABEL_WIDTH - 110) / top;

  return (
    <svg
      className="bench-chart"
      data-testid="bench-chart"
      viewBox={`0 0 ${CHART_WIDTH} ${height}`}
      width={CHART_WIDTH}
      height={height}
      role="img"
      aria-label="images per second by backend and batch size"
    >
      {bars.map((bar, i) => {
        const y = i * (BAR_HEIGHT + GAP);
        const width = Math.max(1, bar.imagesPerSecond * scale);
        return (
          <g key={bar.label}>
            <text
              x={LABEL_WIDTH - 8}
              y={y + BAR_HEIGHT - 5}
              textAnchor="end"
              className="bench-chart__label"
            >
              {bar.label}
            </text>
            <rect
              x={LABEL_WIDTH}
              y={y}
              width={width}
              height={BAR_HEIGHT}
              className="bench-chart__bar"
            />
            <text
              x={LABEL_WIDTH + width + 6}
              y={y + BAR_HEIGHT - 5}
              className="bench-chart__value"
            >
              {bar.imagesPerSecond.toFixed(1)} images/s
            </text>
          </g>
        );
      })}
    </svg>
  );
}
