import type * as tf from '@tensorflow/tfjs-core';

/** Weight quantizations tfjs's loaders decode (`weightsManifest[].weights[].quantization`). */
export type WeightQuantization = 'float16' | 'uint8';

/** A weights-manifest entry (the `tf.io.WeightsManifestEntry` shape). */
export type WeightSpec = tf.io.WeightsManifestEntry;

/** Result of {@link quantizeWeights}. */
export interface QuantizedWeights {
  /** Manifest entries; each float32 entry carries a `quantization` field (`{ dtype: 'float16' }` or `{ dtype: 'uint8', min, scale }`). */
  specs: WeightSpec[];
  /** The quantized weight bytes, in spec order. */
  data: ArrayBuffer;
}

/**
 * Quantizes float32 weights into the weights-manifest format that tfjs's own loaders (`tf.loadLayersModel`,
 * `tf.loadGraphModel`, `tf.io.decodeWeights`) dequantize on load, in Node and in browsers:
 *
 * - `'float16'`: IEEE half precision, round-to-nearest-even; entry `quantization: { dtype: 'float16' }`.
 *   Relative error ≤ 2^-11 for |v| in [6.1e-5, 65504]; half the size.
 * - `'uint8'`: affine per tensor, `v ≈ q · scale + min` with `scale = (max − min) / 255` (1 when max = min),
 *   `q = round((v − min) / scale)`; entry `quantization: { dtype: 'uint8', min, scale }`. Error ≤ scale / 2;
 *   a quarter of the size.
 *
 * Non-float32 weights (e.g. int32) are copied unchanged.
 *
 * @param specs - Manifest entries of `data` (unquantized).
 * @param data - The weight bytes described by `specs`, concatenated.
 * @param dtype - Target quantization.
 */
export function quantizeWeights(specs: readonly WeightSpec[], data: ArrayBuffer, dtype: WeightQuantization): QuantizedWeights {
  const fn = 'quantizeWeights';
  if (dtype !== 'float16' && dtype !== 'uint8') {
    throw new TypeError(`${fn}: expected dtype 'float16' or 'uint8', got ${JSON.stringify(dtype)}`);
  }
  const chunks: Uint8Array[] = [];
  const outSpecs: WeightSpec[] = [];
  let offset = 0;
  for (const spec of specs) {
    if (spec.quantization) throw new TypeError(`${fn}: weight '${spec.name}' is already quantized`);
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const bytesPerValue = spec.dtype === 'float32' || spec.dtype === 'int32' ? 4 : spec.dtype === 'bool' ? 1 : -1;
    if (bytesPerValue < 0) throw new TypeError(`${fn}: weight '${spec.name}' has unsupported dtype ${spec.dtype}`);
    const byteLength = size * bytesPerValue;
    if (offset + byteLength > data.byteLength) {
      throw new RangeError(`${fn}: expected at least ${offset + byteLength} bytes for weight '${spec.name}', got ${data.byteLength}`);
    }
    const bytes = new Uint8Array(data, offset, byteLength);
    offset += byteLength;
    if (spec.dtype !== 'float32') {
      chunks.push(bytes.slice());
      outSpecs.push({ ...spec });
      continue;
    }
    const values = new Float32Array(bytes.slice().buffer);
    if (dtype === 'float16') {
      const half = new Uint16Array(size);
      for (let i = 0; i < size; i++) half[i] = float32ToFloat16Bits(values[i]);
      chunks.push(new Uint8Array(half.buffer));
      outSpecs.push({ ...spec, quantization: { dtype: 'float16' } });
    } else {
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < size; i++) {
        const v = values[i];
        if (!Number.isFinite(v)) throw new RangeError(`${fn}: weight '${spec.name}' holds a non-finite value ${v} at index ${i}`);
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (size === 0) {
        min = 0;
        max = 0;
      }
      const scale = max > min ? (max - min) / 255 : 1;
      const q = new Uint8Array(size);
      for (let i = 0; i < size; i++) q[i] = Math.min(255, Math.max(0, Math.round((values[i] - min) / scale)));
      chunks.push(q);
      outSpecs.push({ ...spec, quantization: { dtype: 'uint8', min, scale } });
    }
  }
  if (offset !== data.byteLength) {
    throw new RangeError(`${fn}: expected ${offset} bytes of weights for the specs, got ${data.byteLength}`);
  }
  const total = chunks.reduce((s, c) => s + c.byteLength, 0);
  const out = new Uint8Array(total);
  let position = 0;
  for (const chunk of chunks) {
    out.set(chunk, position);
    position += chunk.byteLength;
  }
  return { specs: outSpecs, data: out.buffer };
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * IEEE 754 binary16 bits of a number (rounded to float32 first), round-to-nearest-even, with subnormals,
 * overflow to ±Infinity and NaN preserved.
 */
export function float32ToFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    let half = mantissa >>> shift;
    const remainder = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (remainder > halfway || (remainder === halfway && (half & 1) === 1)) half += 1;
    return sign | half;
  }
  let half = (e << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  if (remainder > 0x1000 || (remainder === 0x1000 && (half & 1) === 1)) half += 1;
  return sign | half;
}
