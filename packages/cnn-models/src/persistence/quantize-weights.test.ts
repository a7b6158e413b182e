import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { float32ToFloat16Bits, quantizeWeights } from './quantize-weights.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('float32ToFloat16Bits (IEEE 754 binary16 reference bit patterns)', () => {
  const cases: Array<[number, number]> = [
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff], // largest finite half
    [65520, 0x7c00], // rounds up to +Infinity
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [2 ** -14, 0x0400], // smallest normal
    [2 ** -24, 0x0001], // smallest subnormal
    [2 ** -25, 0x0000], // exactly half of it: ties to even → 0
    [1.5 * 2 ** -25, 0x0001],
    [1 / 3, 0x3555],
    [0.1, 0x2e66],
    [1 + 2 ** -11, 0x3c00], // tie between 1 and 1 + 2^-10: to even (1)
    [1 + 3 * 2 ** -11, 0x3c02], // tie: to even (1 + 2^-9)
  ];
  for (const [value, bits] of cases) {
    it(`${value} → 0x${bits.toString(16).padStart(4, '0')}`, () => {
      expect(float32ToFloat16Bits(value)).toBe(bits);
    });
  }
  it('NaN stays NaN', () => {
    const bits = float32ToFloat16Bits(Number.NaN);
    expect(bits & 0x7c00).toBe(0x7c00);
    expect(bits & 0x03ff).not.toBe(0);
  });
});

describe('quantizeWeights → tf.io.decodeWeights (tfjs’s own decoder)', () => {
  const specs: tf.io.WeightsManifestEntry[] = [
    { name: 'a', shape: [2, 3], dtype: 'float32' },
    { name: 'b', shape: [4], dtype: 'int32' },
    { name: 'c', shape: [3], dtype: 'float32' },
  ];
  const a = new Float32Array([-1.5, 0, 0.25, 2, 3.75, -0.125]);
  const b = new Int32Array([1, -2, 3, 40]);
  const c = new Float32Array([7, 7, 7]);
  const data = new Uint8Array(6 * 4 + 4 * 4 + 3 * 4);
  data.set(new Uint8Array(a.buffer), 0);
  data.set(new Uint8Array(b.buffer), 24);
  data.set(new Uint8Array(c.buffer), 40);

  it('float16: exact for values representable in half precision, int32 untouched', () => {
    const q = quantizeWeights(specs, data.buffer, 'float16');
    expect(q.data.byteLength).toBe(6 * 2 + 4 * 4 + 3 * 2);
    expect(q.specs[0].quantization).toEqual({ dtype: 'float16' });
    expect(q.specs[1].quantization).toBeUndefined();
    const decoded = tf.io.decodeWeights(q.data, q.specs);
    expect(Array.from(decoded.a.dataSync())).toEqual(Array.from(a));
    expect(Array.from(decoded.b.dataSync())).toEqual(Array.from(b));
    expect(Array.from(decoded.c.dataSync())).toEqual(Array.from(c));
    tf.dispose(Object.values(decoded));
  });

  it('uint8: min and max exact, every value within scale / 2, constant tensors exact', () => {
    const q = quantizeWeights(specs, data.buffer, 'uint8');
    expect(q.data.byteLength).toBe(6 + 16 + 3);
    const scale = (3.75 - -1.5) / 255;
    expect(q.specs[0].quantization).toEqual({ dtype: 'uint8', min: -1.5, scale });
    const decoded = tf.io.decodeWeights(q.data, q.specs);
    const values = decoded.a.dataSync();
    expect(values[0]).toBeCloseTo(-1.5, 6);
    expect(values[4]).toBeCloseTo(3.75, 6);
    for (let i = 0; i < 6; i++) expect(Math.abs(values[i] - a[i])).toBeLessThanOrEqual(scale / 2 + 1e-6);
    expect(Array.from(decoded.b.dataSync())).toEqual(Array.from(b));
    expect(Array.from(decoded.c.dataSync())).toEqual([7, 7, 7]);
    tf.dispose(Object.values(decoded));
  });

  it('rejects bad input', () => {
    expect(() => quantizeWeights(specs, data.buffer, 'int4' as 'uint8')).toThrow(/quantizeWeights: expected dtype 'float16' or 'uint8', got "int4"/);
    expect(() => quantizeWeights(specs, data.buffer.slice(0, 30), 'uint8')).toThrow(/quantizeWeights: expected at least 40 bytes for weight 'b', got 30/);
    const nan = new Float32Array([Number.NaN, 1, 2]);
    expect(() => quantizeWeights([specs[2]], nan.buffer, 'uint8')).toThrow(/non-finite value NaN at index 0/);
  });
});
