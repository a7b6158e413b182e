import { deflateSync } from 'node:zlib';
import { DigitKitError, ImageFormatError } from '@digitkit/core';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { chunk, concatBytes, ihdr, SAMPLES, SIGNATURE, scanlines, writePng, type PngSpec } from '../__fixtures__/png-writer.js';
import { decodePng } from './decode-png.js';
import { DEFAULT_PNG_MAX_PIXELS } from './png-header.js';

/** The pixels the README promises for `spec`, computed from its samples (8-bit output, alpha kept). */
function expectedImage(spec: PngSpec): { data: Uint8Array; channels: number } {
  const max = 2 ** spec.bitDepth - 1;
  const to8 = (v: number) => Math.round((v * 255) / max);
  const t = spec.transparency;
  const key = t && spec.colorType !== 3 ? Array.from({ length: t.length / 2 }, (_, i) => (t[2 * i] << 8) | t[2 * i + 1]) : undefined;
  const channels = spec.colorType === 4 || spec.colorType === 6 || t ? 4 : spec.colorType === 0 ? 1 : 3;
  const out: number[] = [];
  for (let y = 0; y < spec.height; y++) {
    for (let x = 0; x < spec.width; x++) {
      const s = Array.from({ length: SAMPLES[spec.colorType] }, (_, k) => spec.sample(x, y, k));
      let rgba: number[];
      if (spec.colorType === 3) {
        const p = spec.palette!;
        rgba = [p[3 * s[0]], p[3 * s[0] + 1], p[3 * s[0] + 2], t && s[0] < t.length ? t[s[0]] : 255];
      } else if (spec.colorType === 0) {
        rgba = [to8(s[0]), to8(s[0]), to8(s[0]), key && s[0] === key[0] ? 0 : 255];
      } else if (spec.colorType === 4) {
        rgba = [to8(s[0]), to8(s[0]), to8(s[0]), to8(s[1])];
      } else if (spec.colorType === 2) {
        rgba = [to8(s[0]), to8(s[1]), to8(s[2]), key && s[0] === key[0] && s[1] === key[1] && s[2] === key[2] ? 0 : 255];
      } else {
        rgba = s.map(to8);
      }
      out.push(...(channels === 1 ? [rgba[0]] : channels === 3 ? rgba.slice(0, 3) : rgba));
    }
  }
  return { data: Uint8Array.from(out), channels };
}

function toRgba(image: { data: Uint8Array; channels: number }): Uint8Array {
  const n = image.data.length / image.channels;
  const out = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    const px = image.data.subarray(i * image.channels, (i + 1) * image.channels);
    out.set(image.channels === 1 ? [px[0], px[0], px[0], 255] : image.channels === 3 ? [...px, 255] : px, i * 4);
  }
  return out;
}

const DEPTHS: Record<number, Array<1 | 2 | 4 | 8 | 16>> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

/** Every colour type × bit depth × interlacing, odd sizes, random filters, 1 or 3 IDAT chunks, with and without tRNS. */
function allSpecs(): PngSpec[] {
  const specs: PngSpec[] = [];
  let seed = 1;
  for (const [type, depths] of Object.entries(DEPTHS)) {
    const colorType = Number(type) as PngSpec['colorType'];
    for (const bitDepth of depths) {
      for (const interlaced of [false, true]) {
        for (const withTransparency of colorType === 4 || colorType === 6 ? [false] : [false, true]) {
          const max = 2 ** bitDepth - 1;
          const entries = Math.min(256, 2 ** bitDepth) - (bitDepth === 8 ? 3 : 0);
          const s = seed++;
          const spec: PngSpec = {
            width: 1 + ((s * 7) % 19),
            height: 1 + ((s * 5) % 17),
            bitDepth,
            colorType,
            interlaced,
            seed: s,
            idatChunks: s % 2 === 0 ? 3 : 1,
            sample: colorType === 3
              ? (x, y) => (x * 7 + y * 3 + s) % entries
              : (x, y, k) => ((x * 7919 + y * 104729 + k * 31337 + s * 17) * 2654435761) % (max + 1),
          };
          if (colorType === 3) spec.palette = Uint8Array.from({ length: entries * 3 }, (_, i) => (i * 37 + s) % 256);
          if (withTransparency) {
            if (colorType === 3) spec.transparency = Uint8Array.from({ length: Math.max(1, entries >> 1) }, (_, i) => (i * 53) % 256);
            else {
              // The colour of pixel (0, 0), so at least one pixel is transparent.
              const key = Array.from({ length: SAMPLES[colorType] }, (_, k) => spec.sample(0, 0, k));
              spec.transparency = Uint8Array.from(key.flatMap((v) => [v >> 8, v & 255]));
            }
          }
          specs.push(spec);
        }
      }
    }
  }
  return specs;
}

