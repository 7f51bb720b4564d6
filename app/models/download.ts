/** Fetching model files from a URL: https or this origin only, size-capped, with progress. */

/** Models larger than this are refused before their body is read (bytes). */
export const MAX_MODEL_BYTES = 400 * 1024 * 1024;

export interface DownloadProgress {
  loadedBytes: number;
  /** From Content-Length; undefined when the server does not say. */
  totalBytes?: number;
}

/** A download that failed, with the reason in words a user can act on. */
export class ModelDownloadError extends Error {
  constructor(
    message: string,
    readonly reason: 'blocked-url' | 'network' | 'http' | 'too-large' | 'cancelled',
  ) {
    super(message);
    this.name = 'ModelDownloadError';
  }
}

/**
 * Checks that a model URL may be fetched: https anywhere, or any scheme on the page's
 * own origin. Returns the parsed URL or throws a ModelDownloadError saying why not.
 */
export function checkModelUrl(text: string, pageOrigin: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim(), pageOrigin);
  } catch {
    throw new ModelDownloadError(`"${text}" is not a URL`, 'blocked-url');
  }
  if (url.origin !== pageOrigin && url.protocol !== 'https:') {
    throw new ModelDownloadError(
      `only https URLs or this site's own files can be loaded, not ${url.protocol}//${url.host}`,
      'blocked-url',
    );
  }
  return url;
}

/**
 * Downloads a model file, reporting bytes as they arrive. The declared size is checked
 * against `maxBytes` before the body is read, and the running count while it is read.
 */
export async function downloadModel(
  url: URL,
  {
    maxBytes = MAX_MODEL_BYTES,
    onProgress,
    signal,
  }: {
    maxBytes?: number;
    onProgress?: (p: DownloadProgress) => void;
    signal?: AbortSignal;
  } = {},
): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal, credentials: 'omit', mode: 'cors' });
  } catch (error) {
    if (signal?.aborted) throw new ModelDownloadError('download cancelled', 'cancelled');
    const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
    throw new ModelDownloadError(
      offline
        ? `cannot download from ${url.host}: this browser is offline`
        : `cannot reach ${url.host}: the network is unreachable, or the server does not ` +
            `allow this page to fetch the file (CORS). ${(error as Error).message}`,
      'network',
    );
  }
  if (!response.ok) {
    throw new ModelDownloadError(
      `${url.host} answered HTTP ${response.status} ${response.statusText}`.trim(),
      'http',
    );
  }

  const declared = Number(response.headers.get('Content-Length') ?? NaN);
  const totalBytes = Number.isFinite(declared) ? declared : undefined;
  if (totalBytes !== undefined && totalBytes > maxBytes) {
    await response.body?.cancel();
    throw new ModelDownloadError(
      `the file is ${formatBytes(totalBytes)}, over the ${formatBytes(maxBytes)} limit`,
      'too-large',
    );
  }

  const reader = response.body?.getReader();
  if (!reader) return response.arrayBuffer();
  const chunks: Uint8Array[] = [];
  let loadedBytes = 0;
  onProgress?.({ loadedBytes, totalBytes });
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      if (signal?.aborted)
        throw new ModelDownloadError('download cancelled', 'cancelled');
      throw new ModelDownloadError(
        `download broke off: ${(error as Error).message}`,
        'network',
      );
    }
    if (chunk.done) break;
    loadedBytes += chunk.value.byteLength;
    if (loadedBytes > maxBytes) {
      await reader.cancel();
      throw new ModelDownloadError(
        `the file is over the ${formatBytes(maxBytes)} limit`,
        'too-large',
      );
    }
    chunks.push(chunk.value);
    onProgress?.({ loadedBytes, totalBytes });
  }

  const bytes = new Uint8Array(loadedBytes);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes.buffer;
}

/** Bytes for people: `4.2 MB`, `980 kB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} B`;
}
