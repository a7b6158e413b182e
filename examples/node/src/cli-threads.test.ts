import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveThreads, THREADS_ENV } from './lib/backend.js';
import { runCliProcess, type CliResult } from './test-support/cli-process.js';

// The wasm backend on 2 threads (tfjs's threaded build + wasm-training's kernel pool) against the single-threaded
// build, on one tiny LeNet-5 run: a run and its resumed twin give the same bits on the same thread count; one thread
// gives the same model up to the filter gradients' summation order.
// An exponential schedule (per-epoch decay) so that a 1-epoch run resumed to 2 epochs is the 2-epoch run.
const base = [
  'train', '--model', 'lenet5', '--limit', '1200', '--test-limit', '200', '--batch-size', '32', '--seed', '5', '--schedule', 'exponential',
  '--learning-rate-decay', '0.7',
];
let dir: string;
const runs: Record<string, CliResult> = {};

function probabilities(run: string): Float32Array {
  const bytes = readFileSync(join(run, 'test-probabilities.bin'));
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}
function metrics(run: string): { backend: { name: string; details: Record<string, unknown> }; test: { accuracy: number } } {
  return JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8'));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'digitkit-threads-'));
  runs.two = await runCliProcess([...base, '--epochs', '2', '--threads', '2', '--out', join(dir, 'two')], { cwd: dir, timeoutMs: 240_000 });
  runs.first = await runCliProcess([...base, '--epochs', '1', '--threads', '2', '--out', join(dir, 'resumed')], { cwd: dir, timeoutMs: 240_000 });
  runs.resumed = await runCliProcess(['train', '--resume', join(dir, 'resumed'), '--epochs', '2', '--threads', '2'], { cwd: dir, timeoutMs: 240_000 });
  runs.one = await runCliProcess([...base, '--epochs', '2', '--threads', '1', '--out', join(dir, 'one')], { cwd: dir, timeoutMs: 240_000 });
});

describe('digitkit train --threads (wasm)', () => {
  it('trains on 2 threads: the threaded build with a 2-thread kernel pool, recorded in metrics.json', () => {
    for (const name of ['two', 'first', 'resumed', 'one']) {
      expect(runs[name]!.stderr, name).toBe('');
      expect(runs[name]!.code, name).toBe(0);
    }
    const details = metrics(join(dir, 'two')).backend.details;
    expect(details).toMatchObject({ threads: 2, build: 'threaded-simd', kernelThreads: 2, xnnpackThreads: 1 });
    const single = metrics(join(dir, 'one')).backend.details;
    expect(single).toMatchObject({ threads: 1, build: 'simd', xnnpackThreads: 1 });
    expect(single.kernelThreads).toBeUndefined();
  });

  it('a run resumed on the same thread count gives the uninterrupted run bit for bit', () => {
    const uninterrupted = probabilities(join(dir, 'two'));
    const resumed = probabilities(join(dir, 'resumed'));
    expect(resumed.length).toBe(200 * 10);
    expect(Buffer.from(resumed.buffer).equals(Buffer.from(uninterrupted.buffer))).toBe(true);
  });

  it('one thread trains the same model up to the summation order of the filter gradients', () => {
    const two = probabilities(join(dir, 'two'));
    const one = probabilities(join(dir, 'one'));
    let worst = 0;
    let sameArgmax = 0;
    for (let i = 0; i < 200; i++) {
      const a = two.subarray(i * 10, i * 10 + 10);
      const b = one.subarray(i * 10, i * 10 + 10);
      for (let k = 0; k < 10; k++) worst = Math.max(worst, Math.abs(a[k]! - b[k]!));
      if (a.indexOf(Math.max(...a)) === b.indexOf(Math.max(...b))) sameArgmax++;
    }
    expect(worst).toBeLessThan(1e-2);
    expect(sameArgmax).toBeGreaterThanOrEqual(198);
    // Trained, not a constant: the 2-epoch model is far above chance on these 200 test images.
    expect(metrics(join(dir, 'two')).test.accuracy).toBeGreaterThan(0.5);
  });

  it('refuses a bad --threads, --threads with another backend and a bad DIGITKIT_THREADS (exit 2)', async () => {
    const zero = await runCliProcess([...base, '--threads', '0', '--out', join(dir, 'x')], { cwd: dir });
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/--threads <n>.*expected an integer from 1 to 8, got '0'/);
    const cpu = await runCliProcess([...base, '--backend', 'cpu', '--threads', '2', '--out', join(dir, 'y')], { cwd: dir });
    expect(cpu.code).toBe(2);
    expect(cpu.stderr).toMatch(/--threads applies to --backend wasm/);
    expect(() => resolveThreads(undefined, { [THREADS_ENV]: 'many' })).toThrow(/DIGITKIT_THREADS: expected an integer from 1 to 8, got 'many'/);
    expect(() => resolveThreads(undefined, { [THREADS_ENV]: '9' })).toThrow(/got '9'/);
    expect(resolveThreads(undefined, { [THREADS_ENV]: '3' })).toBe(3);
    expect(resolveThreads(4, { [THREADS_ENV]: '3' })).toBe(4);
    const cores = (await import('node:os')).availableParallelism();
    expect(resolveThreads(undefined, {})).toBe(Math.min(8, cores));
  });
});
