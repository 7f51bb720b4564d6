/**
 * A project's dataset as a zip in the ImageFolder layout, `<class>/<file>`, and back.
 * A project with test images is written as `train/<class>/` and `test/<class>/`,
 * which the import reads back as the same classes with the same test images.
 */
import type { ImportEntry } from './class_paths';
import { readZipDirectory, readZipEntry } from './zip_read';
import type { DatasetRepository } from './repository';
import { MIME_TYPES, type ImageFormat } from './image_format';
import { writeZip, type ZipItem } from './zip_write';

/**
 * A class or file name made safe as one path segment: no separators, control
 * characters or characters Windows refuses, and never `.` or `..`.
 */
export function safePathSegment(name: string): string {
  const cleaned = name
    .replace(/[/\\:*?"<>|\u0000-\u001f\u007f]/g, '_')
    .trim()
    .replace(/[. ]+$/, '');
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? '_' : cleaned;
}

function extensionFor(type: string): string | null {
  const format = (Object.keys(MIME_TYPES) as ImageFormat[]).find(
    (f) => MIME_TYPES[f] === type,
  );
  return format === 'jpeg' ? 'jpg' : (format ?? null);
}

/** A name that is not yet in `taken` (compared without case), which it then joins. */
function uniqueName(name: string, taken: Set<string>): string {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const extension = dot > 0 ? name.slice(dot) : '';
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++)
    candidate = `${stem}-${n}${extension}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/**
 * Writes a project's classes and images (not the trashed ones) as a zip, images read
 * from IndexedDB one at a time. `onProgress` counts images written.
 */
export async function exportProjectZip(
  repository: DatasetRepository,
  projectId: string,
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<Blob> {
  const classes = await repository.listClasses(projectId);
  const images = await repository.listImages(projectId);
  const folders = new Set<string>();
  const folderOf = new Map(
    classes.map((c) => [c.id, uniqueName(safePathSegment(c.name), folders)]),
  );
  const inClasses = images.filter((image) => folderOf.has(image.classId));
  const split = inClasses.some((image) => image.isTest);

  async function* items(): AsyncGenerator<ZipItem> {
    const taken = new Map<string, Set<string>>();
    let done = 0;
    for (const image of inClasses) {
      signal?.throwIfAborted();
      const blob = await repository.readImage(image.id);
      if (!blob) continue;
      const classFolder = folderOf.get(image.classId)!;
      const folder = split
        ? `${image.isTest ? 'test' : 'train'}/${classFolder}`
        : classFolder;
      if (!taken.has(folder)) taken.set(folder, new Set());
      let name = safePathSegment(image.name);
      const extension = extensionFor(image.type);
      if (extension && !name.toLowerCase().endsWith(`.${extension}`)) {
        name = `${name.replace(/\.[a-z0-9]{1,5}$/i, '')}.${extension}`;
      }
      yield { path: `${folder}/${uniqueName(name, taken.get(folder)!)}`, blob };
      onProgress?.(++done, inClasses.length);
    }
  }
  return writeZip(items());
}

/**
 * The files of a zip as import entries, read lazily; folders and the `__MACOSX`
 * resource forks macOS adds are left out.
 */
export async function zipImportEntries(zip: Blob): Promise<ImportEntry[]> {
  const entries = await readZipDirectory(zip);
  return entries
    .filter((entry) => !entry.name.endsWith('/'))
    .filter((entry) => !entry.name.startsWith('__MACOSX/'))
    .map((entry) => ({ relativePath: entry.name, file: () => readZipEntry(zip, entry) }));
}
