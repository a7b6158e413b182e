import { createRng } from '@digitkit/core';
import { loadMnist } from '@digitkit/mnist-data/node';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PNG_MAX_PIXELS as MAX_PNG_PIXELS } from '@digitkit/preprocess-augment/node';
import { pngToDigit } from './read-png-digit.js';
import { mnistToPng } from './test-png.js';
import { UserError } from './user-error.js';

// predict's input path (pngToDigit: header check, pngjs decode, toMnistDigit) on thousands of hostile PNGs: mutated,
// truncated, with re-computed CRCs so the damage reaches the decoder, forged sizes, garbage. The only error allowed
// is the CLI's one-line UserError naming the file; memory stays bounded.

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Offsets of every chunk: [start of length field, data length]. */
function chunks(png: Uint8Array): Array<{ at: number; length: number }> {
  const found: Array<{ at: number; length: number }> = [];
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let at = 8; at + 12 <= png.length; ) {
    const length = view.getUint32(at);
    if (at + 12 + length > png.length) break;
    found.push({ at, length });
    at += 12 + length;
  }
  return found;
}

function fixCrc(png: Uint8Array, chunk: { at: number; length: number }): void {
  const crc = crc32(png.subarray(chunk.at + 4, chunk.at + 8 + chunk.length));
  new DataView(png.buffer, png.byteOffset).setUint32(chunk.at + 8 + chunk.length, crc);
}

let seeds: Uint8Array[] = [];

beforeAll(async () => {
  const { test } = await loadMnist({ limit: 4 });
  const gray = new PNG({ width: 30, height: 20, colorType: 0, inputColorType: 0, bitDepth: 8 });
  gray.data.fill(255);
  seeds = [
    ...[0, 1, 2, 3].map((i) => new Uint8Array(mnistToPng(test.images.subarray(i * 784, (i + 1) * 784), { scale: 1, polarity: i % 2 ? 'dark-on-light' : 'light-on-dark' }))),
    new Uint8Array(PNG.sync.write(gray, { colorType: 0 })),
  ];
});

type Mutation = (png: Uint8Array, rng: () => number) => Uint8Array;
const int = (rng: () => number, n: number) => Math.floor(rng() * n);

const MUTATIONS: Record<string, Mutation> = {
  truncate: (png, rng) => png.slice(0, int(rng, png.length)),
  flipBytes: (png, rng) => {
    const out = png.slice();
    for (let k = 1 + int(rng, 8); k > 0; k--) out[int(rng, out.length)] = int(rng, 256);
    return out;
  },
  flipWithCrcFixed: (png, rng) => {
    const out = png.slice();
    const list = chunks(out).filter((c) => c.length > 0);
    const chunk = list[int(rng, list.length)];
    for (let k = 1 + int(rng, 4); k > 0; k--) out[chunk.at + 8 + int(rng, chunk.length)] = int(rng, 256);
    fixCrc(out, chunk);
    return out;
  },
  forgedHeader: (png, rng) => {
    const out = png.slice();
    const view = new DataView(out.buffer);
    // Sizes around the limit's edges; accepted ones stay small (≤ 1024 x 1024 or 65535 x 28) to keep the test fast.
    const pick = () => [0, 1, 28, 1024, 4097, 65535, 2 ** 31 - 1, 2 ** 32 - 1, int(rng, 2 ** 32)][int(rng, 9)];
    view.setUint32(16, pick());
    view.setUint32(20, pick());
    if (rng() < 0.5) out[24] = [1, 2, 4, 8, 16, 3, 0, 255][int(rng, 8)]; // bit depth
    if (rng() < 0.5) out[25] = [0, 2, 3, 4, 6, 1, 7, 255][int(rng, 8)]; // colour type
    if (rng() < 0.2) out[28] = int(rng, 3); // interlace
    fixCrc(out, chunks(out)[0]);
    return out;
  },
  garbage: (_png, rng) => Uint8Array.from({ length: int(rng, 200) }, () => int(rng, 256)),
  signatureThenGarbage: (png, rng) => {
    const out = new Uint8Array(8 + int(rng, 300));
    out.set(png.subarray(0, 8));
    for (let i = 8; i < out.length; i++) out[i] = int(rng, 256);
    return out;
  },
  duplicateChunk: (png, rng) => {
    const list = chunks(png);
    const chunk = list[int(rng, list.length)];
    const bytes = png.subarray(chunk.at, chunk.at + 12 + chunk.length);
    const at = list[int(rng, list.length)].at;
    return Uint8Array.from([...png.subarray(0, at), ...bytes, ...png.subarray(at)]);
  },
  dropChunk: (png, rng) => {
    const list = chunks(png);
    const chunk = list[int(rng, list.length)];
    return Uint8Array.from([...png.subarray(0, chunk.at), ...png.subarray(chunk.at + 12 + chunk.length)]);
  },
};

