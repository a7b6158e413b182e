import type { WeightSpec } from './quantize-weights.js';

/**
 * Looks for a value that is not a finite number in weight data laid out as a weights manifest describes it
 * (float32 values, float16-quantized values; uint8/uint16-quantized values are finite when their `min` and
 * `scale` are, which {@link checkWeightSpecs} checks). Int32 and bool weights are skipped.
 *
 * @param specs - Manifest entries of `data`, in order.
 * @param data - The weight bytes (little-endian, as tfjs writes them), at least as long as the specs declare.
 * @returns `undefined` when every value is finite, else a description such as `NaN at index 17 of dense/kernel`.
 */
export function findNonFiniteWeight(specs: readonly WeightSpec[], data: Uint8Array): string | undefined {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let offset = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const stored = spec.quantization?.dtype ?? spec.dtype;
    if (stored === 'float32') {
      for (let i = 0; i < size; i++) {
        const v = view.getFloat32(offset + 4 * i, true);
        if (!Number.isFinite(v)) return `${v} at index ${i} of ${spec.name}`;
      }
    } else if (stored === 'float16') {
      for (let i = 0; i < size; i++) {
        const bits = view.getUint16(offset + 2 * i, true);
        if ((bits & 0x7c00) === 0x7c00) return `${(bits & 0x03ff) === 0 ? `${bits & 0x8000 ? '-' : ''}Infinity` : 'NaN'} at index ${i} of ${spec.name}`;
      }
    }
    offset += size * (stored === 'float32' || stored === 'int32' ? 4 : stored === 'float16' || stored === 'uint16' ? 2 : 1);
  }
  return undefined;
}
