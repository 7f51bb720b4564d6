/**
 * The arithmetic and the table of the benchmark report: plain numbers in, plain
 * numbers and Markdown out. No tfjs, so the page, the worker and the Node runner all
 * share it.
 */

/** The spread of one figure over its timed runs. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/**
 * One line of the report. A figure is either measured (`summary`) or not, and then
 * `note` says why; a measured figure may carry a note too (how it was measured).
 */
export interface BenchRow {
  /** Cores, browser and the adapter or renderer that ran this backend, in one line. */
  machine: string;
  /** `webgpu`, `wasm`, `tfjs-tflite (wasm)`, …, or `ours / tfjs-tflite` for a ratio. */
  backend: string;
  figure: string;
  /** `ms`, `images/s`, `GFLOP/s`, `×` (a ratio), … */
  unit: string;
  summary?: Summary;
  note?: string;
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median, min, max and count of a figure's samples. Throws on no samples or a NaN. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('a figure needs at least one sample');
  if (samples.some((value) => !Number.isFinite(value))) {
    throw new Error(`a figure has a sample that is not a finite number: [${samples}]`);
  }
  return {
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    runs: samples.length,
  };
}

/**
 * Ours over theirs for runs taken in alternating rounds: the median is the ratio of the
 * two medians over all runs; min and max are the lowest and highest ratio of one
 * round's medians, which shows how much the machine drifted between rounds. `runs` is
 * the number of rounds. Below 1 means ours takes less of the unit (for times: faster).
 */
export function pairedRatio(
  oursRounds: readonly (readonly number[])[],
  theirsRounds: readonly (readonly number[])[],
): Summary {
  if (oursRounds.length !== theirsRounds.length || oursRounds.length === 0) {
    throw new Error(
      `paired rounds must match and not be empty: ${oursRounds.length} against ` +
        `${theirsRounds.length}`,
    );
  }
  const perRound = oursRounds.map((ours, i) => median(ours) / median(theirsRounds[i]));
  return {
    median: median(oursRounds.flat()) / median(theirsRounds.flat()),
    min: Math.min(...perRound),
    max: Math.max(...perRound),
    runs: oursRounds.length,
  };
}

/**
 * One figure over another measured apart (not in alternating rounds), as a fraction:
 * medians divided; the range is the widest the two ranges allow (lowest over highest,
 * highest over lowest). `runs` is the smaller of the two counts.
 */
export function summaryRatio(numerator: Summary, denominator: Summary): Summary {
  return {
    median: numerator.median / denominator.median,
    min: numerator.min / denominator.max,
    max: numerator.max / denominator.min,
    runs: Math.min(numerator.runs, denominator.runs),
  };
}

/** Three significant digits, without exponent notation for the sizes seen here. */
export function formatNumber(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, 2 - magnitude);
  return value.toFixed(Math.min(decimals, 4));
}

const COLUMNS = ['machine', 'backend', 'figure', 'median', 'min', 'max', 'runs', 'note'];

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * The report as a Markdown table, one row per figure. Numbers carry their unit; a
 * figure that was not measured shows `not measured` and its reason instead.
 */
export function formatTable(rows: readonly BenchRow[]): string {
  const lines = [
    `| ${COLUMNS.join(' | ')} |`,
    `|${COLUMNS.map(() => ' --- ').join('|')}|`,
  ];
  for (const row of rows) {
    const s = row.summary;
    const unit = row.unit === '×' ? '×' : ` ${row.unit}`;
    const cells = s
      ? [
          `${formatNumber(s.median)}${unit}`,
          `${formatNumber(s.min)}${unit}`,
          `${formatNumber(s.max)}${unit}`,
          String(s.runs),
        ]
      : ['not measured', '', '', '0'];
    const values = [row.machine, row.backend, row.figure, ...cells, row.note ?? ''];
    lines.push(`| ${values.map(escapeCell).join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}
