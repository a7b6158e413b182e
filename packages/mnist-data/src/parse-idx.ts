import { checkOptions, checkString, describeValue } from '@digitkit/core';
import { IdxFormatError } from './errors.js';
import { type IdxArray, type IdxData, type IdxDtype, IDX_TYPES, dtypeFromCode, hexByte } from './idx-types.js';

/** Options of {@link parseIdx}. */
export interface ParseIdxOptions {
  /** File name or URL used in error messages. Default: none. */
  source?: string;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Decodes one IDX file (magic `0x00 0x00 TYPE RANK`, then RANK big-endian uint32 dimensions,
 * then the big-endian elements) into `{ dtype, shape, data }`.
 *
 * For `ubyte`/`byte` files `data` is a zero-copy view over `bytes` (it shares memory with the
 * input); wider types are copied into host byte order. The whole file must be consumed: a file
 * shorter or longer than its header announces is rejected.
 *
 * @param bytes - The raw (not gzipped) file. Use {@link loadIdx} for gzip input.
 * @throws IdxFormatError for a truncated file, wrong magic, unknown type code or a byte size that
 *   does not match the shape. TypeError when `bytes` is not a Uint8Array or ArrayBuffer.
 */
export function parseIdx(bytes: Uint8Array | ArrayBuffer, options: ParseIdxOptions = {}): IdxArray {
  const input = toUint8Array(bytes, 'parseIdx');
  const { source } = checkOptions('parseIdx', options, ['source']);
  if (source !== undefined) checkString('parseIdx', 'source', source);
  const fail = (expected: string, found: string, offset?: number): never => {
    throw new IdxFormatError({ functionName: 'parseIdx', expected, found, offset, source });
  };

  if (input.byteLength < 4) {
    fail('a 4-byte magic number', `a file of ${input.byteLength} byte${input.byteLength === 1 ? '' : 's'}`, 0);
  }
  if (input[0] !== 0 || input[1] !== 0) {
    const gzipHint = input[0] === 0x1f && input[1] === 0x8b ? ' (gzip data: use loadIdx)' : '';
    fail('magic bytes 0x00 0x00', `${hexByte(input[0])} ${hexByte(input[1])}${gzipHint}`, 0);
  }
  const dtype = dtypeFromCode(input[2]);
  if (dtype === undefined) {
    fail('a type code 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e', hexByte(input[2]), 2);
  }
  const type = dtype as IdxDtype;
  const rank = input[3];
  const headerBytes = 4 + 4 * rank;
  if (input.byteLength < headerBytes) {
    fail(`a ${headerBytes}-byte header for rank ${rank}`, `a file of ${input.byteLength} bytes`, input.byteLength);
  }

  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const shape: number[] = new Array(rank);
  let count = 1;
  for (let axis = 0; axis < rank; axis++) {
    const size = view.getUint32(4 + 4 * axis, false);
    shape[axis] = size;
    count *= size; // exact while ≤ 2^53; beyond that it can never match the file size anyway
  }
  const elementBytes = IDX_TYPES[type].bytes;
  const expectedBytes = headerBytes + count * elementBytes;
  if (input.byteLength !== expectedBytes) {
    const shapeText = rank === 0 ? 'a scalar' : shape.join('x');
    fail(
      `${expectedBytes} bytes for ${shapeText} ${type}`,
      `${input.byteLength}`,
      Math.min(input.byteLength, expectedBytes),
    );
  }

  const data = decodeElements(input, headerBytes, count, type);
  return { dtype: type, shape, data } as IdxArray;
}

/** Converts the accepted input types to a Uint8Array view without copying. */
export function toUint8Array(bytes: unknown, functionName: string): Uint8Array {
  if (bytes instanceof Uint8Array) {
    return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  if (ArrayBuffer.isView(bytes)) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  throw new TypeError(`${functionName}: expected a Uint8Array or ArrayBuffer, got ${describeValue(bytes)}`);
}

function decodeElements(input: Uint8Array, start: number, count: number, dtype: IdxDtype): IdxData {
  const byteOffset = input.byteOffset + start;
  switch (dtype) {
    case 'ubyte':
      return new Uint8Array(input.buffer, byteOffset, count);
    case 'byte':
      return new Int8Array(input.buffer, byteOffset, count);
    default: {
      const elementBytes = IDX_TYPES[dtype].bytes;
      const copy = new ArrayBuffer(count * elementBytes);
      const target = new Uint8Array(copy);
      target.set(input.subarray(start, start + count * elementBytes));
      if (LITTLE_ENDIAN_HOST) swapBytes(target, elementBytes);
      if (dtype === 'short') return new Int16Array(copy);
      if (dtype === 'int') return new Int32Array(copy);
      if (dtype === 'float') return new Float32Array(copy);
      return new Float64Array(copy);
    }
  }
}

/** Reverses the byte order of every `width`-byte element of `bytes` in place. */
export function swapBytes(bytes: Uint8Array, width: number): void {
  const n = bytes.length;
  for (let i = 0; i < n; i += width) {
    for (let lo = i, hi = i + width - 1; lo < hi; lo++, hi--) {
      const t = bytes[lo];
      bytes[lo] = bytes[hi];
      bytes[hi] = t;
    }
  }
}
