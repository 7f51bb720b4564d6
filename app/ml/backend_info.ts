/**
 * Names and reports of the tfjs backends: plain data, importable by the page without
 * pulling TensorFlow.js into the main thread.
 */

/** The tfjs backends the studio knows, fastest first on a machine with a real GPU. */
export const BACKEND_ORDER = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_ORDER)[number];

export function isBackendName(value: unknown): value is BackendName {
  return (
    typeof value === 'string' && (BACKEND_ORDER as readonly string[]).includes(value)
  );
}

/** What the WebGPU adapter says of itself. */
export interface AdapterReport {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
}

/** Which backend runs, why, and on what. */
export interface BackendReport {
  name: BackendName;
  /** The backend the user forced, when one was forced. */
  requested?: BackendName;
  /** One line per backend passed over, saying why. */
  skipped: string[];
  adapter?: AdapterReport;
  /** The WebGL renderer string, when WebGL runs. */
  renderer?: string;
  wasmSimd?: boolean;
  /** Threads in the WASM backend's XNNPACK pool, as the started backend reports them. */
  wasmThreads?: number;
}

/** The most threads tfjs's threaded WASM build can use: it starts eight pthread workers. */
export const WASM_MAX_THREADS = 8;

/**
 * How many threads the WASM backend's XNNPACK pool should run on a machine with this
 * many logical cores: all of them up to four (the ML worker's own thread is one of
 * them), one left for the page above that, never more than tfjs's eight workers.
 */
export function wasmThreadTarget(logicalCores: number): number {
  const cores = Number.isFinite(logicalCores) ? Math.floor(logicalCores) : 1;
  if (cores <= 1) return 1;
  const wanted = cores <= 4 ? cores : cores - 1;
  return Math.min(wanted, WASM_MAX_THREADS);
}

/** WASM's features in a few words, e.g. `SIMD on, 1 thread`. */
export function describeWasm(report: BackendReport): string {
  const threads = report.wasmThreads ?? 1;
  return `SIMD ${report.wasmSimd ? 'on' : 'off'}, ${threads} thread${threads === 1 ? '' : 's'}`;
}

/** One line naming an adapter, e.g. `google swiftshader (fallback)`. */
export function describeAdapter(adapter: AdapterReport): string {
  const parts = [adapter.vendor, adapter.architecture, adapter.device]
    .filter((part) => part)
    .join(' ');
  const name = parts || adapter.description || 'unknown adapter';
  return adapter.isFallbackAdapter ? `${name} (fallback)` : name;
}

/** Names of software rasterisers, which stand in for a GPU on machines without one. */
export const SOFTWARE_DEVICE = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/**
 * Whether the backend's "GPU" is a software rasteriser (WebGPU's fallback adapter,
 * SwiftShader, llvmpipe): there a batch of 32 takes minutes, not milliseconds.
 */
export function runsOnSoftwareGpu(report: BackendReport): boolean {
  if (report.name !== 'webgpu' && report.name !== 'webgl') return false;
  const { adapter, renderer } = report;
  if (adapter?.isFallbackAdapter) return true;
  const names = [adapter?.vendor, adapter?.architecture, adapter?.device]
    .concat(adapter?.description, renderer)
    .filter(Boolean)
    .join(' ');
  return SOFTWARE_DEVICE.test(names);
}
