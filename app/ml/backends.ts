import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import {
  getThreadsCount,
  setThreadsCount,
  setWasmPaths,
} from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import {
  BACKEND_ORDER,
  describeAdapter,
  SOFTWARE_DEVICE,
  wasmThreadTarget,
  type AdapterReport,
  type BackendName,
  type BackendReport,
} from './backend_info';

export type { AdapterReport, BackendName, BackendReport };

/** Asks the browser for a WebGPU adapter and describes it; null when there is none. */
export async function probeWebGpuAdapter(): Promise<AdapterReport | null> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return null;
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return null;

  const info = adapter.info;
  const legacyFallback = (adapter as unknown as { isFallbackAdapter?: boolean })
    .isFallbackAdapter;
  const infoFallback = (info as unknown as { isFallbackAdapter?: boolean })
    .isFallbackAdapter;
  return {
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    device: info?.device ?? '',
    description: info?.description ?? '',
    isFallbackAdapter: Boolean(infoFallback ?? legacyFallback),
  };
}

/** The unmasked WebGL renderer of an offscreen context, or null without WebGL 2. */
export function probeWebGlRenderer(): string | null {
  if (typeof OffscreenCanvas === 'undefined') return null;
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return null;
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = debug
    ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL)
    : gl.getParameter(gl.RENDERER);
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return String(renderer);
}

function configureWasm(): void {
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlainUrl,
    'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
  });
}

/**
 * What the WASM backend that started actually runs: SIMD as tfjs detected it, and the
 * threads in XNNPACK's pool.
 */
async function wasmFeatures(): Promise<{ simd: boolean; threads: number }> {
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  return { simd, threads: getThreadsCount() };
}

/**
 * Starts the WASM backend with one XNNPACK thread per core (see `wasmThreadTarget`).
 *
 * tfjs-backend-wasm 4.22 caps its pool at `navigator.hardwareConcurrency / 2`, taking
 * every logical core for half of a hyper-threaded pair, whatever `setThreadsCount`
 * asks: on a 2-core VM, or any machine without SMT, that is half the cores, and on
 * two cores one thread. Its module reads the count once, while it is instantiated, so
 * for that moment this worker's navigator reports twice the target, and the target is
 * what `setThreadsCount` asks for; the real count is back as soon as the backend has
 * started. The threads actually running are read back from XNNPACK and reported.
 */
async function startWasm(): Promise<boolean> {
  const nav = globalThis.navigator as Navigator | undefined;
  const target = wasmThreadTarget(nav?.hardwareConcurrency ?? 1);
  setThreadsCount(target);
  let shadowed = false;
  if (nav && globalThis.crossOriginIsolated) {
    try {
      Object.defineProperty(nav, 'hardwareConcurrency', {
        value: target * 2,
        configurable: true,
      });
      shadowed = true;
    } catch {
      // A navigator that refuses the property keeps tfjs's own count.
    }
  }
  try {
    return await tryStart('wasm');
  } finally {
    if (shadowed) delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

async function tryStart(name: BackendName): Promise<boolean> {
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/**
 * Starts the best backend this browser offers, or the forced one when it can start.
 *
 * Order: WebGPU on a hardware adapter; WebGL on a hardware renderer; WASM (SIMD; the
 * threaded build when the page is cross-origin isolated); CPU. A forced backend skips the hardware
 * checks (WebGPU on a software adapter is allowed when asked for), and falls back down
 * the same order when it cannot start.
 */
export async function startBackend(requested?: BackendName): Promise<BackendReport> {
  const skipped: string[] = [];
  const candidates: BackendName[] = requested
    ? [requested, ...BACKEND_ORDER.filter((name) => name !== requested)]
    : [...BACKEND_ORDER];

  for (const name of candidates) {
    const forced = name === requested;
    const report: BackendReport = { name, requested, skipped };

    if (name === 'webgpu') {
      const adapter = await probeWebGpuAdapter().catch(() => null);
      if (!adapter) {
        skipped.push('webgpu: no WebGPU adapter in this browser');
        continue;
      }
      if (adapter.isFallbackAdapter && !forced) {
        skipped.push(
          `webgpu: only a software (fallback) adapter: ${describeAdapter(adapter)}`,
        );
        continue;
      }
      report.adapter = adapter;
    }

    if (name === 'webgl') {
      const renderer = probeWebGlRenderer();
      if (!renderer) {
        skipped.push('webgl: no WebGL 2 context');
        continue;
      }
      if (SOFTWARE_DEVICE.test(renderer) && !forced) {
        skipped.push(`webgl: software renderer (${renderer})`);
        continue;
      }
      report.renderer = renderer;
    }

    if (name === 'wasm') configureWasm();

    if (await (name === 'wasm' ? startWasm() : tryStart(name))) {
      await tf.ready();
      if (name === 'wasm') {
        const { simd, threads } = await wasmFeatures();
        report.wasmSimd = simd;
        report.wasmThreads = threads;
      }
      return report;
    }
    skipped.push(`${name}: failed to start${forced ? ' (it was forced)' : ''}`);
  }
  throw new Error(`no TensorFlow.js backend could start: ${skipped.join('; ')}`);
}
