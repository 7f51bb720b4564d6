import { describe, expect, it } from 'vitest';
import { classFolderDepth, placeForPath } from './class_paths';

const classOf = (path: string, depth: 0 | 1) => placeForPath(path, depth)?.className;

describe('class folders', () => {
  it('takes the subfolders of one dropped root as classes', () => {
    const paths = ['train/hat/a.jpg', 'train/shoes/b.jpg', 'train/shoes/more/c.jpg'];
    expect(classFolderDepth(paths)).toBe(1);
    expect(paths.map((p) => placeForPath(p, 1))).toEqual([
      { className: 'hat', isTest: false },
      { className: 'shoes', isTest: false },
      { className: 'shoes', isTest: false },
    ]);
  });

  it('takes top-level folders as classes in a zip or a drop of several folders', () => {
    const paths = ['hat/a.jpg', 'shoes/b.jpg'];
    expect(classFolderDepth(paths)).toBe(0);
    expect(classFolderDepth(['hat/a.jpg', 'hat/b.jpg'])).toBe(0);
    expect(paths.map((p) => classOf(p, 0))).toEqual(['hat', 'shoes']);
  });

  it('gives no class to files outside any folder', () => {
    expect(classFolderDepth(['a.jpg', 'hat/b.jpg'])).toBe(0);
    expect(placeForPath('a.jpg', 0)).toBeNull();
    expect(placeForPath('train/a.jpg', 1)).toBeNull();
  });
});

describe('split folders above the classes', () => {
  it('reads train and test under one dropped root as splits of the same classes', () => {
    const paths = [
      'clothing/train/hat/a.jpg',
      'clothing/test/hat/b.jpg',
      'clothing/Validation/pants/c.jpg',
    ];
    expect(classFolderDepth(paths)).toBe(1);
    expect(paths.map((p) => placeForPath(p, 1))).toEqual([
      { className: 'hat', isTest: false },
      { className: 'hat', isTest: true },
      { className: 'pants', isTest: false },
    ]);
  });

  it('reads train and test folders dropped together, or zipped, as splits', () => {
    const paths = ['train/hat/a.jpg', 'test/hat/b.jpg', 'val/shoes/c.jpg'];
    expect(classFolderDepth(paths)).toBe(0);
    expect(paths.map((p) => placeForPath(p, 0))).toEqual([
      { className: 'hat', isTest: false },
      { className: 'hat', isTest: true },
      { className: 'shoes', isTest: false },
    ]);
  });

  it('marks everything in a dropped test folder as test images', () => {
    const paths = ['test/hat/a.jpg', 'test/shoes/b.jpg'];
    expect(classFolderDepth(paths)).toBe(1);
    expect(paths.map((p) => placeForPath(p, 1))).toEqual([
      { className: 'hat', isTest: true },
      { className: 'shoes', isTest: true },
    ]);
  });

  it('keeps a class named like a split when no class folders sit below it', () => {
    expect(placeForPath('test/a.jpg', 0)).toEqual({ className: 'test', isTest: false });
    expect(placeForPath('hats/train/a.jpg', 0)).toEqual({
      className: 'hats',
      isTest: false,
    });
  });
});
