/**
 * A page that runs one reference TFLite runtime for the benchmark runner, through
 * `window.referenceBench`: load the model and photos once, then time rounds of batch-1
 * classification, from 224×224 pixels to class scores read back.
 */
import {
  loadReference,
  type Pixels,
  type ReferenceModel,
  type RuntimeName,
} from './runtimes';

const INPUT_SIDE = 224;

export interface ReferenceLoadReport {
  description: string;
  loadMs: number;
  firstRunMs: number;
  /** The top class of the check photo, by the labels file. */
  checkTop1: string;
}

export interface ReferenceBench {
  load(
    runtime: RuntimeName,
    modelUrl: string,
    labelsUrl: string,
    imageUrls: string[],
    checkImageUrl: string,
  ): Promise<ReferenceLoadReport>;
  /** Milliseconds of each of `runs` classifications, cycling through the photos. */
  round(runs: number): Promise<number[]>;
}

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

/** Decodes a photo and resizes it to the model's 224×224 input, as RGBA and as RGB. */
async function pixelsOf(url: string): Promise<Pixels> {
  const blob = await (await fetchOk(url)).blob();
  const bitmap = await createImageBitmap(blob, {
    resizeWidth: INPUT_SIDE,
    resizeHeight: INPUT_SIDE,
    resizeQuality: 'high',
  });
  const canvas = new OffscreenCanvas(INPUT_SIDE, INPUT_SIDE);
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = context.getImageData(0, 0, INPUT_SIDE, INPUT_SIDE);
  const rgb = new Uint8Array(INPUT_SIDE * INPUT_SIDE * 3);
  for (let i = 0, j = 0; i < rgba.data.length; i += 4, j += 3) {
    rgb[j] = rgba.data[i];
    rgb[j + 1] = rgba.data[i + 1];
    rgb[j + 2] = rgba.data[i + 2];
  }
  return { width: INPUT_SIDE, height: INPUT_SIDE, rgb, rgba };
}

/** `n02111889-Samoyed` as a person reads it, `Samoyed`, whichever runtime read the label. */
function readable(label: string): string {
  return label.replace(/^n\d{8}[-_ ]/, '');
}

function argmax(values: number[]): number {
  return values.reduce((best, value, i) => (value > values[best] ? i : best), 0);
}

let model: ReferenceModel | null = null;
let photos: Pixels[] = [];

const bench: ReferenceBench = {
  async load(runtime, modelUrl, labelsUrl, imageUrls, checkImageUrl) {
    const [modelBytes, labelsText, check] = await Promise.all([
      fetchOk(modelUrl).then(async (r) => new Uint8Array(await r.arrayBuffer())),
      fetchOk(labelsUrl).then((r) => r.text()),
      pixelsOf(checkImageUrl),
    ]);
    photos = await Promise.all(imageUrls.map(pixelsOf));
    const labels = labelsText
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);

    const loadStarted = performance.now();
    model = await loadReference(runtime, modelBytes);
    const loadMs = performance.now() - loadStarted;

    const firstStarted = performance.now();
    const result = await model.classify(check);
    const firstRunMs = performance.now() - firstStarted;
    const top = argmax(result.scores);
    const checkTop1 = readable((result.labels ?? labels)[top] ?? `class ${top}`);
    document.getElementById('status')!.textContent = `${model.description} ready`;
    return { description: model.description, loadMs, firstRunMs, checkTop1 };
  },

  async round(runs) {
    if (!model) throw new Error('load a runtime first');
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await model.classify(photos[i % photos.length]);
      times.push(performance.now() - started);
    }
    return times;
  },
};

(globalThis as { referenceBench?: ReferenceBench }).referenceBench = bench;
