import { describe, expect, it } from 'vitest';
import { classFolderDepth, classNameForPath } from './class_paths';

describe('class folders', () => {
  it('takes the subfolders of one dropped root as classes', () => {
    const paths = ['train/hat/a.jpg', 'train/shoes/b.jpg', 'train/shoes/more/c.jpg'];
    expect(classFolderDepth(paths)).toBe(1);
    expect(paths.map((p) => classNameForPath(p, 1))).toEqual(['hat', 'shoes', 'shoes']);
  });

  it('takes top-level folders as classes in a zip or a drop of several folders', () => {
    const paths = ['hat/a.jpg', 'shoes/b.jpg'];
    expect(classFolderDepth(paths)).toBe(0);
    expect(classFolderDepth(['hat/a.jpg', 'hat/b.jpg'])).toBe(0);
    expect(paths.map((p) => classNameForPath(p, 0))).toEqual(['hat', 'shoes']);
  });

  it('gives no class to files outside any folder', () => {
    expect(classFolderDepth(['a.jpg', 'hat/b.jpg'])).toBe(0);
    expect(classNameForPath('a.jpg', 0)).toBeNull();
    expect(classNameForPath('train/a.jpg', 1)).toBeNull();
  });
});
