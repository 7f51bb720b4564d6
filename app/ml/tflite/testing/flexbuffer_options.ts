import { builder } from 'flatbuffers/mjs/flexbuffers.js';

/**
 * Encodes custom op options the way TFLite's converter does: a FlexBuffer map written by
 * the C++ builder, integers as ints, `{ float: v }` as 32-bit floats, booleans as bools.
 */
export function flexbufferOptions(
  options: Record<string, number | boolean | { float: number }>,
): Uint8Array {
  const b = builder();
  b.startMap();
  for (const [key, value] of Object.entries(options)) {
    b.addKey(key);
    if (typeof value === 'boolean') b.add(value);
    else if (typeof value === 'number') b.addInt(value);
    else b.addFloat(Math.fround(value.float));
  }
  b.end();
  return b.finish();
}
