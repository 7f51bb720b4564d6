import { seededRandom } from '../random';

/**
 * Synthetic embeddings for unit tests: `perClass` points around each of `numClasses`
 * random centres in `size` dimensions, with Gaussian noise of `spread`.
 */
export function gaussianBlobs(
  numClasses: number,
  perClass: number,
  size: number,
  spread: number,
  seed = 1,
): { embeddings: Float32Array[]; labels: number[] } {
  const random = seededRandom(seed);
  const gaussian = () =>
    Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: numClasses }, () =>
    Array.from({ length: size }, () => gaussian() * 2),
  );
  const embeddings: Float32Array[] = [];
  const labels: number[] = [];
  for (let c = 0; c < numClasses; c++) {
    for (let i = 0; i < perClass; i++) {
      embeddings.push(Float32Array.from(centres[c], (x) => x + gaussian() * spread));
      labels.push(c);
    }
  }
  return { embeddings, labels };
}
