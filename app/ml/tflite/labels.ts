/**
 * Splits a labels file into one label per line, as TFLite label files are written:
 * Windows line ends and surrounding spaces dropped, a final empty line ignored.
 */
export function parseLabels(text: string): string[] {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
