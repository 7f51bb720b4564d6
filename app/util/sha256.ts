/** SHA-256 of some bytes, as 64 lowercase hex digits. Works in pages, workers and Node. */
export async function sha256Hex(data: Blob | ArrayBuffer | Uint8Array): Promise<string> {
  const bytes = data instanceof Blob ? await data.arrayBuffer() : data;
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', bytes as BufferSource),
  );
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
