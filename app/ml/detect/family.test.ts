import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { identifyDetectorFamily } from './family';

const SHARED = resolve(__dirname, '../../../../shared');

describe('identifyDetectorFamily', () => {
  it('recognises the real CenterNet graph by its outputs', () => {
    const json = JSON.parse(
      readFileSync(resolve(SHARED, 'models/centernet-coco/centernet.json'), 'utf8'),
    ) as { signature: { outputs: Record<string, unknown> } };
    expect(identifyDetectorFamily(Object.keys(json.signature.outputs)).name).toBe(
      'centernet',
    );
  });

  it('tells the two EfficientDet exports apart', () => {
    const odApi = [
      'detection_boxes',
      'detection_scores',
      'detection_classes',
      'num_detections',
    ];
    expect(identifyDetectorFamily(odApi).name).toBe('efficientdet-od-api');
    expect(identifyDetectorFamily(['detections:0']).name).toBe('efficientdet-automl');
  });

  it('rejects a classifier, naming what it found', () => {
    expect(() =>
      identifyDetectorFamily(['StatefulPartitionedCall:0', 'dense/Softmax']),
    ).toThrow(
      'this model has no detection outputs (found: StatefulPartitionedCall:0, dense/Softmax)',
    );
    expect(() => identifyDetectorFamily(['detection_boxes'])).toThrow(
      /no detection outputs/,
    );
  });
});