describe('decodePng', () => {
  it('decodes every colour type, bit depth, interlacing and filter to the pixels of the specification', () => {
    const specs = allSpecs();
    expect(specs.length).toBe(2 * (5 * 2 + 2 * 2 + 4 * 2 + 2 + 2));
    for (const spec of specs) {
      const png = writePng(spec);
      const image = decodePng(png);
      const expected = expectedImage(spec);
      const label = `type ${spec.colorType}, depth ${spec.bitDepth}, ${spec.interlaced ? 'Adam7' : 'plain'}, tRNS ${spec.transparency !== undefined}`;
      expect({ label, width: image.width, height: image.height, channels: image.channels }).toEqual({
        label, width: spec.width, height: spec.height, channels: expected.channels,
      });
      expect(image.data, label).toEqual(expected.data);
    }
  });

  it('agrees with pngjs, an independent decoder, on every one of them (as RGBA)', () => {
    for (const spec of allSpecs()) {
      const png = writePng(spec);
      const reference = PNG.sync.read(Buffer.from(png));
      const mine = toRgba(decodePng(png));
      const label = `type ${spec.colorType}, depth ${spec.bitDepth}, ${spec.interlaced ? 'Adam7' : 'plain'}, tRNS ${spec.transparency !== undefined}`;
      const theirs = Uint8Array.from(reference.data);
      // The colour of a fully transparent pixel is arbitrary (pngjs writes 0 for a tRNS key); compare alpha there.
      for (let i = 0; i < mine.length; i += 4) if (mine[i + 3] === 0 && theirs[i + 3] === 0) mine.set(theirs.subarray(i, i + 4), i);
      expect(Array.from(mine), label).toEqual(Array.from(theirs));
    }
  });

  it('reads images in the fixed filter types too (None, Sub, Up, Average, Paeth on every row)', () => {
    for (const filter of [0, 1, 2, 3, 4] as const) {
      const spec: PngSpec = { width: 13, height: 9, bitDepth: 8, colorType: 6, filter, sample: (x, y, k) => (x * 31 + y * 17 + k * 101) % 256 };
      expect(decodePng(writePng(spec)).data).toEqual(expectedImage(spec).data);
    }
  });

  it('refuses a header claiming 30000 x 30000 pixels from the header alone, without allocating', () => {
    // Only the signature and IHDR: nothing else exists to decode, so only the header can have been read.
    const header = concatBytes([SIGNATURE, ihdr(30000, 30000, 8, 6)]);
    const before = process.memoryUsage().arrayBuffers;
    expect(() => decodePng(header)).toThrow(ImageFormatError);
    expect(() => decodePng(header)).toThrow(
      /^decodePng: expected an image of at most 16777216 pixels \(options\.maxPixels\), got 30000x30000 = 900000000 pixels at byte 16$/,
    );
    // Decoding would need 3.6 GB of RGBA; nothing near even 1 MB was allocated.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
    // Same with a real (if tiny) image behind it, and the limit can be raised or lowered.
    const small = writePng({ width: 40, height: 30, bitDepth: 8, colorType: 0, sample: () => 9 });
    expect(() => decodePng(small, { maxPixels: 1199 })).toThrow(/at most 1199 pixels .* got 40x30 = 1200 pixels/);
    expect(decodePng(small, { maxPixels: 1200 }).width).toBe(40);
    expect(DEFAULT_PNG_MAX_PIXELS).toBe(4096 * 4096);
  });

  it('gives a tiny file that claims a large (accepted) image no large buffer', () => {
    // 4096 x 4096 16-bit RGBA is within the limit (134 MB of data), but the file holds 100 bytes of it.
    const png = concatBytes([SIGNATURE, ihdr(4096, 4096, 16, 6), chunk('IDAT', deflateSync(new Uint8Array(100))), chunk('IEND', new Uint8Array(0))]);
    const before = process.memoryUsage().arrayBuffers;
    expect(() => decodePng(png)).toThrow(/expected 134221824 bytes of image data .*, got 100 \(truncated\)/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
  });

  it('stops inflating at the size the header implies (a deflate bomb is refused, not expanded)', () => {
    // A 4x4 gray header followed by 64 MB of zeros compressed to ~64 KB.
    const bomb = deflateSync(new Uint8Array(64 << 20));
    const png = concatBytes([SIGNATURE, ihdr(4, 4, 8, 0), chunk('IDAT', bomb), chunk('IEND', new Uint8Array(0))]);
    const before = process.memoryUsage().arrayBuffers;
    expect(() => decodePng(png)).toThrow(/expected 20 bytes of image data \(what the header's size implies\), got more/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 << 20);
  });

  it('names what is wrong, and the source when given, for empty, foreign, truncated and corrupt files', () => {
    const good = writePng({ width: 5, height: 4, bitDepth: 8, colorType: 2, sample: (x, y, k) => x + y + k });
    const cases: Array<[Uint8Array, RegExp]> = [
      [new Uint8Array(0), /expected a PNG file \(starting with the 8-byte PNG signature\), got an empty file \(0 bytes\) at byte 0 in digit\.png$/],
      [Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70), /got a JPEG file \(not a PNG file\)/],
      [good.subarray(0, 5), /got a file that ends after 5 bytes/],
      [good.subarray(0, 20), /expected the 25-byte IHDR chunk after the signature, got a file that ends after 20 bytes \(truncated\)/],
      [good.subarray(0, good.length - 12), /expected more chunks up to IEND, got the file ends after \d+ bytes \(truncated\)/],
      [good.subarray(0, 60), /truncated/],
    ];
    const corruptCrc = good.slice();
    corruptCrc[40] ^= 1;
    cases.push([corruptCrc, /checksum 0x[0-9a-f]{8} of the \w{4} chunk, got 0x[0-9a-f]{8} \(the chunk is corrupt\)/]);
    const corruptHeader = good.slice();
    corruptHeader[17] ^= 1;
    cases.push([corruptHeader, /expected IHDR checksum .* \(the header is corrupt\)/]);
    for (const [bytes, message] of cases) {
      let error: unknown;
      try {
        decodePng(bytes, { source: 'digit.png' });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ImageFormatError);
      expect(DigitKitError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/^decodePng: expected /);
      expect((error as Error).message).toMatch(/ in digit\.png$/);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('refuses bad filter types, palette indices, chunk order and bit depths with one clear line each', () => {
    const spec: PngSpec = { width: 3, height: 2, bitDepth: 8, colorType: 0, filter: 0, sample: () => 5 };
    const raw = scanlines(spec);
    raw[4] = 7; // second row's filter byte
    const badFilter = concatBytes([SIGNATURE, ihdr(3, 2, 8, 0), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
    expect(() => decodePng(badFilter)).toThrow(/expected a row filter type 0 to 4, got filter type 7 in row 1/);

    const badIndex = writePng({ width: 2, height: 1, bitDepth: 8, colorType: 3, palette: Uint8Array.of(1, 2, 3), sample: (x) => x });
    expect(() => decodePng(badIndex)).toThrow(/expected palette indices below 1 \(the PLTE size\), got index 1 at pixel \(1, 0\)/);

    const noPalette = concatBytes([SIGNATURE, ihdr(1, 1, 8, 3), chunk('IDAT', deflateSync(Uint8Array.of(0, 0))), chunk('IEND', new Uint8Array(0))]);
    expect(() => decodePng(noPalette)).toThrow(/expected a PLTE chunk in a palette image/);

    const split = concatBytes([
      SIGNATURE, ihdr(1, 1, 8, 0), chunk('IDAT', Uint8Array.of(0x78)), chunk('tEXt', Uint8Array.of(65, 0, 66)),
      chunk('IDAT', Uint8Array.of(1)), chunk('IEND', new Uint8Array(0)),
    ]);
    expect(() => decodePng(split)).toThrow(/expected consecutive IDAT chunks/);

    expect(() => decodePng(concatBytes([SIGNATURE, ihdr(1, 1, 3, 0)]))).toThrow(/expected bit depth 1, 2, 4, 8, 16 for colour type 0, got bit depth 3/);
    expect(() => decodePng(concatBytes([SIGNATURE, ihdr(1, 1, 8, 5)]))).toThrow(/expected colour type 0, 2, 3, 4 or 6, got colour type 5/);
    expect(() => decodePng(concatBytes([SIGNATURE, ihdr(0, 1, 8, 0)]))).toThrow(/got 0x1/);
    const unknownCritical = concatBytes([SIGNATURE, ihdr(1, 1, 8, 0), chunk('ABCD', new Uint8Array(1))]);
    expect(() => decodePng(unknownCritical)).toThrow(/an unknown critical chunk ABCD/);
  });

  it('checks its arguments', () => {
    expect(() => decodePng('x.png' as never)).toThrow(TypeError);
    expect(() => decodePng(new Uint8Array(8), { maxPixels: 0 })).toThrow(RangeError);
    expect(() => decodePng(new Uint8Array(8), { maxPixel: 10 } as never)).toThrow(/unknown option options\.maxPixel \(did you mean maxPixels\?\)/);
  });
});
