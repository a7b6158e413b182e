import { describe, expect, it } from 'vitest';
import { IdxFormatError } from './errors.js';
import { parseIdx } from './parse-idx.js';

/** Bytes written out by hand from the IDX specification (big-endian). */
const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

function expectIdxError(run: () => unknown, fields: { expected?: RegExp; found?: RegExp; offset?: number }): IdxFormatError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(IdxFormatError);
  const error = caught as IdxFormatError;
  if (fields.expected) expect(error.expected).toMatch(fields.expected);
  if (fields.found) expect(error.found).toMatch(fields.found);
  if (fields.offset !== undefined) expect(error.offset).toBe(fields.offset);
  expect(error.message.startsWith('parseIdx: expected ')).toBe(true);
  return error;
}

describe('parseIdx: every element type, big-endian', () => {
  it('ubyte rank 3 (2x2x3)', () => {
    const file = bytes(0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3, ...Array.from({ length: 12 }, (_, i) => i * 20));
    const { dtype, shape, data } = parseIdx(file);
    expect(dtype).toBe('ubyte');
    expect(shape).toEqual([2, 2, 3]);
    expect(data).toBeInstanceOf(Uint8Array);
    expect(Array.from(data)).toEqual([0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200, 220]);
  });

  it('byte (signed) rank 1', () => {
    const { dtype, data } = parseIdx(bytes(0, 0, 0x09, 1, 0, 0, 0, 3, 0x7f, 0x80, 0xff));
    expect(dtype).toBe('byte');
    expect(data).toBeInstanceOf(Int8Array);
    expect(Array.from(data)).toEqual([127, -128, -1]);
  });

  it('short', () => {
    const { dtype, data } = parseIdx(bytes(0, 0, 0x0b, 1, 0, 0, 0, 3, 0x00, 0x01, 0xff, 0xfe, 0x12, 0x34));
    expect(dtype).toBe('short');
    expect(data).toBeInstanceOf(Int16Array);
    expect(Array.from(data)).toEqual([1, -2, 0x1234]);
  });

  it('int', () => {
    const { data } = parseIdx(bytes(0, 0, 0x0c, 1, 0, 0, 0, 2, 0x12, 0x34, 0x56, 0x78, 0x80, 0, 0, 0));
    expect(data).toBeInstanceOf(Int32Array);
    expect(Array.from(data)).toEqual([0x12345678, -2147483648]);
  });

  it('float (IEEE 754 single)', () => {
    // 1.5 = 0x3fc00000, -2 = 0xc0000000, NaN = 0x7fc00000
    const { dtype, data } = parseIdx(bytes(0, 0, 0x0d, 1, 0, 0, 0, 3, 0x3f, 0xc0, 0, 0, 0xc0, 0, 0, 0, 0x7f, 0xc0, 0, 0));
    expect(dtype).toBe('float');
    expect(data).toBeInstanceOf(Float32Array);
    expect(data[0]).toBe(1.5);
    expect(data[1]).toBe(-2);
    expect(Number.isNaN(data[2])).toBe(true);
  });

  it('double (IEEE 754 double), rank 2', () => {
    // 0.1 = 0x3fb999999999999a, -Infinity = 0xfff0000000000000
    const { shape, data } = parseIdx(
      bytes(0, 0, 0x0e, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a, 0xff, 0xf0, 0, 0, 0, 0, 0, 0),
    );
    expect(shape).toEqual([1, 2]);
    expect(data).toBeInstanceOf(Float64Array);
    expect(Array.from(data)).toEqual([0.1, Number.NEGATIVE_INFINITY]);
  });

  it('rank 0 is a scalar with one element', () => {
    const { shape, data } = parseIdx(bytes(0, 0, 0x08, 0, 42));
    expect(shape).toEqual([]);
    expect(Array.from(data)).toEqual([42]);
  });

  it('a zero-sized dimension gives an empty array', () => {
    const { shape, data } = parseIdx(bytes(0, 0, 0x0c, 2, 0, 0, 0, 0, 0, 0, 0, 5));
    expect(shape).toEqual([0, 5]);
    expect(data.length).toBe(0);
  });

  it('rank 5', () => {
    const { shape, data } = parseIdx(bytes(0, 0, 0x08, 5, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1, 9, 8, 7, 6));
    expect(shape).toEqual([1, 2, 1, 2, 1]);
    expect(Array.from(data)).toEqual([9, 8, 7, 6]);
  });
});

