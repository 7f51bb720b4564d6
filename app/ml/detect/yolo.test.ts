import { describe, expect, it } from 'vitest';

import { parseClassNames, parseYoloLabels } from './yolo';

const source = { file: 'a.txt', imageWidth: 640, imageHeight: 480 };

describe('parseYoloLabels', () => {
  it('turns normalised centre and size into pixel corners', () => {
    // cx .5, w .25 of 640: x 240..400; cy .5, h .5 of 480: y 120..360.
    const { boxes, problems } = parseYoloLabels('3 0.5 0.5 0.25 0.5\n', source);
    expect(problems).toEqual([]);
    expect(boxes).toEqual([{ classId: 3, box: { x1: 240, y1: 120, x2: 400, y2: 360 } }]);
  });

  it('skips blank lines and CRLF endings', () => {
    const { boxes, problems } = parseYoloLabels(
      '\n0 0.1 0.1 0.1 0.1\r\n   \r\n1 0.9 0.9 0.1 0.1\n\n',
      source,
    );
    expect(problems).toEqual([]);
    expect(boxes.map((b) => b.classId)).toEqual([0, 1]);
  });

  it('reports malformed lines with file and line, and keeps the good ones', () => {
    const text = [
      '0 0.5 0.5 0.2 0.2',
      '1 0.5 0.5 0.2',
      'x 0.5 0.5 0.2 0.2',
      '2.5 0.5 0.5 0.2 0.2',
      '4 0.5 1.5 0.2 0.2',
      '',
      '99 0.5 0.5 0.2 0.2',
      '5 0.5 0.5 0.2 0.2 0.7 0.1',
      '6 0.5 0.5 0.2 0.2',
    ].join('\n');
    const { boxes, problems } = parseYoloLabels(text, { ...source, classCount: 80 });
    expect(boxes.map((b) => b.classId)).toEqual([0, 6]);
    expect(problems.map((p) => [p.file, p.line])).toEqual([
      ['a.txt', 2],
      ['a.txt', 3],
      ['a.txt', 4],
      ['a.txt', 5],
      ['a.txt', 7],
      ['a.txt', 8],
    ]);
    expect(problems[0].message).toMatch(/expected 5 fields.*found 4/);
    expect(problems[1].message).toMatch(/"x" is not a number/);
    expect(problems[2].message).toMatch(/non-negative integer, got 2\.5/);
    expect(problems[3].message).toMatch(/normalised to 0\.\.1/);
    expect(problems[4].message).toMatch(
      /class id 99 is out of range: there are 80 classes/,
    );
  });

  it('clips boxes that spill over the edge', () => {
    // cx 0.01, w 0.1 of 640: x from -25.6, clipped to 0, to 38.4.
    const { boxes } = parseYoloLabels('0 0.01 0.5 0.1 0.1', source);
    expect(boxes[0].box.x1).toBe(0);
    expect(boxes[0].box.x2).toBeCloseTo(38.4, 9);
  });

  it('rejects a missing image size', () => {
    expect(() => parseYoloLabels('', { ...source, imageWidth: 0 })).toThrow(
      /0x480 \(a\.txt\)/,
    );
  });
});

describe('parseClassNames', () => {
  it('reads one name a line, trailing blank lines allowed', () => {
    expect(parseClassNames('person\r\nbicycle\ntraffic light\n\n')).toEqual([
      'person',
      'bicycle',
      'traffic light',
    ]);
  });

  it('rejects a blank line in the middle, which would shift the ids', () => {
    expect(() => parseClassNames('a\n\nb\n')).toThrow(/blank line at line 2/);
  });
});
