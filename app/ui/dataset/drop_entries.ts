import type { ImportEntry } from '../../dataset/class_paths';

/** Reads every entry of a dropped folder; a reader hands them out in batches. */
function readAll(directory: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = directory.createReader();
  const all: FileSystemEntry[] = [];
  return new Promise((resolve, reject) => {
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) return resolve(all);
        all.push(...batch);
        next();
      }, reject);
    next();
  });
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walk(entry: FileSystemEntry, into: ImportEntry[]): Promise<void> {
  const path = entry.fullPath.replace(/^\/+/, '');
  if (entry.isFile) {
    into.push({ file: await fileOf(entry as FileSystemFileEntry), relativePath: path });
  } else if (entry.isDirectory) {
    for (const child of await readAll(entry as FileSystemDirectoryEntry))
      await walk(child, into);
  }
}

/**
 * The files of a drop, folders walked to any depth, each with its path relative to
 * what was dropped (`train/hat/a.jpg`). Must be called during the drop event: the
 * browser empties the DataTransfer once the event's handlers return.
 */
export function entriesFromDrop(transfer: DataTransfer): Promise<ImportEntry[]> {
  const files = Array.from(transfer.files);
  const plain = files.map((file) => ({ file, relativePath: file.name }));
  const roots = Array.from(transfer.items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry());
  if (roots.length === 0 || roots.some((root) => root === null))
    return Promise.resolve(plain);
  if (roots.every((root) => root!.isFile)) return Promise.resolve(plain);
  return (async () => {
    const entries: ImportEntry[] = [];
    for (const root of roots) await walk(root!, entries);
    return entries;
  })();
}

/** The files a picker returned, with their folder paths when a folder was picked. */
export function entriesFromPicker(files: FileList | null): ImportEntry[] {
  return Array.from(files ?? []).map((file) => ({
    file,
    relativePath: file.webkitRelativePath || file.name,
  }));
}