describe('predict input path (pngToDigit) under fuzzing', () => {
  it('3,000 hostile PNGs: a digit or a one-line UserError naming the file, nothing else; memory bounded', () => {
    const rng = createRng(20261201);
    const names = Object.keys(MUTATIONS);
    const outcomes: Record<string, { ok: number; refused: number }> = Object.fromEntries(names.map((n) => [n, { ok: 0, refused: 0 }]));
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    for (let i = 0; i < 3000; i++) {
      const name = names[i % names.length];
      const bytes = MUTATIONS[name](seeds[int(rng, seeds.length)], rng);
      try {
        const digit = pngToDigit(bytes, `case-${i}.png`);
        expect(digit.pixels).toHaveLength(784);
        outcomes[name].ok++;
      } catch (error) {
        if (!(error instanceof UserError)) throw new Error(`case ${i} (${name}) threw ${(error as Error)?.name}: ${(error as Error)?.message}`);
        expect(error.message, `case ${i} (${name})`).toMatch(new RegExp(`^case-${i}\\.png`));
        expect(error.message).not.toMatch(/\n/);
        outcomes[name].refused++;
      }
      if (i % 100 === 0) rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }
    // Every mutation kind was exercised and some damage reached past the header check.
    for (const name of names) expect(outcomes[name].ok + outcomes[name].refused, name).toBeGreaterThan(300);
    expect(outcomes.flipWithCrcFixed.refused + outcomes.flipWithCrcFixed.ok).toBeGreaterThan(0);
    // The largest accepted image is MAX_PNG_PIXELS: 4 bytes RGBA + 4 bytes gray per pixel, plus the runtime.
    expect(rssPeak - rssBefore).toBeLessThan(MAX_PNG_PIXELS * 12 + 256 * 2 ** 20);
  });

  it('a header claiming 30000x30000 or 4097x4096 pixels is refused before decoding', () => {
    for (const [width, height] of [[30000, 30000], [40000, 40000], [4097, 4096], [1, 2 ** 31 - 1]]) {
      const png = seeds[0].slice();
      const view = new DataView(png.buffer);
      view.setUint32(16, width);
      view.setUint32(20, height);
      fixCrc(png, chunks(png)[0]);
      expect(() => pngToDigit(png, 'big.png')).toThrow(new RegExp(`^big\\.png is too large for predict: expected an image of at most 16777216 pixels, got ${width}x${height} = ${width * height} pixels; scale it down first$`));
    }
  });

  it('a 0-byte file and a truncated header name the file and the problem', () => {
    expect(() => pngToDigit(new Uint8Array(0), 'empty.png')).toThrow(/^empty\.png is not a valid PNG image \(expected a PNG file .*got an empty file \(0 bytes\)/);
    expect(() => pngToDigit(seeds[0].slice(0, 20), 'short.png')).toThrow(/^short\.png is not a valid PNG image/);
  });
});