describe('parseIdx: input kinds and zero copy', () => {
  const file = bytes(0, 0, 0x08, 1, 0, 0, 0, 3, 5, 6, 7);

  it('ubyte data is a view over the input (no copy)', () => {
    const { data } = parseIdx(file);
    expect(data.buffer).toBe(file.buffer);
    expect(data.byteOffset).toBe(8);
    file[8] = 99;
    expect(data[0]).toBe(99);
    file[8] = 5;
  });

  it('accepts an ArrayBuffer and a Uint8Array at a non-zero offset', () => {
    expect(Array.from(parseIdx(file.buffer as ArrayBuffer).data)).toEqual([5, 6, 7]);
    const padded = new Uint8Array(3 + file.length);
    padded.set(file, 3);
    expect(Array.from(parseIdx(padded.subarray(3)).data)).toEqual([5, 6, 7]);
  });

  it('decodes wide types at an odd byte offset', () => {
    const short = bytes(0xaa, 0, 0, 0x0b, 1, 0, 0, 0, 2, 0x01, 0x00, 0x80, 0x01);
    expect(Array.from(parseIdx(short.subarray(1)).data)).toEqual([256, -32767]);
  });

  it('rejects other inputs with a TypeError', () => {
    expect(() => parseIdx('0000' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => parseIdx(null as unknown as Uint8Array)).toThrow(/parseIdx: expected a Uint8Array or ArrayBuffer, got null/);
  });
});

describe('parseIdx: bad input throws IdxFormatError naming expected and found', () => {
  it('empty and truncated magic', () => {
    expectIdxError(() => parseIdx(bytes()), { expected: /4-byte magic/, found: /0 bytes/, offset: 0 });
    expectIdxError(() => parseIdx(bytes(0, 0, 8)), { found: /3 bytes/, offset: 0 });
  });

  it('wrong magic', () => {
    expectIdxError(() => parseIdx(bytes(1, 0, 8, 1, 0, 0, 0, 0)), { expected: /0x00 0x00/, found: /0x01 0x00/, offset: 0 });
  });

  it('gzip data passed to parseIdx points to loadIdx', () => {
    const error = expectIdxError(() => parseIdx(bytes(0x1f, 0x8b, 8, 0, 0, 0)), { found: /0x1f 0x8b.*loadIdx/ });
    expect(error.message).toMatch(/gzip/);
  });

  it('unknown type codes', () => {
    for (const code of [0x00, 0x07, 0x0a, 0x0f, 0xff]) {
      expectIdxError(() => parseIdx(bytes(0, 0, code, 1, 0, 0, 0, 0)), { expected: /type code/, offset: 2 });
    }
  });

  it('header shorter than its rank needs', () => {
    expectIdxError(() => parseIdx(bytes(0, 0, 8, 3, 0, 0, 0, 1, 0, 0)), {
      expected: /16-byte header for rank 3/,
      found: /10 bytes/,
      offset: 10,
    });
  });

  it('truncated data, with the message from the house style', () => {
    const header = bytes(0, 0, 0x08, 3, 0, 0, 0xea, 0x60, 0, 0, 0, 28, 0, 0, 0, 28);
    const file = new Uint8Array(1024);
    file.set(header);
    const error = expectIdxError(() => parseIdx(file), { offset: 1024 });
    expect(error.message).toBe('parseIdx: expected 47040016 bytes for 60000x28x28 ubyte, got 1024 at byte 1024');
  });

  it('trailing bytes after the data', () => {
    expectIdxError(() => parseIdx(bytes(0, 0, 0x08, 1, 0, 0, 0, 2, 1, 2, 3)), {
      expected: /^10 bytes for 2 ubyte$/,
      found: /^11$/,
      offset: 10,
    });
  });

  it('wide type whose data is not a whole number of elements', () => {
    expectIdxError(() => parseIdx(bytes(0, 0, 0x0c, 1, 0, 0, 0, 1, 1, 2, 3)), { expected: /12 bytes for 1 int/ });
  });

  it('huge dimensions do not allocate or overflow', () => {
    const file = bytes(0, 0, 0x0e, 4, ...Array(16).fill(0xff), 1, 2, 3, 4);
    expectIdxError(() => parseIdx(file), { found: /^24$/ });
  });
});
