import { describe, expect, it } from 'vitest';
import { rankClasses } from './classify';

describe('rankClasses', () => {
  it('ranks a probability distribution as it is', () => {
    const ranked = rankClasses([0.1, 0.6, 0.3], ['a', 'b', 'c'], 2);
    expect(ranked.map((c) => c.label)).toEqual(['b', 'c']);
    expect(ranked[0].score).toBeCloseTo(0.6, 6);
  });

  it('softmaxes logits', () => {
    const ranked = rankClasses([0, Math.log(3)], ['x', 'y']);
    expect(ranked[0]).toMatchObject({ index: 1, label: 'y' });
    expect(ranked[0].score).toBeCloseTo(0.75, 6);
  });

  it('names unlabelled classes by index', () => {
    expect(rankClasses([1, 0], undefined, 1)[0].label).toBe('class 0');
  });
});
