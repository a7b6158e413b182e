import { checkOneOf, checkOptions, describeValue } from '@digitkit/core';
import { type IdxData, type IdxDtype, IDX_TYPES } from './idx-types.js';
import { swapBytes } from './parse-idx.js';

/** Input of {@link encodeIdx}: a typed array plus its shape; `dtype` is inferred from `data` when omitted. */
export interface EncodeIdxInput {
  /** Dimension sizes, outermost first; each an integer in 0..2^32-1, at most 255 of them. */
  shape: readonly number[];
  /** Elements in row-major order: Uint8Array/Uint8ClampedArray (ubyte), Int8Array (byte), Int16Array (short), Int32Array (int), Float32Array (float) or Float64Array (double). */
  data: IdxData | Uint8ClampedArray;
  /** Element type; must agree with `data`'s class when given. */
  dtype?: IdxDtype;
}

/**
 * Encodes a typed array as one IDX file (magic `0x00 0x00 TYPE RANK`, big-endian dimensions and
 * elements). `parseIdx(encodeIdx(a))` gives back `a`.
 *
 * @returns A new Uint8Array of `4 + 4 * rank + elements * elementBytes` bytes.
 * @throws TypeError for an unsupported typed array or a `dtype` that does not match it;
 *   RangeError for a bad shape or one whose element count is not `data.length`.
 */
export function encodeIdx(input: EncodeIdxInput): Uint8Array {
  if (typeof input !== 'object' || input === null) {
    throw new TypeError(`encodeIdx: expected { shape, data }, got ${describeValue(input)}`);
  }
  checkOptions('encodeIdx', input, ['shape', 'data', 'dtype'], 'input');
  const { shape, data } = input;
  const inferred = dtypeOfData(data);
  if (inferred === undefined) {
    throw new TypeError(
      `encodeIdx: expected data to be a Uint8Array, Int8Array, Int16Array, Int32Array, Float32Array or Float64Array, got ${describeValue(data)}`,
    );
  }
  const dtype =
    input.dtype === undefined ? inferred : checkOneOf('encodeIdx', 'input.dtype', input.dtype, Object.keys(IDX_TYPES) as IdxDtype[]);
  if (dtype !== inferred) {
    throw new TypeError(`encodeIdx: dtype '${dtype}' needs ${arrayNameOf(dtype)}, got ${data.constructor.name}`);
  }
  if (!Array.isArray(shape)) throw new TypeError(`encodeIdx: expected shape to be an array of sizes, got ${describeValue(shape)}`);
  if (shape.length > 255) throw new RangeError(`encodeIdx: expected rank ≤ 255, got ${shape.length}`);
  let count = 1;
  for (const size of shape) {
    if (!Number.isInteger(size) || size < 0 || size > 0xffffffff) {
      throw new RangeError(`encodeIdx: expected each shape entry to be an integer in 0..4294967295, got ${size}`);
    }
    count *= size;
  }
  if (count !== data.length) {
    throw new RangeError(`encodeIdx: shape [${shape.join(', ')}] holds ${count} elements, but data has ${data.length}`);
  }

  const { code, bytes: elementBytes } = IDX_TYPES[dtype];
  const headerBytes = 4 + 4 * shape.length;
  const out = new Uint8Array(headerBytes + count * elementBytes);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = shape.length;
  shape.forEach((size, axis) => view.setUint32(4 + 4 * axis, size, false));
  const body = out.subarray(headerBytes);
  body.set(new Uint8Array(data.buffer, data.byteOffset, count * elementBytes));
  if (elementBytes > 1 && new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) swapBytes(body, elementBytes);
  return out;
}

function dtypeOfData(data: unknown): IdxDtype | undefined {
  if (data instanceof Uint8Array || data instanceof Uint8ClampedArray) return 'ubyte';
  if (data instanceof Int8Array) return 'byte';
  if (data instanceof Int16Array) return 'short';
  if (data instanceof Int32Array) return 'int';
  if (data instanceof Float32Array) return 'float';
  if (data instanceof Float64Array) return 'double';
  return undefined;
}

function arrayNameOf(dtype: IdxDtype): string {
  return {
    ubyte: 'a Uint8Array',
    byte: 'an Int8Array',
    short: 'an Int16Array',
    int: 'an Int32Array',
    float: 'a Float32Array',
    double: 'a Float64Array',
  }[dtype];
}
