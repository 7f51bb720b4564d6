/** Longest tensor label shown in a list; longer ones keep their end, the op's own name. */
const MAX_LABEL = 72;

/**
 * A tensor name as a person reads it in a list. TFLite converters join every name a
 * tensor had with `;` (hundreds of characters of `StatefulPartitionedCall/...`); the
 * first is the layer's own. Past `MAX_LABEL` characters the start is cut, since the
 * end names the op.
 */
export function tensorLabel(name: string): string {
  const first = name.split(';')[0] || name;
  return first.length <= MAX_LABEL ? first : `…${first.slice(-(MAX_LABEL - 1))}`;
}
