import { inflateSync } from 'fflate';

/** One file listed in a zip's central directory. */
export interface ZipEntryInfo {
  /** Path inside the archive, `/`-separated; folders end in `/`. */
  name: string;
  /** 0: stored, 8: deflated. */
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** The end record is 22 bytes plus a comment of at most 65535. */
const END_SEARCH_BYTES = 22 + 0xffff;

async function bytesOf(blob: Blob, start: number, end: number): Promise<DataView> {
  return new DataView(await blob.slice(start, end).arrayBuffer());
}

/**
 * Lists a zip's files from its central directory, reading only the directory's bytes.
 * Limitation: ZIP64 archives (over 65535 files or 4 GiB) are refused; reading them
 * would take parsing the ZIP64 end records too.
 */
export async function readZipDirectory(zip: Blob): Promise<ZipEntryInfo[]> {
  const tailStart = Math.max(0, zip.size - END_SEARCH_BYTES);
  const tail = await bytesOf(zip, tailStart, zip.size);
  let end = -1;
  for (let i = tail.byteLength - 22; i >= 0; i--) {
    if (tail.getUint32(i, true) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('not a zip archive (no end-of-directory record)');

  const count = tail.getUint16(end + 10, true);
  const directorySize = tail.getUint32(end + 12, true);
  const directoryOffset = tail.getUint32(end + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff) {
    throw new Error('ZIP64 archives are not supported');
  }
  const directory = await bytesOf(zip, directoryOffset, directoryOffset + directorySize);
  const decoder = new TextDecoder();
  const entries: ZipEntryInfo[] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const inside = offset + 46 <= directory.byteLength;
    if (!inside || directory.getUint32(offset, true) !== DIRECTORY_ENTRY) {
      throw new Error('the zip archive is damaged (bad central directory)');
    }
    const nameLength = directory.getUint16(offset + 28, true);
    const extraLength = directory.getUint16(offset + 30, true);
    const commentLength = directory.getUint16(offset + 32, true);
    const nameBytes = new Uint8Array(directory.buffer, offset + 46, nameLength);
    entries.push({
      name: decoder.decode(nameBytes).replaceAll('\\', '/'),
      method: directory.getUint16(offset + 10, true),
      compressedSize: directory.getUint32(offset + 20, true),
      size: directory.getUint32(offset + 24, true),
      localHeaderOffset: directory.getUint32(offset + 42, true),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The contents of one zip entry; a stored entry is a slice of the archive, not a copy. */
export async function readZipEntry(zip: Blob, entry: ZipEntryInfo): Promise<Blob> {
  const header = await bytesOf(
    zip,
    entry.localHeaderOffset,
    entry.localHeaderOffset + 30,
  );
  if (header.byteLength < 30 || header.getUint32(0, true) !== LOCAL_HEADER) {
    throw new Error(`the zip archive is damaged at ${entry.name}`);
  }
  const start =
    entry.localHeaderOffset +
    30 +
    header.getUint16(26, true) +
    header.getUint16(28, true);
  const data = zip.slice(start, start + entry.compressedSize);
  if (data.size !== entry.compressedSize) throw new Error(`${entry.name} is cut short`);

  if (entry.method === 0) return data;
  if (entry.method === 8) {
    const inflated = inflateSync(new Uint8Array(await data.arrayBuffer()), {
      out: new Uint8Array(entry.size),
    });
    return new Blob([inflated as BlobPart]);
  }
  throw new Error(
    `${entry.name} uses compression method ${entry.method}, which is not supported`,
  );
}
