import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '@digitkit/cnn-models/node';
import { loadMnist } from '@digitkit/mnist-data/node';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, type CliResult } from './test-support/cli-process.js';

const LIMIT = 1000;
const TEST_LIMIT = 200;
let dir: string;
let run: string;
let result: CliResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'digitkit-few-labels-'));
  run = join(dir, 'runs', 'few');
  result = await runCliProcess(
    [
      'train', '--labels-per-class', '2', '--unlabeled', '--steps', '20', '--validation-per-class', '2', '--limit', String(LIMIT),
      '--test-limit', String(TEST_LIMIT), '--seed', '3', '--out', run,
    ],
    { cwd: dir, timeoutMs: 240_000 },
  );
});

describe('digitkit train --labels-per-class --unlabeled (quick --limit run)', () => {
  it('exits 0 and prints the supervised vs FixMatch table and the report path', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/n2-fixmatch step 20\/20: loss [\d.]+ \(labelled [\d.]+, unlabelled [\d.]+, mask \d+%\) - val_acc [\d.]+%/);
    const lines = result.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe(`report: ${join(run, 'report.html')}`);
    expect(lines.at(-3)).toMatch(/^labels\/class +labelled +validation +unlabelled +supervised +FixMatch +gain/);
    expect(lines.at(-2)).toMatch(/^ +2 +20 +20 +960 +[\d.]+% +[\d.]+% +-?[\d.]+ /);
  });

  it('splits 2 + 2 per class off the training part and keeps the rest unlabelled; the stored accuracy is the saved model’s', async () => {
    const file = JSON.parse(readFileSync(join(run, 'few-labels.json'), 'utf8'));
    expect(file.results.map((r: { variant: string }) => r.variant)).toEqual(['supervised', 'fixmatch']);
    for (const r of file.results) {
      expect(r.labelled).toBe(20);
      expect(r.validation).toBe(20);
      expect(r.history.steps).toBe(20);
    }
    expect(file.results[1].unlabelled).toBe(LIMIT - 40);
    expect(file.results[0].unlabelled).toBe(0);
    // Independent check: the saved FixMatch model, loaded on the cpu backend, against the IDX test labels.
    await tf.setBackend('cpu');
    const { test } = await loadMnist({ limit: { train: 1, test: TEST_LIMIT } });
    const model = await loadModel(join(run, 'n2-fixmatch', 'model'));
    const xs = tf.tensor4d(Float32Array.from(test.images, (v) => v / 255), [TEST_LIMIT, 28, 28, 1]);
    const predicted = tf.argMax(model.predict(xs) as tf.Tensor, -1).dataSync();
    let correct = 0;
    for (let i = 0; i < TEST_LIMIT; i++) if (predicted[i] === test.labels[i]) correct++;
    expect(file.results[1].testAccuracy).toBeCloseTo(correct / TEST_LIMIT, 10);
    expect(readFileSync(join(run, 'report.html'), 'utf8')).toContain('Few labels: supervised vs FixMatch');
    expect(readdirSync(join(run, 'n2-fixmatch', 'checkpoint')).sort()).toEqual(['checkpoint-20.bin', 'checkpoint.json']);
  });

  it('--resume of a finished run trains nothing and prints the same table', async () => {
    const again = await runCliProcess(['train', '--resume', run], { cwd: dir, timeoutMs: 120_000 });
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/step \d+\/20/);
    expect(again.stdout.trim().split('\n').slice(-3)).toEqual(result.stdout.trim().split('\n').slice(-3));
  });

  it('--no-augment trains the supervised baseline on the labelled images as they are (same split, seed and steps)', async () => {
    const plain = join(dir, 'runs', 'plain');
    const again = await runCliProcess(
      [
        'train', '--labels-per-class', '2', '--no-augment', '--steps', '20', '--validation-per-class', '2', '--limit', String(LIMIT),
        '--test-limit', String(TEST_LIMIT), '--seed', '3', '--out', plain,
      ],
      { cwd: dir, timeoutMs: 240_000 },
    );
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/supervised only \(baseline without augmentation\)/);
    expect(again.stdout).toMatch(/gain \(points\) +time \(sup \/ FixMatch\) +\[supervised: no augmentation\]/);
    const file = JSON.parse(readFileSync(join(plain, 'few-labels.json'), 'utf8'));
    expect(file.config.baselineAugment).toBe(false);
    expect(file.results.map((r: { variant: string }) => r.variant)).toEqual(['supervised']);
    expect(readFileSync(join(plain, 'report.html'), 'utf8')).toContain('no augmentation: the images as they are');
    // The only difference from the first run's baseline is the augmentation, so the trained weights must differ
    // (equal weights would mean the flag never reached the trainer).
    await tf.setBackend('cpu');
    const augmented = await loadModel(join(run, 'n2-supervised', 'model'));
    const asIs = await loadModel(join(plain, 'n2-supervised', 'model'));
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(augmented.getWeights()[0]!, asIs.getWeights()[0]!))).dataSync()[0]!);
    expect(difference).toBeGreaterThan(1e-4);
    augmented.dispose();
    asIs.dispose();
    const refused = await runCliProcess(['train', '--labels-per-class', '2', '--unlabeled', '--no-baseline', '--no-augment', '--out', join(dir, 'w')], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--no-augment applies to the supervised baseline/);
  });

  it('refuses few-labels flags without --labels-per-class and whole-set flags with it (exit 2)', async () => {
    const stray = await runCliProcess(['train', '--unlabeled', '--out', join(dir, 'x')], { cwd: dir });
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/--unlabeled needs --labels-per-class/);
    const mixed = await runCliProcess(['train', '--labels-per-class', '5', '--epochs', '3', '--out', join(dir, 'y')], { cwd: dir });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/drop --epochs/);
    const noBaseline = await runCliProcess(['train', '--labels-per-class', '5', '--no-baseline', '--out', join(dir, 'z')], { cwd: dir });
    expect(noBaseline.code).toBe(2);
    expect(noBaseline.stderr).toMatch(/--no-baseline needs --unlabeled/);
  });
});
