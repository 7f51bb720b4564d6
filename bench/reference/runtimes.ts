/**
 * The reference TFLite runtimes that ship on npm, each wrapped the same way: load a
 * model from its bytes, then classify one 224×224 RGB image (uint8, row-major HWC) and
 * return the class scores. Each is imported on demand, so that a page holds only one.
 */

/** 224×224 RGB pixels, 0..255, HWC. */
export interface Pixels {
  width: number;
  height: number;
  rgb: Uint8Array<ArrayBuffer>;
  rgba: ImageData;
}

export interface ReferenceModel {
  /** What ran, in words: `tfjs-tflite (wasm, 2 threads)`. */
  description: string;
  /** Scores and labels (when the runtime reads them) of one image. */
  classify(pixels: Pixels): Promise<{ scores: number[]; labels?: string[] }>;
}

export type RuntimeName =
  'tfjs-tflite' | 'mediapipe-cpu' | 'mediapipe-gpu' | 'litert-wasm' | 'litert-webgpu';

/** Where the runner's server puts each package's WASM files. */
const WASM_DIRS = {
  tfjsTflite: '/node_modules/@tensorflow/tfjs-tflite/wasm/',
  mediapipe: '/node_modules/@mediapipe/tasks-vision/wasm',
  litert: '/node_modules/@litertjs/core/wasm/',
};

function threadCount(): number {
  return globalThis.crossOriginIsolated ? Math.max(1, navigator.hardwareConcurrency) : 1;
}

async function loadTfjsTflite(model: Uint8Array): Promise<ReferenceModel> {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  // The package's per-file ESM build misses a file; its single-file ESM build is whole.
  const tflite = await import('@tensorflow/tfjs-tflite/dist/tf-tflite.fesm.js');
  await tf.setBackend('cpu');
  tflite.setWasmPath(WASM_DIRS.tfjsTflite);
  const numThreads = threadCount();
  const runner = await tflite.loadTFLiteModel(model.slice().buffer, { numThreads });
  return {
    description: `tfjs-tflite (wasm, ${numThreads} threads)`,
    async classify(pixels) {
      const input = tf.tensor(pixels.rgb, [1, pixels.height, pixels.width, 3], 'int32');
      const output = runner.predict(input) as import('@tensorflow/tfjs-core').Tensor;
      const scores = Array.from(await output.data());
      tf.dispose([input, output]);
      return { scores };
    },
  };
}

async function loadMediapipe(
  model: Uint8Array,
  delegate: 'CPU' | 'GPU',
): Promise<ReferenceModel> {
  const { FilesetResolver, ImageClassifier } = await import('@mediapipe/tasks-vision');
  const fileset = await FilesetResolver.forVisionTasks(WASM_DIRS.mediapipe);
  const classifier = await ImageClassifier.createFromOptions(fileset, {
    baseOptions: { modelAssetBuffer: model.slice(), delegate },
    runningMode: 'IMAGE',
  });
  return {
    description: `MediaPipe ImageClassifier (${delegate} delegate)`,
    async classify(pixels) {
      const result = classifier.classify(pixels.rgba);
      const categories = [...result.classifications[0].categories].sort(
        (a, b) => a.index - b.index,
      );
      return {
        scores: categories.map((category) => category.score),
        labels: categories.map((category) => category.categoryName),
      };
    },
  };
}

async function loadLitert(
  model: Uint8Array,
  accelerator: 'wasm' | 'webgpu',
): Promise<ReferenceModel> {
  const litert = await import('@litertjs/core');
  const jspi = accelerator === 'webgpu';
  const threads = !jspi && globalThis.crossOriginIsolated;
  await litert.loadLiteRt(WASM_DIRS.litert, { threads, jspi });
  const compiled = await litert.loadAndCompile(model.slice(), { accelerator });
  return {
    description: `LiteRT.js (${accelerator}${threads ? ', threaded' : ''}${jspi ? ', JSPI' : ''})`,
    async classify(pixels) {
      const input = new litert.Tensor(pixels.rgb, [1, pixels.height, pixels.width, 3]);
      const device = accelerator === 'webgpu' ? await input.moveTo('webgpu') : input;
      const outputs = await compiled.run(device);
      const onCpu =
        accelerator === 'webgpu' ? await outputs[0].moveTo('wasm') : outputs[0];
      const scores = Array.from(onCpu.toTypedArray() as ArrayLike<number>);
      for (const tensor of new Set([input, device, ...outputs, onCpu])) {
        if (!tensor.deleted) tensor.delete();
      }
      return { scores };
    },
  };
}

/** Loads `model` into the named runtime. Throws the runtime's own error when it cannot. */
export function loadReference(
  name: RuntimeName,
  model: Uint8Array,
): Promise<ReferenceModel> {
  switch (name) {
    case 'tfjs-tflite':
      return loadTfjsTflite(model);
    case 'mediapipe-cpu':
      return loadMediapipe(model, 'CPU');
    case 'mediapipe-gpu':
      return loadMediapipe(model, 'GPU');
    case 'litert-wasm':
      return loadLitert(model, 'wasm');
    case 'litert-webgpu':
      return loadLitert(model, 'webgpu');
  }
}
