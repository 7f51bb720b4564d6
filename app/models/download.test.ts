import { describe, expect, it } from 'vitest';
import { checkModelUrl, formatBytes, ModelDownloadError } from './download';

const PAGE = 'http://127.0.0.1:4173';

describe('checkModelUrl', () => {
  it('takes https anywhere and any path on the page origin', () => {
    expect(checkModelUrl('https://example.org/m.tflite', PAGE).href).toBe(
      'https://example.org/m.tflite',
    );
    expect(checkModelUrl('/__shared/m.tflite', PAGE).href).toBe(
      `${PAGE}/__shared/m.tflite`,
    );
  });

  it('refuses plain http elsewhere, and other schemes', () => {
    for (const url of [
      'http://example.org/m.tflite',
      'javascript:alert(1)',
      'file:///m.tflite',
    ]) {
      expect(() => checkModelUrl(url, PAGE)).toThrow(ModelDownloadError);
    }
    expect(() => checkModelUrl('http://example.org/m.tflite', PAGE)).toThrow(
      /only https/,
    );
  });
});

describe('formatBytes', () => {
  it('writes sizes in decimal units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(4_160_372)).toBe('4.2 MB');
    expect(formatBytes(2_500_000_000)).toBe('2.50 GB');
  });
});

describe('catalog', () => {
  it('lists EfficientNet-Lite0..4 and EfficientDet-Lite0..4 with https URLs', async () => {
    const { MODEL_CATALOG, DEFAULT_BACKBONE_ID, findCatalogModel } =
      await import('./catalog');
    for (const family of ['efficientnet-lite', 'efficientdet-lite']) {
      const sizes = new Set(
        MODEL_CATALOG.filter((m) => m.family === family).map((m) => m.inputSize),
      );
      expect(sizes.size).toBe(5);
    }
    expect(MODEL_CATALOG.every((m) => m.url.startsWith('https://'))).toBe(true);
    expect(new Set(MODEL_CATALOG.map((m) => m.id)).size).toBe(MODEL_CATALOG.length);
    expect(findCatalogModel(DEFAULT_BACKBONE_ID)?.inputSize).toBe(224);
  });
});
