import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '@digitkit/cnn-models/node';
import { loadMnist } from '@digitkit/mnist-data/node';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { mnistToPng } from './lib/test-png.js';
import { CLI_PATH, runCliProcess, type CliResult } from './test-support/cli-process.js';

const TRAIN_LIMIT = 3000;
const TEST_LIMIT = 500;
let dir: string;
let run: string;
let trainResult: CliResult;
let testLabels: Uint8Array;
let testImages: Uint8Array;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'digitkit-cli-smoke-'));
  run = join(dir, 'runs', 'smoke');
  const { test } = await loadMnist();
  testLabels = test.labels.subarray(0, TEST_LIMIT);
  testImages = test.images.subarray(0, TEST_LIMIT * 784);
  trainResult = await runCliProcess(
    ['train', '--model', 'paper-cnn', '--limit', String(TRAIN_LIMIT), '--test-limit', String(TEST_LIMIT), '--epochs', '2', '--seed', '7', '--out', run],
    { cwd: dir, timeoutMs: 240_000 },
  );
});

describe('digitkit train on a small subset', () => {
  it('exits 0 and ends with the test accuracy and the report path', () => {
    expect(trainResult.stderr).toBe('');
    expect(trainResult.code).toBe(0);
    const lines = trainResult.stdout.trim().split('\n');
    expect(lines.at(-2)).toMatch(/^test accuracy: \d+\.\d\d%$/);
    expect(lines.at(-1)).toBe(`report: ${join(run, 'report.html')}`);
    expect(trainResult.stdout).toMatch(/epoch 1\/2: loss [\d.]+ acc [\d.]+ \| val loss [\d.]+ acc [\d.]+/);
  });

  it('writes metrics.json whose figures agree with the stored predictions and the MNIST labels', () => {
    const metrics = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8'));
    const bytes = readFileSync(join(run, 'test-probabilities.bin'));
    expect(bytes.length).toBe(TEST_LIMIT * 10 * 4);
    const probabilities = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    // Independent recomputation: argmax of the stored probabilities against the labels of the IDX file.
    let correct = 0;
    const matrix = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
    for (let i = 0; i < TEST_LIMIT; i++) {
      const row = Array.from(probabilities.subarray(i * 10, i * 10 + 10));
      const predicted = row.indexOf(Math.max(...row));
      matrix[testLabels[i]][predicted]++;
      if (predicted === testLabels[i]) correct++;
    }
    expect(metrics.test.count).toBe(TEST_LIMIT);
    expect(metrics.test.accuracy).toBeCloseTo(correct / TEST_LIMIT, 12);
    expect(metrics.test.confusionMatrix).toEqual(matrix);
    expect(metrics.test.accuracy).toBeGreaterThan(0.85);
    for (const key of ['precisionMacro', 'recallMacro', 'f1Macro', 'rocAucMacro']) {
      expect(metrics.test[key], key).toBeGreaterThan(0.5);
      expect(metrics.test[key], key).toBeLessThanOrEqual(1);
    }
    expect(metrics.test.perClass).toHaveLength(10);
    expect(metrics.data).toEqual({ train: 2700, trainBeforeOverSampling: 2700, validation: 300, test: TEST_LIMIT });
    expect(metrics.training.epochs).toHaveLength(2);
    expect(metrics.training.epochs[0].valAccuracy).toBeGreaterThan(0);
    expect(metrics.training.bestEpoch).toBeGreaterThanOrEqual(1);
    for (const key of ['loadData', 'train', 'evaluate', 'report', 'total']) expect(metrics.timings[key], key).toBeGreaterThan(0);
    expect(metrics.command).toContain('digitkit train --model paper-cnn');
    expect(metrics.versions.packages['@tensorflow/tfjs-core']).toBe('4.22.0');
    expect(metrics.backend.name).toBe('wasm');
    expect(metrics.config.model).toBe('paper-cnn');
  });

  it('saves a model that loads and reproduces the stored test predictions', async () => {
    await tf.setBackend('cpu');
    const model = await loadModel(join(run, 'model'));
    expect(model.outputs[0].shape).toEqual([null, 10]);
    const n = 50;
    const x = tf.tensor4d(Float32Array.from(testImages.subarray(0, n * 784), (v) => v / 255), [n, 28, 28, 1]);
    const probabilities = (model.predict(x) as tf.Tensor).dataSync();
    const bytes = readFileSync(join(run, 'test-probabilities.bin'));
    const stored = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + n * 40));
    for (let i = 0; i < n * 10; i++) expect(probabilities[i]).toBeCloseTo(stored[i], 3);
    tf.dispose(x);
    model.dispose();
  });

  it('writes a report.html whose figures are well-formed SVG, with every figure of the papers', () => {
    const html = readFileSync(join(run, 'report.html'), 'utf8');
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBeGreaterThanOrEqual(9);
    for (const svg of svgs) expect(XMLValidator.validate(svg)).toBe(true);
    for (const title of [
      'Sample digits per class',
      'Class distribution',
      'Training curves',
      'Confusion matrix',
      'Predictions',
      'Misclassified test digits',
      'Per-class metrics',
      'ROC curves',
      'Most confused pairs',
      'Test Accuracy',
      'Precision (macro avg)',
    ]) {
      expect(html, title).toContain(title);
    }
  });

  it('report <run> rebuilds the report from the run folder', async () => {
    const result = await runCliProcess(['report', run], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`report: ${join(run, 'report.html')}`);
  });

  it('predict returns the labels of PNGs made from MNIST test images, in both polarities', async () => {
    const bytes = readFileSync(join(run, 'test-probabilities.bin'));
    const stored = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    // Digits the model itself gets right with confidence on the raw MNIST input: the PNG path must agree.
    const chosen: number[] = [];
    for (let i = 0; i < TEST_LIMIT && chosen.length < 8; i++) {
      if (stored[i * 10 + testLabels[i]] > 0.95) chosen.push(i);
    }
    expect(chosen.length).toBe(8);
    const files: string[] = [];
    const expected: number[] = [];
    for (const i of chosen) {
      for (const polarity of ['dark-on-light', 'light-on-dark'] as const) {
        const file = join(dir, `test-${i}-${polarity}.png`);
        writeFileSync(file, mnistToPng(testImages.subarray(i * 784, (i + 1) * 784), { polarity, scale: 4 }));
        files.push(file);
        expected.push(testLabels[i]);
      }
    }
    const result = await runCliProcess(['predict', run, ...files, '--json'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const predictions = JSON.parse(result.stdout) as Array<{ file: string; top: Array<{ label: number; probability: number }>; inverted: boolean }>;
    expect(predictions.map((p) => p.top[0].label)).toEqual(expected);
    expect(predictions.map((p) => p.inverted)).toEqual(files.map((f) => f.includes('dark-on-light')));
    for (const p of predictions) {
      expect(p.top).toHaveLength(3);
      expect(p.top[0].probability).toBeGreaterThanOrEqual(p.top[1].probability);
    }
  });
});

