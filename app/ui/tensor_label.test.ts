import { describe, expect, it } from 'vitest';
import { tensorLabel } from './tensor_label';

describe('tensorLabel', () => {
  it("keeps the first of TFLite's joined names", () => {
    expect(
      tensorLabel(
        'efficientnet-lite0/model/head/global_average_pooling2d/Mean;' +
          'StatefulPartitionedCall/sequential/hub_keras_layer_v1v2/StatefulPartitionedCall',
      ),
    ).toBe('efficientnet-lite0/model/head/global_average_pooling2d/Mean');
  });

  it('cuts a long name at its start, keeping the op at its end', () => {
    const label = tensorLabel(`${'block/'.repeat(30)}Relu6`);
    expect(label).toHaveLength(72);
    expect(label.startsWith('…')).toBe(true);
    expect(label.endsWith('/Relu6')).toBe(true);
  });

  it('leaves short names alone', () => {
    expect(tensorLabel('logits')).toBe('logits');
  });
});
