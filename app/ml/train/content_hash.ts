/** SHA-256 of some bytes, as 64 lowercase hex digits. Works in pages, workers and Node. */
export async function sha256Hex(data: Blob | ArrayBuffer | Uint8Array): Promise<string> {
  const bytes = data instanceof Blob ? await data.arrayBuffer() : data;
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', bytes as BufferSource),
  );
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

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
