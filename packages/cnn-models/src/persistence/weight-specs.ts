import { IntegrityError, describeValue } from '@digitkit/core';
import type { WeightSpec } from './quantize-weights.js';

/** Bytes per stored value of each weights-manifest dtype (the quantized dtype when a weight is quantized). */
const BYTES_PER_VALUE: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };
const DTYPES = ['float32', 'int32', 'bool'];
const QUANTIZED_DTYPES = ['float16', 'uint8', 'uint16'];
/** Largest byte size one weight may declare (2 GiB); anything above is refused before a byte is read. */
export const MAX_WEIGHT_BYTES = 2 ** 31;

/** What {@link checkWeightSpecs} found: the specs and the bytes each one occupies in the weight data. */
export interface CheckedWeightSpecs {
  /** The entries, unchanged. */
  specs: WeightSpec[];
  /** Stored bytes of each entry, in order. */
  bytes: number[];
  /** Sum of `bytes`. */
  totalBytes: number;
}

/**
 * Checks weights-manifest entries read from a file (`model.json`'s `weightsManifest[].weights`) before any
 * weight byte is read or allocated: each entry is `{ name, shape, dtype[, quantization] }` with a known dtype,
 * a shape of non-negative safe integers and at most {@link MAX_WEIGHT_BYTES} bytes; `quantization` (when present)
 * has a known dtype and finite `min`/`scale` for uint8/uint16.
 *
 * @param functionName - Starts the error message.
 * @param file - The file the entries come from (named in the error).
 * @param specs - What the file holds.
 * @throws IntegrityError naming the file, the entry, what was expected and what was found.
 */
export function checkWeightSpecs(functionName: string, file: string, specs: unknown): CheckedWeightSpecs {
  const fail = (expected: string, found: string): never => {
    throw new IntegrityError({ functionName, file, expected, found, fix: 'the file is damaged or not a tfjs model: save the model again' });
  };
  if (!Array.isArray(specs)) fail('a weights manifest listing the weights', describeValue(specs));
  const list = specs as unknown[];
  const bytes: number[] = [];
  let totalBytes = 0;
  list.forEach((entry, index) => {
    const where = `weight ${index}`;
    if (entry === null || typeof entry !== 'object') fail(`${where} to be an object { name, shape, dtype }`, describeValue(entry));
    const spec = entry as Partial<WeightSpec>;
    if (typeof spec.name !== 'string') fail(`${where} to have a string name`, describeValue(spec.name));
    const label = `weight ${index} (${JSON.stringify(spec.name).slice(0, 60)})`;
    if (!DTYPES.includes(spec.dtype as string)) fail(`${label} to have dtype ${DTYPES.join(', ')}`, describeValue(spec.dtype));
    const shape = spec.shape as unknown;
    if (!Array.isArray(shape) || shape.length > 8 || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
      fail(`${label} to have a shape of at most 8 non-negative integers`, Array.isArray(shape) ? JSON.stringify(shape).slice(0, 80) : describeValue(shape));
    }
    let storedDtype = spec.dtype as string;
    if (spec.quantization !== undefined) {
      const q = spec.quantization as { dtype?: unknown; min?: unknown; scale?: unknown };
      if (q === null || typeof q !== 'object' || !QUANTIZED_DTYPES.includes(q.dtype as string)) {
        fail(`${label} to have a quantization dtype ${QUANTIZED_DTYPES.join(', ')}`, describeValue(q?.dtype));
      }
      if (q.dtype !== 'float16' && !(Number.isFinite(q.min) && Number.isFinite(q.scale))) {
        fail(`${label} to have a finite quantization min and scale`, `min ${describeValue(q.min)}, scale ${describeValue(q.scale)}`);
      }
      storedDtype = q.dtype as string;
    }
    let size = BYTES_PER_VALUE[storedDtype];
    for (const d of shape as number[]) {
      size *= d;
      if (size > MAX_WEIGHT_BYTES) fail(`${label} to declare at most ${MAX_WEIGHT_BYTES} bytes`, `shape [${(shape as number[]).join(', ')}]`);
    }
    bytes.push(size);
    totalBytes += size;
  });
  return { specs: list as WeightSpec[], bytes, totalBytes };
}
