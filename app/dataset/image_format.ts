/**
 * Recognising image files by their first bytes, reading their size from the header,
 * and telling a complete JPEG from a cut one, without decoding any pixels.
 */

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp' | 'avif';

export const MIME_TYPES: Record<ImageFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  avif: 'image/avif',
};

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

/** The image format of a file's first bytes (16 are enough), or null. */
export function sniffImageFormat(head: Uint8Array): ImageFormat | null {
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (ascii(head, 0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (ascii(head, 0, 4) === 'GIF8') return 'gif';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') return 'webp';
  if (ascii(head, 0, 2) === 'BM') return 'bmp';
  if (ascii(head, 4, 4) === 'ftyp' && /^avi[fs]$/.test(ascii(head, 8, 4))) return 'avif';
  return null;
}

/** A few words on what a file that is not an image looks like, for the import report. */
export function describeNonImage(head: Uint8Array, fileName: string): string {
  if (ascii(head, 0, 5) === '%PDF-') return 'not an image (a PDF document)';
  if (head[0] === 0x50 && head[1] === 0x4b) return 'not an image (a zip archive)';
  const extension = /\.([a-z0-9]{1,8})$/i.exec(fileName)?.[1]?.toLowerCase();
  const printable =
    head.length > 0 &&
    head.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127));
  if (printable) return 'not an image (text)';
  return extension
    ? `not an image (unrecognised .${extension} contents)`
    : 'not an image';
}

/** Width and height in pixels from the header, before any EXIF rotation; null if unknown. */
export function readImageSize(
  bytes: Uint8Array,
  format: ImageFormat,
): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const has = (end: number) => end <= bytes.length;
  switch (format) {
    case 'png':
      return has(24) && ascii(bytes, 12, 4) === 'IHDR'
        ? { width: view.getUint32(16), height: view.getUint32(20) }
        : null;
    case 'gif':
      return has(10)
        ? { width: view.getUint16(6, true), height: view.getUint16(8, true) }
        : null;
    case 'bmp':
      return has(26)
        ? {
            width: Math.abs(view.getInt32(18, true)),
            height: Math.abs(view.getInt32(22, true)),
          }
        : null;
    case 'jpeg':
      return readJpegSize(bytes, view);
    default:
      return null;
  }
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic), which hold the size. */
function isStartOfFrame(marker: number): boolean {
  return (
    marker >= 0xc0 &&
    marker <= 0xcf &&
    marker !== 0xc4 &&
    marker !== 0xc8 &&
    marker !== 0xcc
  );
}

function readJpegSize(
  bytes: Uint8Array,
  view: DataView,
): { width: number; height: number } | null {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1];
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (isStartOfFrame(marker)) {
      return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    }
    if (marker === 0xda) return null;
    offset += 2 + view.getUint16(offset + 2);
  }
  return null;
}

/**
 * Whether a JPEG's data runs all the way to its end-of-image marker. It walks the
 * marker segments (skipping their contents, so an EXIF thumbnail's own markers do not
 * count) and scans each scan's entropy-coded data for the next marker. A file cut short
 * runs out of bytes first. Bytes after the end marker, which some cameras append, are
 * allowed.
 *
 * Chromium's createImageBitmap also refuses a cut JPEG, but with a bare
 * InvalidStateError; this check names the cause, costs no decoding, and does not rely
 * on a browser refusing what an <img> element would show half grey.
 */
export function isCompleteJpeg(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
  while (offset + 1 < bytes.length) {
    if (bytes[offset] !== 0xff) return false;
    const marker = bytes[offset + 1];
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === 0xd9) return true;
    if (marker >= 0xd0 && marker <= 0xd7) {
      offset += 2;
      continue;
    }
    if (offset + 3 >= bytes.length) return false;
    const segmentEnd = offset + 2 + view.getUint16(offset + 2);
    if (segmentEnd > bytes.length) return false;
    offset = segmentEnd;
    if (marker !== 0xda) continue;

    // Entropy-coded data: runs until a 0xff that is neither stuffing (ff 00) nor a
    // restart marker (ff d0..d7).
    while (offset + 1 < bytes.length) {
      if (bytes[offset] === 0xff) {
        const next = bytes[offset + 1];
        if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7)) break;
      }
      offset += 1;
    }
  }
  return false;
}
