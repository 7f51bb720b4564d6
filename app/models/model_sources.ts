/**
 * Getting a model's files from where a person has them: dropped or picked files, or a
 * URL. Both return the files and the cache record they will be kept under; loading
 * them into the ML worker, and keeping them, is the caller's business.
 */
import type { ModelTask } from './catalog';
import { downloadModel } from './download';
import type { CachedModelRecord, ModelFile } from './model_cache';

/** Bytes read or downloaded so far, for a progress bar. */
export interface ByteProgress {
  stage: string;
  done: number;
  /** 0 when unknown. */
  total: number;
}

function isGraphJson(name: string): boolean {
  return name.toLowerCase().endsWith('.json');
}

/**
 * The cache record for a set of dropped files: the model file (a `.tflite`, or the
 * `model.json` of a graph model) names it; names and total size identify it.
 */
export function recordForFiles(files: File[], task: ModelTask): CachedModelRecord {
  const model = files.find((f) => /\.(tflite|json)$/i.test(f.name)) ?? files[0];
  const sizeBytes = files.reduce((sum, f) => sum + f.size, 0);
  const names = files
    .map((f) => f.name)
    .sort()
    .join('+');
  return {
    id: `${task}-file:${names}:${sizeBytes}`,
    name: model.name,
    task,
    format: isGraphJson(model.name) ? 'tfjs-graph' : 'tflite',
    source: `file:${model.name}`,
    files: files.map((f) => f.name),
    sizeBytes,
    savedAt: new Date().toISOString(),
  };
}

/** Reads dropped files one by one; null when `signal` aborts in between. */
export async function readFiles(
  files: File[],
  signal: AbortSignal,
  onProgress: (progress: ByteProgress) => void,
): Promise<ModelFile[] | null> {
  const stage = `reading ${files.length === 1 ? files[0].name : `${files.length} files`}`;
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const contents: ModelFile[] = [];
  let done = 0;
  onProgress({ stage, done, total });
  for (const file of files) {
    const bytes = await file.arrayBuffer();
    if (signal.aborted) return null;
    contents.push({ name: file.name, bytes });
    done += bytes.byteLength;
    onProgress({ stage, done, total });
  }
  return contents;
}

/**
 * Downloads a single-file TFLite model with progress and names its record. Throws the
 * download's ModelDownloadError (network, HTTP status, size, cancelled).
 */
export async function downloadTflite(
  url: URL,
  {
    name,
    task,
    id = url.href,
    expectedBytes = 0,
    signal,
    onProgress,
  }: {
    name: string;
    task: ModelTask;
    id?: string;
    /** Shown as the total until the server says the size. */
    expectedBytes?: number;
    signal: AbortSignal;
    onProgress: (progress: ByteProgress) => void;
  },
): Promise<{ record: CachedModelRecord; files: ModelFile[] }> {
  const stage = `downloading ${name}`;
  onProgress({ stage, done: 0, total: expectedBytes });
  const bytes = await downloadModel(url, {
    signal,
    onProgress: ({ loadedBytes, totalBytes }) =>
      onProgress({ stage, done: loadedBytes, total: totalBytes ?? expectedBytes }),
  });

  const fileName = url.pathname.split('/').pop() || 'model.tflite';
  const file = {
    name: fileName.endsWith('.tflite') ? fileName : `${fileName}.tflite`,
    bytes,
  };
  const record: CachedModelRecord = {
    id,
    name,
    task,
    format: 'tflite',
    source: url.href,
    files: [file.name],
    sizeBytes: bytes.byteLength,
    savedAt: new Date().toISOString(),
  };
  return { record, files: [file] };
}
