/**
 * The pretrained models the studio offers, as data. Users' browsers fetch these
 * files from their publishers at run time; the studio never bundles them, and tests
 * never fetch them.
 *
 * Sizes marked approximate are worked out from the parameter counts the publishers
 * give (4 bytes a weight for float32, 2 for float16, about 1 for int8/uint8); the
 * download shows the real byte count once the server sends it.
 */

export type ModelTask = 'classification' | 'detection';
export type ModelPrecision = 'float32' | 'float16' | 'int8' | 'uint8';

export interface CatalogModel {
  id: string;
  name: string;
  task: ModelTask;
  family: 'efficientnet-lite' | 'efficientdet-lite';
  precision: ModelPrecision;
  format: 'tflite';
  url: string;
  /** Square input side in pixels. */
  inputSize: number;
  /** Download size in megabytes (10^6 bytes). */
  sizeMB: number;
  sizeIsApproximate: boolean;
  /** Multiply-adds per image, as published; used to report achieved GFLOP/s. */
  multiplyAdds?: number;
  publisher: string;
  licence: string;
}

const MEDIAPIPE = 'https://storage.googleapis.com/mediapipe-models';
const TFHUB = 'https://tfhub.dev/tensorflow/lite-model';

/** EfficientNet-Lite0..4: input side, parameters, and multiply-adds per image. */
const EFFICIENTNET_LITE = [
  { n: 0, inputSize: 224, params: 4.7e6, multiplyAdds: 407e6 },
  { n: 1, inputSize: 240, params: 5.4e6, multiplyAdds: 631e6 },
  { n: 2, inputSize: 260, params: 6.1e6, multiplyAdds: 899e6 },
  { n: 3, inputSize: 280, params: 8.2e6, multiplyAdds: 1.44e9 },
  { n: 4, inputSize: 300, params: 13.0e6, multiplyAdds: 2.64e9 },
];

/** EfficientDet-Lite0..4: input side and parameters. */
const EFFICIENTDET_LITE = [
  { n: 0, inputSize: 320, params: 3.2e6 },
  { n: 1, inputSize: 384, params: 4.2e6 },
  { n: 2, inputSize: 448, params: 5.3e6 },
  { n: 3, inputSize: 512, params: 8.4e6 },
  { n: 4, inputSize: 640, params: 15.1e6 },
];

const BYTES_PER_WEIGHT: Record<ModelPrecision, number> = {
  float32: 4,
  float16: 2,
  int8: 1.15,
  uint8: 1.15,
};

function megabytes(params: number, precision: ModelPrecision): number {
  return Math.round((params * BYTES_PER_WEIGHT[precision]) / 1e5) / 10;
}

function efficientNetLite(): CatalogModel[] {
  const models: CatalogModel[] = [];
  for (const { n, inputSize, params, multiplyAdds } of EFFICIENTNET_LITE) {
    const common = {
      task: 'classification' as const,
      family: 'efficientnet-lite' as const,
      format: 'tflite' as const,
      inputSize,
      multiplyAdds,
      sizeIsApproximate: true,
      licence: 'Apache-2.0',
    };
    if (n === 0 || n === 2) {
      for (const precision of ['float32', 'int8'] as const) {
        models.push({
          ...common,
          id: `efficientnet-lite${n}-${precision}-mediapipe`,
          name: `EfficientNet-Lite${n} ${precision} (MediaPipe)`,
          precision,
          url: `${MEDIAPIPE}/image_classifier/efficientnet_lite${n}/${precision}/1/efficientnet_lite${n}.tflite`,
          sizeMB: megabytes(params, precision),
          publisher: 'Google MediaPipe',
        });
      }
    }
    for (const [tag, precision] of [
      ['fp32', 'float32'],
      ['int8', 'int8'],
      ['uint8', 'uint8'],
    ] as const) {
      models.push({
        ...common,
        id: `efficientnet-lite${n}-${tag}-tfhub`,
        name: `EfficientNet-Lite${n} ${precision} (TF Hub)`,
        precision,
        url: `${TFHUB}/efficientnet/lite${n}/${tag}/2?lite-format=tflite`,
        sizeMB: megabytes(params, precision),
        publisher: 'Google (TF Hub / Kaggle)',
      });
    }
  }
  return models;
}

function efficientDetLite(): CatalogModel[] {
  const models: CatalogModel[] = [];
  for (const { n, inputSize, params } of EFFICIENTDET_LITE) {
    const common = {
      task: 'detection' as const,
      family: 'efficientdet-lite' as const,
      format: 'tflite' as const,
      inputSize,
      sizeIsApproximate: true,
      licence: 'Apache-2.0',
    };
    if (n === 0 || n === 2) {
      for (const precision of ['float32', 'float16', 'int8'] as const) {
        models.push({
          ...common,
          id: `efficientdet-lite${n}-${precision}-mediapipe`,
          name: `EfficientDet-Lite${n} ${precision} (MediaPipe)`,
          precision,
          url: `${MEDIAPIPE}/object_detector/efficientdet_lite${n}/${precision}/1/efficientdet_lite${n}.tflite`,
          sizeMB: megabytes(params, precision),
          publisher: 'Google MediaPipe',
        });
      }
    }
    models.push({
      ...common,
      id: `efficientdet-lite${n}-uint8-tfhub`,
      name: `EfficientDet-Lite${n} uint8 (TF Hub)`,
      precision: 'uint8',
      url: `${TFHUB}/efficientdet/lite${n}/detection/metadata/1?lite-format=tflite`,
      sizeMB: megabytes(params, 'uint8'),
      publisher: 'Google (TF Hub / Kaggle)',
    });
  }
  return models;
}

export const MODEL_CATALOG: readonly CatalogModel[] = [
  ...efficientNetLite(),
  ...efficientDetLite(),
];

/** The backbone a first visit is offered with one click. */
export const DEFAULT_BACKBONE_ID = 'efficientnet-lite0-int8-mediapipe';

export function findCatalogModel(id: string): CatalogModel | undefined {
  return MODEL_CATALOG.find((model) => model.id === id);
}
