/**
 * Scores the CenterNet detector on a YOLO-format folder (coco128-val by default) with
 * COCO-style mAP on the WASM backend, and prints mAP@0.5, mAP@0.5:0.95 and AP per class.
 *
 *   npx tsx scripts/eval-detector.ts [--folder DIR] [--model model.json] [--limit N]
 *     [--score 0.01] [--iou 0.5] [--max 100]
 *
 * --iou 1 turns the studio's NMS off and scores the graph's own output.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

import { createDetector } from '../app/ml/detect/family';
import { evaluateDetector } from '../app/ml/detect/evaluate';
import { readGraphModel } from '../app/ml/detect/node_model_files';
import { readYoloClassNames, readYoloFolder } from '../app/ml/detect/node_yolo_dataset';

const SHARED = resolve(import.meta.dirname, '../../shared');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      folder: { type: 'string', default: resolve(SHARED, 'datasets/coco128-val') },
      model: {
        type: 'string',
        default: resolve(SHARED, 'models/centernet-coco/centernet.json'),
      },
      limit: { type: 'string' },
      score: { type: 'string', default: '0.01' },
      iou: { type: 'string', default: '0.5' },
      max: { type: 'string', default: '100' },
    },
  });
  const options = {
    scoreThreshold: Number(values.score),
    iouThreshold: Number(values.iou),
    maxDetections: Number(values.max),
  };

  await tf.setBackend('wasm');
  const loadStarted = performance.now();
  const graph = await readGraphModel(values.model);
  const labels = await readYoloClassNames(values.folder);
  const detector = createDetector(graph, labels);
  const loadMs = performance.now() - loadStarted;
  console.log(
    `${detector.family} loaded on ${tf.getBackend()} in ${loadMs.toFixed(0)} ms`,
  );

  const started = performance.now();
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  const result = await evaluateDetector(
    detector,
    readYoloFolder(values.folder, { limit }),
    options,
  );
  const totalMs = performance.now() - started;
  detector.dispose();

  console.log(
    `${result.imageCount} images, ${result.groundTruthCount} boxes, ` +
      `${result.detectionCount} detections (score >= ${options.scoreThreshold}, ` +
      `NMS IoU ${options.iouThreshold}, at most ${options.maxDetections} an image)`,
  );
  console.log(
    `detect ${(result.detectMs / result.imageCount).toFixed(0)} ms an image, ` +
      `${(totalMs / 1000).toFixed(1)} s in all with JPEG decoding`,
  );
  console.log(`mAP@0.5      ${result.map50.toFixed(4)}`);
  console.log(`mAP@0.5:0.95 ${result.map50to95.toFixed(4)}`);
  console.log('\nclass            GT   AP@0.5  AP@0.5:0.95');
  for (const c of result.perClass) {
    const name = (labels[c.classId] ?? `class ${c.classId}`).padEnd(15);
    const gt = String(c.groundTruthCount).padStart(4);
    console.log(`${name} ${gt}   ${c.ap50.toFixed(3)}   ${c.ap50to95.toFixed(3)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
