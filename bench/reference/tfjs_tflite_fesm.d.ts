/** The single-file ESM build of tfjs-tflite has the package's own API. */
declare module '@tensorflow/tfjs-tflite/dist/tf-tflite.fesm.js' {
  export * from '@tensorflow/tfjs-tflite';
}