/** Exactly one line on stderr, starting with `digitkit: `, no stack trace. */
function oneStderrLine(result: CliResult): string {
  const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^digitkit: /);
  expect(result.stderr).not.toMatch(/\n\s+at |unexpected error/);
  return lines[0];
}

describe('damaged run folders: one line naming the file, the problem and the CLI fix (issue 12)', () => {
  it('a checkpoint from another setup says to delete the run or pass another --out, never "resume: false"', async () => {
    const copy = join(dir, 'runs', 'mismatch');
    cpSync(run, copy, { recursive: true });
    const runJson = JSON.parse(readFileSync(join(copy, 'run.json'), 'utf8'));
    runJson.config.batchSize = 16;
    writeFileSync(join(copy, 'run.json'), JSON.stringify(runJson));
    const result = await runCliProcess(['train', '--resume', copy], { cwd: dir });
    expect(result.code).toBe(1);
    const line = oneStderrLine(result);
    expect(line).toMatch(/^digitkit: the checkpoint in .*mismatch\/checkpoint does not match: expected batchSize 16, got batchSize 64 in the checkpoint; delete .*mismatch or pass another --out$/);
    expect(line).not.toMatch(/resume: false/);
  });

  it('overwritten bytes in the checkpoint or the model are refused with one line naming the file (SHA-256 check)', async () => {
    const copy = join(dir, 'runs', 'damaged');
    cpSync(run, copy, { recursive: true });
    const checkpointBin = readdirSync(join(copy, 'checkpoint')).find((name) => name.endsWith('.bin'))!;
    const damage = (path: string) => {
      const bytes = readFileSync(path);
      bytes.fill(0, 1000, 1100);
      writeFileSync(path, bytes);
    };
    damage(join(copy, 'checkpoint', checkpointBin));
    const resumed = await runCliProcess(['train', '--resume', copy], { cwd: dir });
    expect(resumed.code).toBe(1);
    expect(oneStderrLine(resumed)).toMatch(new RegExp(`checkpoint/${checkpointBin}: expected SHA-256 [0-9a-f]{64} .*got SHA-256 [0-9a-f]{64}.*delete .*damaged or pass another --out$`));
    damage(join(copy, 'model', 'weights.bin'));
    const evaluated = await runCliProcess(['evaluate', copy], { cwd: dir });
    expect(evaluated.code).toBe(1);
    expect(oneStderrLine(evaluated)).toMatch(/^digitkit: the model is damaged: .*model\/weights\.bin: expected SHA-256 .*; save it again from the checkpoint with: digitkit train --resume .*damaged$/);
  });

  it('a malformed metrics.json names the file and how to write it again', async () => {
    const copy = join(dir, 'runs', 'bad-metrics');
    cpSync(run, copy, { recursive: true });
    writeFileSync(join(copy, 'metrics.json'), JSON.stringify({ format: 'digitkit-metrics', version: 1, test: [] }));
    for (const command of ['report', 'evaluate']) {
      const result = await runCliProcess([command, copy], { cwd: dir });
      expect(result.code, command).toBe(1);
      expect(oneStderrLine(result)).toMatch(/bad-metrics\/metrics\.json is malformed: missing or wrong config, .*; write it again with: digitkit train --resume .*bad-metrics$/);
    }
    const good = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8'));
    good.training.epochs[1].epoch = 'x';
    writeFileSync(join(copy, 'metrics.json'), JSON.stringify(good));
    expect(oneStderrLine(await runCliProcess(['report', copy], { cwd: dir }))).toMatch(/metrics\.json is malformed: missing or wrong training\.epochs\[1\]; write it again/);
    writeFileSync(join(copy, 'metrics.json'), '{"format": "digitkit-metrics", ');
    expect(oneStderrLine(await runCliProcess(['report', copy], { cwd: dir }))).toMatch(/metrics\.json is not valid JSON/);
  });

  it('NaN in the stored test probabilities names the file, the value and the fix', async () => {
    const copy = join(dir, 'runs', 'nan-probabilities');
    cpSync(run, copy, { recursive: true });
    const path = join(copy, 'test-probabilities.bin');
    const bytes = readFileSync(path);
    bytes.writeFloatLE(Number.NaN, 40);
    writeFileSync(path, bytes);
    const result = await runCliProcess(['report', copy], { cwd: dir });
    expect(result.code).toBe(1);
    expect(oneStderrLine(result)).toMatch(/test-probabilities\.bin: expected probabilities in \[0, 1\], got NaN at value 10 \(byte 40\); write it again with: digitkit evaluate .*nan-probabilities$/);
  });
});

