/**
 * Which class a file belongs to, from where it sits in what was dropped: the
 * ImageFolder layout, `<root>/<class>/<file>` or `<class>/<file>`.
 */

/** A file to import and its path relative to what was dropped, picked or unzipped. */
export interface ImportEntry {
  /** The bytes, or a way to read them when asked (a compressed zip entry, say). */
  file: Blob | (() => Promise<Blob>);
  /** `train/hat/a.jpg`; just the file name when it was dropped on its own. */
  relativePath: string;
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

/** The class name for one path at a given depth, or null when the file is outside any. */
export function classNameForPath(relativePath: string, depth: 0 | 1): string | null {
  const name = folders(relativePath)[depth];
  return name === undefined ? null : name.trim() || null;
}
