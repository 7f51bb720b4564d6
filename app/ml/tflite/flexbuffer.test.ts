import { builder, encode } from 'flatbuffers/mjs/flexbuffers.js';
import { describe, expect, test } from 'vitest';

import { TfliteFormatError } from './errors';
import { readFlexbuffer, readFlexbufferMap } from './flexbuffer';

describe('readFlexbuffer', () => {
  test('reads a map laid out by hand, byte by byte', () => {
    // { a: 7 }, every width one byte:
    //   0..1  "a\0"           the key
    //   2     1               keys vector length
    //   3     3               key offset: 3 - 3 = byte 0
    //   4     1               keys vector offset: 4 - 1 = byte 3
    //   5     1               keys vector width
    //   6     1               map length
    //   7     7               value a
    //   8     4               its type: INT << 2 | width 1
    //   9     2               root: offset 9 - 2 = byte 7 (the map's values)
    //   10    36              root type: MAP << 2 | width 1
    //   11    1               root width
    const bytes = new Uint8Array([97, 0, 1, 3, 1, 1, 1, 7, 4, 2, 36, 1]);
    expect(readFlexbuffer(bytes)).toEqual({ a: 7 });
  });

  test('reads a TFLite-style options map: float32 floats, ints and a bool, 4-byte slots', () => {
    const b = builder();
    b.startMap();
    b.addKey('max_detections');
    b.addInt(25);
    b.addKey('nms_iou_threshold');
    b.addFloat(Math.fround(0.5));
    b.addKey('nms_score_threshold');
    b.addFloat(Math.fround(0.4));
    b.addKey('use_regular_nms');
    b.add(false);
    b.addKey('y_scale');
    b.addFloat(Math.fround(10));
    b.end();
    const bytes = b.finish();
    // The root is a map of width 4 (float32 values widen every slot to 4 bytes).
    expect(bytes[bytes.byteLength - 2]).toBe((9 << 2) | 2);

    expect(readFlexbufferMap(bytes)).toEqual({
      max_detections: 25,
      nms_iou_threshold: 0.5,
      nms_score_threshold: Math.fround(0.4),
      use_regular_nms: false,
      y_scale: 10,
    });
  });

  test('reads doubles and 64-bit ints in 8-byte slots, negative ints, nested values', () => {
    const bytes = encode({
      score: 0.4,
      big: 2 ** 40,
      negative: -3,
      name: 'ssd',
      list: [1, 'two', 3.5, true, null],
      nested: { inner: [0.25, 0.5] },
    });

    expect(readFlexbuffer(bytes)).toEqual({
      score: 0.4,
      big: 2 ** 40,
      negative: -3,
      name: 'ssd',
      list: [1, 'two', 3.5, true, null],
      nested: { inner: [0.25, 0.5] },
    });
  });

  test('reads a scalar root and a blob', () => {
    expect(readFlexbuffer(encode(-12345))).toBe(-12345);
    expect(readFlexbuffer(encode(new Uint8Array([1, 2, 3])))).toEqual(
      new Uint8Array([1, 2, 3]),
    );
  });

  test('refuses truncated bytes, offsets leaving the buffer and a root that is no map', () => {
    expect(() => readFlexbuffer(new Uint8Array([1, 2]))).toThrow(
      'corrupt FlexBuffer: 2 bytes cannot hold a root value',
    );
    // The map's root offset says 200 bytes back, before the start.
    const bytes = new Uint8Array([97, 0, 1, 3, 1, 1, 1, 7, 4, 200, 36, 1]);
    expect(() => readFlexbuffer(bytes)).toThrow(TfliteFormatError);
    expect(() => readFlexbuffer(bytes)).toThrow(/lie outside its 12 bytes/);
    expect(() => readFlexbufferMap(encode([1, 2]), 'custom options')).toThrow(
      'corrupt custom options: the root is not a map',
    );
  });
});
