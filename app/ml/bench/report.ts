/**
 * Turns measured figures into report rows: the machine line, one row per figure, and
 * the rows derived from others (backbone efficiency). Plain data, no tfjs.
 */
import { describeAdapter, describeWasm, type BackendReport } from '../backend_info';
import type { FigureSamples } from './plan';
import { summarize, summaryRatio, type BenchRow } from './stats';

/** The browser's name and major version from its user agent: `Chromium 156`. */
export function browserName(userAgent: string): string {
  const chrome = /(?:HeadlessChrome|Chrome|Chromium)\/(\d+)/.exec(userAgent);
  if (chrome) return `Chromium ${chrome[1]}`;
  const firefox = /Firefox\/(\d+)/.exec(userAgent);
  if (firefox) return `Firefox ${firefox[1]}`;
  const safari = /Version\/(\d+)[\d.]* Safari/.exec(userAgent);
  if (safari) return `Safari ${safari[1]}`;
  return 'unknown browser';
}

/** What runs a backend's kernels: the GPU adapter, the GL renderer, WASM's features. */
export function backendDevice(report: BackendReport): string {
  if (report.adapter) return describeAdapter(report.adapter);
  if (report.renderer) return report.renderer;
  if (report.name === 'wasm') {
    return `WASM, ${describeWasm(report)}`;
  }
  return 'JavaScript on the CPU';
}

/** The machine column: `2 cores, Chromium 156, google swiftshader (fallback)`. */
export function machineLine(cores: number, browser: string, device: string): string {
  return `${cores} cores, ${browser}, ${device}`;
}

/**
 * One row per measured figure, then the backbone's efficiency (achieved GFLOP/s over the
 * same backend's matmul GFLOP/s) and the training speed-up (naive time over cached
 * time) when both of their figures were measured. `notes` adds a remark to
 * every row of this backend (e.g. that it ran on a software rasteriser).
 */
export function figureRows(
  machine: string,
  backend: string,
  figures: readonly FigureSamples[],
  notes: string[] = [],
): BenchRow[] {
  const rows: BenchRow[] = figures.map((figure) => ({
    machine,
    backend,
    figure: figure.figure,
    unit: figure.unit,
    summary: summarize(figure.samples),
    note: [figure.note, ...notes].filter(Boolean).join('; ') || undefined,
  }));

  const achieved = figures.find((figure) => figure.key === 'backbone-gflops');
  const peak = figures.find((figure) => figure.key === 'matmul-gflops');
  if (achieved && peak) {
    rows.push({
      machine,
      backend,
      figure: 'efficiency: backbone GFLOP/s over matmul GFLOP/s',
      unit: '×',
      summary: summaryRatio(summarize(achieved.samples), summarize(peak.samples)),
      note: [`${achieved.figure} / ${peak.figure}`, ...notes].join('; '),
    });
  }

  const cached = figures.find((figure) => figure.key === 'train-cached');
  const naive = figures.find((figure) => figure.key === 'train-naive');
  if (cached && naive) {
    rows.push({
      machine,
      backend,
      figure: 'training speed-up of cached embeddings over re-embedding',
      unit: '×',
      summary: summaryRatio(summarize(naive.samples), summarize(cached.samples)),
      note: [`${naive.figure} / ${cached.figure}`, ...notes].join('; '),
    });
  }
  return rows;
}
