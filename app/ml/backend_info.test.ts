import { describe, expect, it } from 'vitest';
import {
  runsOnSoftwareGpu,
  wasmThreadTarget,
  type AdapterReport,
  type BackendReport,
} from './backend_info';

const adapter = (fields: Partial<AdapterReport>): AdapterReport => ({
  vendor: '',
  architecture: '',
  device: '',
  description: '',
  isFallbackAdapter: false,
  ...fields,
});

const report = (fields: Partial<BackendReport>): BackendReport => ({
  name: 'webgpu',
  skipped: [],
  ...fields,
});

describe('runsOnSoftwareGpu', () => {
  it('knows WebGPU fallback adapters and software rasterisers by name', () => {
    expect(
      runsOnSoftwareGpu(report({ adapter: adapter({ isFallbackAdapter: true }) })),
    ).toBe(true);
    expect(
      runsOnSoftwareGpu(
        report({ adapter: adapter({ vendor: 'google', architecture: 'swiftshader' }) }),
      ),
    ).toBe(true);
    expect(
      runsOnSoftwareGpu(
        report({
          name: 'webgl',
          renderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)))',
        }),
      ),
    ).toBe(true);
    expect(
      runsOnSoftwareGpu(report({ name: 'webgl', renderer: 'llvmpipe (LLVM 15.0.6)' })),
    ).toBe(true);
  });

  it('takes hardware adapters and non-GPU backends for what they are', () => {
    expect(
      runsOnSoftwareGpu(
        report({ adapter: adapter({ vendor: 'nvidia', architecture: 'hopper' }) }),
      ),
    ).toBe(false);
    expect(
      runsOnSoftwareGpu(
        report({ name: 'webgl', renderer: 'ANGLE (NVIDIA, NVIDIA H200 Direct3D11)' }),
      ),
    ).toBe(false);
    expect(runsOnSoftwareGpu(report({ name: 'wasm' }))).toBe(false);
    expect(runsOnSoftwareGpu(report({ name: 'cpu' }))).toBe(false);
  });
});

describe('wasmThreadTarget', () => {
  it('uses every core of a small machine', () => {
    expect(wasmThreadTarget(1)).toBe(1);
    expect(wasmThreadTarget(2)).toBe(2);
    expect(wasmThreadTarget(4)).toBe(4);
  });

  it('leaves one core for the page on larger machines, and stops at eight', () => {
    expect(wasmThreadTarget(6)).toBe(5);
    expect(wasmThreadTarget(8)).toBe(7);
    expect(wasmThreadTarget(16)).toBe(8);
    expect(wasmThreadTarget(64)).toBe(8);
  });

  it('takes one thread when the browser gives no usable count', () => {
    expect(wasmThreadTarget(0)).toBe(1);
    expect(wasmThreadTarget(Number.NaN)).toBe(1);
  });
});
