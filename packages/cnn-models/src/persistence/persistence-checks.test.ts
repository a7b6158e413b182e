import { IntegrityError } from '@digitkit/core';
import { describe, expect, it } from 'vitest';
import { checkTopologySizes } from './check-topology-sizes.js';
import { findNonFiniteWeight } from './find-non-finite-weight.js';
import { MAX_WEIGHT_BYTES, checkWeightSpecs } from './weight-specs.js';

describe('findNonFiniteWeight', () => {
  // little-endian bytes written by hand: float32 1.0 = 0x3f800000, NaN = 0x7fc00000; half 1.0 = 0x3c00, -Inf = 0xfc00
  const float32 = (...words: number[]) => new Uint8Array(new Uint32Array(words).buffer);
  it('finds NaN and ±Infinity in float32 and float16 data, at the right weight and index; skips int32', () => {
    const specs = [
      { name: 'counts', shape: [2], dtype: 'int32' as const },
      { name: 'kernel', shape: [3], dtype: 'float32' as const },
    ];
    // int32 0x7fc00000 is not a float: skipped; the float32 weight is checked from its own offset
    expect(findNonFiniteWeight(specs, float32(0x7fc00000, 0x7f800000, 0x3f800000, 0x3f800000, 0x3f800000))).toBeUndefined();
    expect(findNonFiniteWeight(specs, float32(0, 0, 0x3f800000, 0xff800000, 0x3f800000))).toBe('-Infinity at index 1 of kernel');
    expect(findNonFiniteWeight(specs, float32(0, 0, 0x3f800000, 0x3f800000, 0x7fc00000))).toBe('NaN at index 2 of kernel');
    const half = [{ name: 'h', shape: [3], dtype: 'float32' as const, quantization: { dtype: 'float16' as const } }];
    expect(findNonFiniteWeight(half, new Uint8Array(new Uint16Array([0x3c00, 0x7bff, 0x0001]).buffer))).toBeUndefined();
    expect(findNonFiniteWeight(half, new Uint8Array(new Uint16Array([0x3c00, 0xfc00, 0]).buffer))).toBe('-Infinity at index 1 of h');
    expect(findNonFiniteWeight(half, new Uint8Array(new Uint16Array([0x7e00, 0, 0]).buffer))).toBe('NaN at index 0 of h');
  });
});

describe('checkWeightSpecs', () => {
  it('sums the stored bytes per dtype and quantization', () => {
    const checked = checkWeightSpecs('loadModel', 'model.json', [
      { name: 'a', shape: [2, 3], dtype: 'float32' },
      { name: 'b', shape: [5], dtype: 'float32', quantization: { dtype: 'uint8', min: -1, scale: 0.01 } },
      { name: 'c', shape: [], dtype: 'int32' },
      { name: 'd', shape: [4], dtype: 'float32', quantization: { dtype: 'float16' } },
    ]);
    expect(checked.bytes).toEqual([24, 5, 4, 8]);
    expect(checked.totalBytes).toBe(41);
  });

  it('refuses a huge shape without overflowing, and bad quantization parameters', () => {
    const huge = [{ name: 'w', shape: [2 ** 40, 2 ** 40, 2 ** 40], dtype: 'float32' }];
    expect(() => checkWeightSpecs('loadModel', 'model.json', huge)).toThrow(IntegrityError);
    expect(() => checkWeightSpecs('loadModel', 'model.json', huge)).toThrow(`to declare at most ${MAX_WEIGHT_BYTES} bytes`);
    expect(() => checkWeightSpecs('loadModel', 'model.json', [{ name: 'w', shape: [2], dtype: 'float32', quantization: { dtype: 'uint8', min: 0 } }])).toThrow(
      /finite quantization min and scale, got min 0, scale undefined/,
    );
    expect(() => checkWeightSpecs('loadModel', 'model.json', 'x')).toThrow(/expected a weights manifest listing the weights, got the string "x"/);
  });
});

describe('checkTopologySizes', () => {
  const dense = (units: unknown) => ({ class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: { units, batch_input_shape: [null, 4] } }] } });
  it('accepts sizes up to the declared weight count and refuses larger, negative or fractional ones', () => {
    expect(() => checkTopologySizes('loadModel', 'model.json', dense(3), 15)).not.toThrow();
    expect(() => checkTopologySizes('loadModel', 'model.json', dense(16), 15)).toThrow(/expected units to be an integer between 0 and 15 .*, got units 16/);
    expect(() => checkTopologySizes('loadModel', 'model.json', dense(-1), 15)).toThrow(IntegrityError);
    expect(() => checkTopologySizes('loadModel', 'model.json', dense(1.5), 15)).toThrow(IntegrityError);
  });
  it('refuses deep nesting without recursing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(() => checkTopologySizes('loadModel', 'model.json', deep, 10)).toThrow(/nested at most 64 levels deep/);
  });
});
