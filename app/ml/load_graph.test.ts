import { describe, expect, it } from 'vitest';
import { detectGraphFormat, readableLabel } from './load_graph';

const bytes = new ArrayBuffer(1);

describe('readableLabel', () => {
  it('drops an ImageNet synset prefix and keeps other labels', () => {
    expect(readableLabel('n02111889-Samoyed')).toBe('Samoyed');
    expect(readableLabel('Samoyed')).toBe('Samoyed');
    expect(readableLabel('n0211-short')).toBe('n0211-short');
  });
});

describe('detectGraphFormat', () => {
  it('tells a tfjs graph model from a TFLite file', () => {
    expect(
      detectGraphFormat([
        { name: 'model.json', bytes },
        { name: 'a.bin', bytes },
      ]),
    ).toBe('tfjs-graph');
    expect(detectGraphFormat([{ name: 'x.tflite', bytes }])).toBe('tflite');
  });

  it('refuses a set of files it cannot place', () => {
    expect(() =>
      detectGraphFormat([
        { name: 'a.bin', bytes },
        { name: 'b.bin', bytes },
      ]),
    ).toThrow(/cannot tell the model format/);
  });
});
