import { describe, expect, it } from 'vitest';
import {
  runsOnSoftwareGpu,
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
