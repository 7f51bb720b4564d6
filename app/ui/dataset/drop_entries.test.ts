import { describe, expect, it } from 'vitest';
import { entriesFromDrop } from './drop_entries';

/**
 * A dropped folder tree with the shape of Chromium's FileSystemEntry objects: a
 * directory reader hands out at most `batch` entries per readEntries call, and an
 * empty batch at the end, as Chromium does (100 at a time).
 */
function directory(
  fullPath: string,
  children: FileSystemEntry[],
  batch = 2,
): FileSystemEntry {
  return {
    isFile: false,
    isDirectory: true,
    fullPath,
    createReader: () => {
      let next = 0;
      return {
        readEntries: (done: (entries: FileSystemEntry[]) => void) => {
          const slice = children.slice(next, next + batch);
          next += slice.length;
          setTimeout(() => done(slice));
        },
      };
    },
  } as unknown as FileSystemEntry;
}

function file(fullPath: string): FileSystemEntry {
  const name = fullPath.split('/').pop()!;
  return {
    isFile: true,
    isDirectory: false,
    fullPath,
    file: (done: (file: File) => void) => done(new File([name], name)),
  } as unknown as FileSystemEntry;
}

function drop(roots: FileSystemEntry[]): DataTransfer {
  return {
    files: roots.filter((r) => r.isFile).map((r) => new File([], r.fullPath.slice(1))),
    items: roots.map((root) => ({ kind: 'file', webkitGetAsEntry: () => root })),
  } as unknown as DataTransfer;
}

describe('entries of a drop', () => {
  it('walks nested folders to the end of every batch, keeping relative paths', async () => {
    const tree = directory('/train', [
      directory('/train/hat', [
        file('/train/hat/a.jpg'),
        file('/train/hat/b.jpg'),
        file('/train/hat/c.jpg'),
        directory('/train/hat/more', [file('/train/hat/more/d.jpg')]),
      ]),
      directory('/train/shoes', [file('/train/shoes/e.jpg')]),
    ]);

    const entries = await entriesFromDrop(drop([tree]));
    expect(entries.map((e) => e.relativePath)).toEqual([
      'train/hat/a.jpg',
      'train/hat/b.jpg',
      'train/hat/c.jpg',
      'train/hat/more/d.jpg',
      'train/shoes/e.jpg',
    ]);
    expect(await (entries[3].file as Blob).text()).toBe('d.jpg');
  });

  it('takes loose files by name', async () => {
    const entries = await entriesFromDrop(drop([file('/x.jpg'), file('/y.png')]));
    expect(entries.map((e) => e.relativePath)).toEqual(['x.jpg', 'y.png']);
  });
});
