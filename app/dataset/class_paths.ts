/**
 * Which class a file belongs to, from where it sits in what was dropped: the
 * ImageFolder layout, `<root>/<class>/<file>` or `<class>/<file>`, optionally with a
 * split folder above the classes (`<root>/train/<class>/<file>`,
 * `test/<class>/<file>`).
 */

/** A file to import and its path relative to what was dropped, picked or unzipped. */
export interface ImportEntry {
  /** The bytes, or a way to read them when asked (a compressed zip entry, say). */
  file: Blob | (() => Promise<Blob>);
  /** `train/hat/a.jpg`; just the file name when it was dropped on its own. */
  relativePath: string;
}

/** Where a file goes: its class, and whether it is a test image. */
export interface ClassPlace {
  className: string;
  isTest: boolean;
}

/**
 * Folder names that name a split of a dataset, not a class, when class folders sit
 * below them. Only `test` marks test images: validation folders join the training
 * images, from which training holds out its own validation share.
 */
const SPLIT_FOLDERS = new Set(['train', 'test', 'val', 'valid', 'validation']);

function isSplit(folder: string | undefined): folder is string {
  return folder !== undefined && SPLIT_FOLDERS.has(folder.trim().toLowerCase());
}

function isTestSplit(folder: string): boolean {
  return folder.trim().toLowerCase() === 'test';
}

function folders(relativePath: string): string[] {
  return relativePath
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .slice(0, -1);
}

/**
 * How deep the class folder is for a set of paths: 1 when they all sit under one
 * common root folder that has subfolders (`train/hat/a.jpg`: the class is `hat`), else
 * 0 (`hat/a.jpg`: the class is `hat`). Zips of several class folders and drops of
 * several folders at once are depth 0; a dropped `train` folder is depth 1.
 */
export function classFolderDepth(relativePaths: string[]): 0 | 1 {
  const roots = new Set<string>();
  let nested = false;
  for (const path of relativePaths) {
    const parts = folders(path);
    roots.add(parts[0] ?? '');
    if (parts.length >= 2) nested = true;
  }
  return roots.size === 1 && !roots.has('') && nested ? 1 : 0;
}

/**
 * The class and split of one path at a given depth, or null when the file is outside
 * any class folder. A split folder (`train`, `test`, `val`, `valid`, `validation`) at
 * the class's place that has folders below it is a split: the class is the folder
 * below (`clothing/test/hat/b.jpg` at depth 1: class `hat`, a test image). A dropped
 * root that is itself a split says the split of everything in it.
 */
export function placeForPath(relativePath: string, depth: 0 | 1): ClassPlace | null {
  const parts = folders(relativePath);
  let index = depth;
  let isTest = depth === 1 && isTestSplit(parts[0]);
  if (isSplit(parts[index]) && parts.length > index + 1) {
    isTest = isTestSplit(parts[index]);
    index += 1;
  }
  const className = parts[index]?.trim();
  return className ? { className, isTest } : null;
}
