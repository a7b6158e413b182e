import { describe, expect, it } from 'vitest';
import { encodeIdx } from './encode-idx.js';
import { parseIdx } from './parse-idx.js';

describe('encodeIdx', () => {
  it('writes the bytes of the IDX specification (checked against hand-written files)', () => {
    expect(Array.from(encodeIdx({ shape: [2, 1], data: new Uint8Array([7, 255]) }))).toEqual([0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 1, 7, 255]);
    expect(Array.from(encodeIdx({ shape: [2], data: new Int16Array([1, -2]) }))).toEqual([0, 0, 0x0b, 1, 0, 0, 0, 2, 0, 1, 0xff, 0xfe]);
    expect(Array.from(encodeIdx({ shape: [1], data: new Float32Array([1.5]) }))).toEqual([0, 0, 0x0d, 1, 0, 0, 0, 1, 0x3f, 0xc0, 0, 0]);
    expect(Array.from(encodeIdx({ shape: [], data: new Int8Array([-1]) }))).toEqual([0, 0, 0x09, 0, 0xff]);
  });

  it('round-trips every dtype through parseIdx', () => {
    const cases = [
      { dtype: 'ubyte', data: new Uint8Array([0, 1, 128, 255, 3, 4]) },
      { dtype: 'byte', data: new Int8Array([-128, -1, 0, 1, 127, 5]) },
      { dtype: 'short', data: new Int16Array([-32768, -1, 0, 1, 32767, 300]) },
      { dtype: 'int', data: new Int32Array([-2147483648, -1, 0, 1, 2147483647, 70000]) },
      { dtype: 'float', data: new Float32Array([-0.5, 0, 1e-30, 3.4e38, Number.NaN, Number.POSITIVE_INFINITY]) },
      { dtype: 'double', data: new Float64Array([Math.PI, -Math.E, 5e-324, 1.7e308, Number.NaN, -0]) },
    ] as const;
    for (const { dtype, data } of cases) {
      const decoded = parseIdx(encodeIdx({ shape: [2, 3], data }));
      expect(decoded.dtype).toBe(dtype);
      expect(decoded.shape).toEqual([2, 3]);
      expect(decoded.data.constructor).toBe(data.constructor);
      expect(Array.from(decoded.data)).toEqual(Array.from(data));
    }
  });

  it('encodes a view at an offset and a Uint8ClampedArray', () => {
    const backing = new Int32Array([9, 9, 1, 2, 9]);
    expect(Array.from(parseIdx(encodeIdx({ shape: [2], data: backing.subarray(2, 4) })).data)).toEqual([1, 2]);
    expect(parseIdx(encodeIdx({ shape: [1], data: new Uint8ClampedArray([200]) })).dtype).toBe('ubyte');
  });

  it('rejects bad arguments early', () => {
    expect(() => encodeIdx({ shape: [3], data: new Uint8Array(2) })).toThrow(/encodeIdx: shape \[3\] holds 3 elements, but data has 2/);
    expect(() => encodeIdx({ shape: [1.5], data: new Uint8Array(1) })).toThrow(RangeError);
    expect(() => encodeIdx({ shape: [-1], data: new Uint8Array(1) })).toThrow(RangeError);
    expect(() => encodeIdx({ shape: [2 ** 32], data: new Uint8Array(1) })).toThrow(RangeError);
    expect(() => encodeIdx({ shape: Array(256).fill(1), data: new Uint8Array(1) })).toThrow(/rank ≤ 255/);
    expect(() => encodeIdx({ shape: [1], data: [1] as unknown as Uint8Array })).toThrow(TypeError);
    expect(() => encodeIdx({ shape: [1], data: new Uint16Array(1) as unknown as Uint8Array })).toThrow(TypeError);
    expect(() => encodeIdx({ shape: [1], data: new Uint8Array(1), dtype: 'float' })).toThrow(/dtype 'float' needs a Float32Array, got Uint8Array/);
    expect(() => encodeIdx(null as never)).toThrow(TypeError);
  });
});