describe('Ctrl-C during training', () => {
  it('stops within the epoch (not at its end), prints one line and exits 130', async () => {
    const stopped = join(dir, 'runs', 'stopped-early');
    const args = ['train', '--model', 'lenet5', '--limit', '8000', '--test-limit', '100', '--epochs', '1', '--batch-size', '16', '--seed', '3', '--out', stopped];
    const result = await new Promise<CliResult>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI_PATH, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        // Training starts right after this line; give it a few steps.
        if (/run folder:/.test(stdout)) setTimeout(() => child.kill('SIGINT'), 1500);
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(result.code).toBe(130);
    const line = oneStderrLine(result);
    const match = /^digitkit: interrupted in epoch 1 after batch (\d+) of (\d+), before the first epoch finished; continue with: digitkit train --resume .*stopped-early \(it starts from epoch 1\)$/.exec(line);
    expect(match, line).not.toBeNull();
    expect(Number(match![1])).toBeLessThan(Number(match![2]));
    expect(result.stdout).not.toMatch(/epoch 1\/1:/);
  });

  it('after training (model save, evaluation): one line, exit 130, and --resume finishes without training again', async () => {
    const late = join(dir, 'runs', 'stopped-late');
    const args = ['train', '--model', 'lenet5', '--limit', '600', '--test-limit', '200', '--epochs', '1', '--seed', '3', '--out', late];
    const result = await new Promise<CliResult>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI_PATH, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        // Printed right after training, before the model is saved and the test set evaluated.
        if (/best epoch by validation loss/.test(stdout)) child.kill('SIGINT');
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(result.code).toBe(130);
    expect(oneStderrLine(result)).toMatch(
      /^digitkit: interrupted while (saving the model|evaluating on the test set|writing the report); .*finish with: digitkit train --resume .*stopped-late$/,
    );
    const finished = await runCliProcess(['train', '--resume', late], { cwd: dir });
    expect(finished.stderr).toBe('');
    expect(finished.code).toBe(0);
    expect(finished.stdout).not.toMatch(/epoch 1\/1:/);
    expect(JSON.parse(readFileSync(join(late, 'metrics.json'), 'utf8')).training.resumedFromEpoch).toBe(1);
  });

  it('leaves a checkpoint that train --resume continues to the end', async () => {
    const resumable = join(dir, 'runs', 'interrupted');
    const args = ['train', '--model', 'lenet5', '--limit', '2000', '--test-limit', '200', '--epochs', '3', '--seed', '3', '--out', resumable];
    const first = await new Promise<CliResult>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI_PATH, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let sent = false;
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (!sent && /epoch 1\/3:/.test(stdout)) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(first.code).toBe(130);
    expect(first.stderr.trim().split('\n')).toHaveLength(1);
    expect(first.stderr).toMatch(/^digitkit: interrupted; the checkpoint after epoch [12]\/3 is in .* continue with: digitkit train --resume /);
    expect(existsSync(join(resumable, 'checkpoint', 'checkpoint.json'))).toBe(true);
    expect(existsSync(join(resumable, 'metrics.json'))).toBe(false);

    // Temporary files of writes killed mid-way (their process, pid 99999999, is gone) are removed on resume.
    writeFileSync(join(resumable, 'checkpoint', '.checkpoint-1.bin.99999999.0badf00d.tmp'), 'partial');
    writeFileSync(join(resumable, '.metrics.json.99999999.deadbeef.tmp'), '{"part');
    const resumed = await runCliProcess(['train', '--resume', resumable], { cwd: dir });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).not.toMatch(/epoch 1\/3:/);
    expect(resumed.stdout).toMatch(/epoch 3\/3:/);
    expect(resumed.stdout).toContain('removed 2 temporary files left by an interrupted write');
    for (const folder of [resumable, join(resumable, 'checkpoint'), join(resumable, 'model')]) {
      expect(readdirSync(folder).filter((name) => name.endsWith('.tmp')), folder).toEqual([]);
    }
    const metrics = JSON.parse(readFileSync(join(resumable, 'metrics.json'), 'utf8'));
    expect(metrics.training.epochs.map((e: { epoch: number }) => e.epoch)).toEqual([1, 2, 3]);
    expect(metrics.training.resumedFromEpoch).toBeGreaterThanOrEqual(1);
  });
});

describe('digitkit eda', () => {
  it("writes the second paper's data study with every figure, well-formed", async () => {
    const out = join(dir, 'eda');
    const result = await runCliProcess(['eda', '--limit', '2000', '--out', out], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').at(-1)).toBe(`report: ${join(out, 'report.html')}`);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBeGreaterThanOrEqual(9);
    for (const svg of svgs) expect(XMLValidator.validate(svg)).toBe(true);
    for (const title of ['Class distribution before and after random over-sampling', 'Pixel statistics', 'Pixel correlation', 'Mean digit per class', 'Augmentation before and after', 'Pixel skewness']) {
      expect(html, title).toContain(title);
    }
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    // Over-sampling brings every class up to the majority count of the first 2,000 training labels.
    const counts = new Array<number>(10).fill(0);
    const { train } = await loadMnist({ limit: 2000 });
    for (const label of train.labels) counts[label]++;
    expect(summary.classCountsBefore).toEqual(counts);
    expect(summary.classCountsAfter).toEqual(new Array(10).fill(Math.max(...counts)));
  });
});
