import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from './base64.js';

function bytesOf(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

describe('base64', () => {
  it("equals Node's Buffer base64 for every length remainder, and decodes back", () => {
    for (const length of [0, 1, 2, 3, 4, 5, 6, 7, 255, 256, 257, 12288, 12289, 100_003]) {
      const bytes = bytesOf(length, length + 1);
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(text)).toEqual(bytes);
    }
  });

  it('encodes every byte value', () => {
    const bytes = Uint8Array.from({ length: 256 * 3 }, (_, i) => (i * 7) & 255);
    expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('rejects malformed text', () => {
    expect(decodeBase64('abc')).toBeUndefined();
    expect(decodeBase64('ab$=')).toBeUndefined();
  });
});
