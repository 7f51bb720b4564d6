import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCompleteJpeg, readImageSize, sniffImageFormat } from './image_format';
import { SHARED_DIR } from './test_support';

const photo = (name: string) =>
  new Uint8Array(readFileSync(resolve(SHARED_DIR, 'images', name)));

describe('image formats', () => {
  it('recognises real JPEGs and reads their size from the header', () => {
    const bytes = photo('samoyed.jpg');
    expect(sniffImageFormat(bytes.subarray(0, 16))).toBe('jpeg');
    const size = readImageSize(bytes, 'jpeg');
    expect(size!.width).toBeGreaterThan(0);
    expect(size!.height).toBeGreaterThan(0);
  });

  it('tells complete JPEGs from cut ones', () => {
    const names = [
      'samoyed.jpg',
      'cat.jpg',
      'bird.jpg',
      'sunflower.jpg',
      'grace_hopper.jpg',
    ];
    for (const name of names) {
      const bytes = photo(name);
      expect(isCompleteJpeg(bytes), name).toBe(true);
      expect(isCompleteJpeg(bytes.subarray(0, bytes.length >> 1)), name).toBe(false);
      expect(isCompleteJpeg(bytes.subarray(0, bytes.length - 2)), name).toBe(false);
      const trailing = new Uint8Array([...bytes, 0, 1, 2, 3]);
      expect(isCompleteJpeg(trailing), name).toBe(true);
    }
  });

  it('reads PNG and GIF sizes', () => {
    const png = new Uint8Array(24);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(readImageSize(png, 'png')).toBeNull();
    png.set(new TextEncoder().encode('IHDR'), 12);
    new DataView(png.buffer).setUint32(16, 640);
    new DataView(png.buffer).setUint32(20, 480);
    expect(sniffImageFormat(png)).toBe('png');
    expect(readImageSize(png, 'png')).toEqual({ width: 640, height: 480 });
    expect(sniffImageFormat(new TextEncoder().encode('%PDF-1.7'))).toBeNull();
  });
});
