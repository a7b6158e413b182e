import { FileSystemError, ImageFormatError } from '@digitkit/core';
import { loadMnist } from '@digitkit/mnist-data/node';
import { describeBackends, expectNoTensorLeak } from '@digitkit/test-utils';
import type { DigitDataset } from '@digitkit/core';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadDigitRecognizer, type DigitRecognizer, type NodeDigitInput } from '../node.js';
import { encodePng, renderDigit } from '../test-support/render-digit.js';

const COUNT = 20;

describeBackends('./node recognize on PNG files', () => {
  let recognizer: DigitRecognizer<NodeDigitInput>;
  let test: DigitDataset;
  let dir: string;
  beforeAll(async () => {
    recognizer = await loadDigitRecognizer();
    test = (await loadMnist({ limit: { train: 1, test: COUNT } })).test;
    dir = await mkdtemp(join(tmpdir(), 'recognizer-png-'));
  });
  afterAll(async () => {
    recognizer.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads PNG bytes (RGBA, dark on light) and paths (gray, light on dark) like the pixels they hold', async () => {
    let correct = 0;
    for (let i = 0; i < COUNT; i++) {
      const digit = test.images.subarray(i * 784, (i + 1) * 784);
      const rgba = renderDigit(digit, { width: 90, height: 70, scale: 2, x: 5 + i, y: 3, polarity: 'dark-on-light' });
      const fromBytes = await expectNoTensorLeak(() => recognizer.recognize(encodePng(rgba, 90, 70, 4)));
      const fromPixels = await recognizer.recognize({ data: rgba, width: 90, height: 70 });
      expect(fromBytes.digit).toBe(fromPixels.digit);
      expect(fromBytes.inverted).toBe(true);
      const gray = Uint8Array.from({ length: 90 * 70 }, (_, p) => rgba[p * 4] ^ 255);
      const path = join(dir, `digit-${i}.png`);
      await writeFile(path, encodePng(gray, 90, 70, 1));
      const fromPath = await recognizer.recognize(path);
      expect(fromPath.inverted).toBe(false);
      expect(fromPath.digit).toBe(fromPixels.digit);
      if (fromPath.digit === test.labels[i]) correct++;
    }
    expect(correct).toBeGreaterThanOrEqual(COUNT - 1);
    const batch = await recognizer.recognizeBatch([join(dir, 'digit-0.png'), join(dir, 'digit-1.png')]);
    expect(batch.map((r) => r.digit)).toEqual([(await recognizer.recognize(join(dir, 'digit-0.png'))).digit, (await recognizer.recognize(join(dir, 'digit-1.png'))).digit]);
  });

  it('throws ImageFormatError for bytes that are not a PNG and FileSystemError for a missing file', async () => {
    const notPng = await recognizer.recognize(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9])).catch((e: unknown) => e);
    expect(notPng).toBeInstanceOf(ImageFormatError);
    const missing = await recognizer.recognize(join(dir, 'missing.png')).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(FileSystemError);
    expect((missing as Error).message).toMatch(/missing\.png/);
    const blank = await recognizer.recognize(encodePng(new Uint8Array(16 * 16).fill(255), 16, 16, 1)).catch((e: unknown) => e);
    expect(blank).toBeInstanceOf(ImageFormatError);
  });
});
