import { Zip, ZipPassThrough } from 'fflate';

/** One file for a zip: its path inside the archive and its bytes. */
export interface ZipItem {
  path: string;
  blob: Blob;
}

/** Output is gathered into Blobs of about this many bytes, which the browser may page out. */
const PART_BYTES = 8 * 1024 * 1024;

/**
 * Writes a zip of `items`, read one at a time, stored without compression (photos do
 * not shrink). The output is collected as a Blob built from parts, so the archive is
 * never held as one buffer beside the images it was read from.
 */
// Limitation: the archive ends up as one Blob for a download link; Chromium keeps large
// Blobs on disk, but writing straight to a file from showSaveFilePicker would not hold
// it at all, in browsers that have that picker.
export async function writeZip(items: AsyncIterable<ZipItem>): Promise<Blob> {
  const parts: Blob[] = [];
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let failure: Error | null = null;

  const zip = new Zip((error, chunk) => {
    if (error) {
      failure = error;
      return;
    }
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes >= PART_BYTES) {
      parts.push(new Blob(pending as BlobPart[]));
      pending = [];
      pendingBytes = 0;
    }
  });

  for await (const item of items) {
    const entry = new ZipPassThrough(item.path);
    zip.add(entry);
    entry.push(new Uint8Array(await item.blob.arrayBuffer()), true);
    if (failure) throw failure;
  }
  zip.end();
  if (failure) throw failure;
  return new Blob([...parts, ...(pending as BlobPart[])], { type: 'application/zip' });
}
