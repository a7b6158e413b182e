import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@digitkit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH, runCliProcess } from './test-support/cli-process.js';

// kill -9 at seeded random moments of a tiny run (data loading, training steps, checkpoint writes, model save,
// evaluation, report), then `train --resume` until it finishes: the result must equal the uninterrupted run's, bit
// for bit (test probabilities and every epoch's loss/accuracy), and no temporary file may be left behind.

const TRIALS = 3;
const settings = (out: string) => [
  'train', '--model', 'lenet5', '--limit', '600', '--test-limit', '100', '--epochs', '3', '--batch-size', '32', '--seed', '11', '--out', out,
];
let dir: string;
let reference: { probabilities: Buffer; epochs: unknown[] };
let referenceMs: number;

/** The parts of the history that must not depend on interruptions (not timings). */
function epochsOf(run: string): unknown[] {
  const metrics = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8'));
  return metrics.training.epochs.map((e: Record<string, number>) => ({
    epoch: e.epoch,
    loss: e.loss,
    accuracy: e.accuracy,
    valLoss: e.valLoss,
    valAccuracy: e.valAccuracy,
    learningRate: e.learningRate,
  }));
}

/** Starts the CLI and kills it with SIGKILL after `delayMs` (or lets it finish first). */
function runAndKill(args: string[], delayMs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { cwd: dir, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'digitkit-kill-resume-'));
  const run = join(dir, 'reference');
  const started = performance.now();
  const result = await runCliProcess(settings(run), { cwd: dir });
  referenceMs = performance.now() - started;
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  reference = { probabilities: readFileSync(join(run, 'test-probabilities.bin')), epochs: epochsOf(run) };
});

describe('kill -9 at random moments, then --resume', () => {
  it(`${TRIALS} seeded trials end with the uninterrupted run's result, bit for bit`, async () => {
    const rng = createRng(1201);
    for (let trial = 0; trial < TRIALS; trial++) {
      const run = join(dir, `trial-${trial}`);
      // Up to two kills per trial, anywhere in a process's life (start-up included).
      const kills = 1 + Math.floor(rng() * 2);
      for (let k = 0; k < kills; k++) {
        const args = existsSync(join(run, 'run.json')) ? ['train', '--resume', run] : settings(run);
        await runAndKill(args, rng() * referenceMs);
      }
      const args = existsSync(join(run, 'run.json')) ? ['train', '--resume', run] : settings(run);
      const finished = await runCliProcess(args, { cwd: dir });
      expect(finished.stderr, `trial ${trial}`).toBe('');
      expect(finished.code, `trial ${trial}`).toBe(0);
      expect(epochsOf(run), `trial ${trial}`).toEqual(reference.epochs);
      expect(readFileSync(join(run, 'test-probabilities.bin')).equals(reference.probabilities), `trial ${trial}: test probabilities`).toBe(true);
      for (const folder of [run, join(run, 'checkpoint'), join(run, 'model')]) {
        expect(readdirSync(folder).filter((name) => name.endsWith('.tmp')), folder).toEqual([]);
      }
    }
  });
});
