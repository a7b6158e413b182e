import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSystemError, ImageFormatError } from '@digitkit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { concatBytes, ihdr, SIGNATURE, writePng } from '../__fixtures__/png-writer.js';
import { decodePng } from './decode-png.js';
import { readPngFile } from './read-png-file.js';

const folder = mkdtempSync(join(tmpdir(), 'digitkit-png-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const file = (name: string, bytes: Uint8Array | string): string => {
  const path = join(folder, name);
  writeFileSync(path, bytes);
  return path;
};

describe('readPngFile', () => {
  const png = writePng({ width: 12, height: 10, bitDepth: 8, colorType: 6, interlaced: true, sample: (x, y, k) => (x * 20 + y * 9 + k * 50) % 256 });

  it('reads what decodePng decodes', async () => {
    expect(await readPngFile(file('ok.png', png))).toEqual(decodePng(png));
  });

  it('names the file in one ImageFormatError line for empty, truncated, foreign and oversized files', async () => {
    const cases: Array<[string, Uint8Array | string, RegExp]> = [
      ['empty.png', new Uint8Array(0), /^readPngFile: expected a PNG file .*, got an empty file \(0 bytes\) at byte 0 in .*empty\.png$/],
      ['short.png', png.subarray(0, 40), /truncated.* in .*short\.png$/],
      ['text.png', 'hello, I am not an image', /got bytes 68 65 6c 6c 6f 2c 20 49 \(not a PNG file\) at byte 0 in .*text\.png$/],
      ['huge.png', concatBytes([SIGNATURE, ihdr(30000, 30000, 8, 2)]), /at most 16777216 pixels .*got 30000x30000 = 900000000 pixels at byte 16 in .*huge\.png$/],
    ];
    for (const [name, bytes, message] of cases) {
      const path = file(name, bytes);
      await expect(readPngFile(path)).rejects.toThrow(ImageFormatError);
      await expect(readPngFile(path)).rejects.toThrow(message);
    }
  });

  it('refuses a file far larger than its image could need, before reading it', async () => {
    const padded = concatBytes([png, new Uint8Array(17 << 20)]);
    await expect(readPngFile(file('padded.png', padded))).rejects.toThrow(/expected a file of at most \d+ bytes for a 12x10 image, got \d+ bytes/);
  });

  it('applies options.maxPixels before reading the rest of the file', async () => {
    await expect(readPngFile(file('limit.png', png), { maxPixels: 100 })).rejects.toThrow(/at most 100 pixels/);
    await expect(readPngFile(file('limit.png', png), { maxPixel: 100 } as never)).rejects.toThrow(/did you mean maxPixels\?/);
  });

  it('turns file-system failures into a FileSystemError naming the file', async () => {
    await expect(readPngFile(join(folder, 'missing.png'))).rejects.toThrow(FileSystemError);
    await expect(readPngFile(join(folder, 'missing.png'))).rejects.toThrow(/^readPngFile: cannot open .*missing\.png: no such file or directory \(ENOENT\)$/);
    await expect(readPngFile(folder)).rejects.toThrow(/^readPngFile: cannot read .*: not a regular file; pass the path of a PNG file$/);
    await expect(readPngFile('')).rejects.toThrow(TypeError);
  });
});
