import { zipSync } from 'fflate';

import type { NamedBytes } from '../graph_model';

/** Packs exported files into one zip archive. */
export function zipFiles(files: NamedBytes[]): Uint8Array {
  return zipSync(Object.fromEntries(files.map((f) => [f.name, new Uint8Array(f.bytes)])));
}
