import { sha256Hex } from '../../util/sha256';

export { sha256Hex };

/** One hash for a model made of several files: of their names and bytes, in name order. */
export async function filesHash(
  files: { name: string; bytes: ArrayBuffer }[],
): Promise<string> {
  if (files.length === 1) return sha256Hex(files[0].bytes);
  const parts = await Promise.all(
    [...files]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(async (file) => `${file.name}:${await sha256Hex(file.bytes)}`),
  );
  return sha256Hex(new TextEncoder().encode(parts.join('\n')));
}
