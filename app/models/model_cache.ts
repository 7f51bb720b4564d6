/**
 * Model files kept in the browser's Cache Storage, so that a reload, or going
 * offline, reuses a model without downloading or dropping it again.
 */

const CACHE_NAME = 'transfer-studio-models-v1';
const KEY_PREFIX = '/__model-cache/';
const RECORD_FILE = '__record.json';

/** One model kept in the cache: what it is, and the names of its files. */
export interface CachedModelRecord {
  id: string;
  name: string;
  task: 'classification' | 'detection';
  format: 'tflite' | 'tfjs-graph';
  /** Where it came from: a URL, or `file:` plus the dropped file's name. */
  source: string;
  files: string[];
  sizeBytes: number;
  savedAt: string;
}

export interface ModelFile {
  name: string;
  bytes: ArrayBuffer;
}

function keyFor(id: string, file: string): string {
  return `${KEY_PREFIX}${encodeURIComponent(id)}/${encodeURIComponent(file)}`;
}

function openCache(): Promise<Cache> {
  if (typeof caches === 'undefined') {
    throw new Error(
      'this browser has no Cache Storage (the page must be served over https)',
    );
  }
  return caches.open(CACHE_NAME);
}

/** Stores a model's files, then its record; a model half-written has no record. */
export async function saveModel(
  record: CachedModelRecord,
  files: ModelFile[],
): Promise<void> {
  const cache = await openCache();
  for (const file of files) {
    await cache.put(keyFor(record.id, file.name), new Response(file.bytes));
  }
  await cache.put(
    keyFor(record.id, RECORD_FILE),
    new Response(JSON.stringify(record), {
      headers: { 'Content-Type': 'application/json' },
    }),
  );
}

/** Every model with a complete record, newest first. */
export async function listModels(): Promise<CachedModelRecord[]> {
  const cache = await openCache();
  const records: CachedModelRecord[] = [];
  for (const request of await cache.keys()) {
    if (!request.url.endsWith(`/${RECORD_FILE}`)) continue;
    const response = await cache.match(request);
    if (response) records.push((await response.json()) as CachedModelRecord);
  }
  return records.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

/** The files of a cached model, or null when any is missing. */
export async function readModel(
  id: string,
): Promise<{ record: CachedModelRecord; files: ModelFile[] } | null> {
  const cache = await openCache();
  const recordResponse = await cache.match(keyFor(id, RECORD_FILE));
  if (!recordResponse) return null;
  const record = (await recordResponse.json()) as CachedModelRecord;

  const files: ModelFile[] = [];
  for (const name of record.files) {
    const response = await cache.match(keyFor(id, name));
    if (!response) return null;
    files.push({ name, bytes: await response.arrayBuffer() });
  }
  return { record, files };
}

/** Removes a model's record and files. */
export async function deleteModel(id: string): Promise<void> {
  const cache = await openCache();
  const prefix = `${KEY_PREFIX}${encodeURIComponent(id)}/`;
  for (const request of await cache.keys()) {
    if (new URL(request.url).pathname.startsWith(prefix)) await cache.delete(request);
  }
}
