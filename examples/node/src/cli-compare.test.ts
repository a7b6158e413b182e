import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMnist } from '@digitkit/mnist-data/node';
import { XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH, runCliProcess, type CliResult } from './test-support/cli-process.js';

// `digitkit compare` on a small subset, interrupted with Ctrl-C while the SVM is fitted and then resumed: the
// figures of comparison.json are checked against an independent recomputation from the stored probabilities and the
// MNIST label file.

const TEST_LIMIT = 150;
const MEMBERS = ['knn', 'rbf-svm', 'logistic-regression', 'paper-cnn', 'paper-bn-cnn', 'lenet5'];
const CNNS = ['paper-cnn', 'paper-bn-cnn', 'lenet5'];
let dir: string;
let out: string;
let first: CliResult;
let resumed: CliResult;
let labels: Uint8Array;

function readProbabilities(name: string): Float32Array {
  const bytes = readFileSync(join(out, 'members', name, 'test-probabilities.bin'));
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

function argmax(probabilities: Float32Array, i: number): number {
  let best = 0;
  for (let c = 1; c < 10; c++) if (probabilities[i * 10 + c] > probabilities[i * 10 + best]) best = c;
  return best;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'digitkit-compare-'));
  out = join(dir, 'cmp');
  labels = (await loadMnist({ limit: { train: 0, test: TEST_LIMIT } })).test.labels;
  const args = ['compare', '--limit', '500', '--test-limit', String(TEST_LIMIT), '--epochs', '1', '--batch-size', '32', '--seed', '5', '--out', out];
  first = await new Promise<CliResult>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!sent && /fitting RBF SVM/.test(stdout)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  resumed = await runCliProcess(['compare', '--resume', out], { cwd: dir, timeoutMs: 240_000 });
});

describe('digitkit compare (small, interrupted and resumed)', () => {
  it('Ctrl-C prints one line and exits 130; --resume keeps the finished models and completes', () => {
    expect(first.code).toBe(130);
    const lines = first.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines, first.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^digitkit: interrupted while fitting RBF SVM; the finished models are kept — continue with: digitkit compare --resume /);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/^k-NN \(k=3\): test accuracy [\d.]+%, kept from the earlier run/m);
    expect(resumed.stdout.trim().split('\n').at(-1)).toBe(`report: ${join(out, 'report.html')}`);
  });

  it('comparison.json: every member and ensemble, accuracies equal to a recomputation from the stored probabilities', () => {
    const comparison = JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8'));
    expect(comparison.rows.map((r: { name: string }) => r.name)).toEqual([...MEMBERS, 'soft-vote', 'weighted-vote', 'hard-vote', 'stacking']);
    expect(comparison.data).toEqual({ train: 450, validation: 50, test: TEST_LIMIT });
    const predictions: Record<string, number[]> = {};
    for (const name of MEMBERS) {
      const p = readProbabilities(name);
      expect(p.length).toBe(TEST_LIMIT * 10);
      predictions[name] = Array.from({ length: TEST_LIMIT }, (_, i) => argmax(p, i));
    }
    // Soft vote = mean of the CNNs' probabilities; hard vote = their majority (ties to the smaller label).
    const cnn = CNNS.map(readProbabilities);
    const mean = cnn[0].map((_, i) => cnn.reduce((s, p) => s + p[i], 0) / cnn.length);
    predictions['soft-vote'] = Array.from({ length: TEST_LIMIT }, (_, i) => argmax(mean, i));
    predictions['hard-vote'] = Array.from({ length: TEST_LIMIT }, (_, i) => {
      const votes = new Array(10).fill(0);
      for (const name of CNNS) votes[predictions[name][i]]++;
      return votes.indexOf(Math.max(...votes));
    });
    // The ensemble chosen on validation is one of the probability ensembles, and only one.
    const versus = comparison.ensemblesVersusBest;
    expect(versus.map((e: { ensemble: string }) => e.ensemble)).toEqual(['soft-vote', 'weighted-vote', 'hard-vote', 'stacking']);
    const selected = versus.filter((e: { selected: boolean }) => e.selected);
    expect(selected).toHaveLength(1);
    expect(selected[0].ensemble).not.toBe('hard-vote');
    const byValidation = versus.filter((e: { validation?: unknown }) => e.validation).sort((x: { validation: { logLoss: number } }, y: { validation: { logLoss: number } }) => x.validation.logLoss - y.validation.logLoss);
    expect(selected[0].ensemble).toBe(byValidation[0].ensemble);
    for (const [name, predicted] of Object.entries(predictions)) {
      const row = comparison.rows.find((r: { name: string }) => r.name === name);
      const correct = predicted.filter((label, i) => label === labels[i]).length;
      expect(row.accuracy, name).toBeCloseTo(correct / TEST_LIMIT, 12);
      expect(row.errors, name).toBe(TEST_LIMIT - correct);
      expect(row.confusionMatrix.flat().reduce((s: number, v: number) => s + v, 0), name).toBe(TEST_LIMIT);
      expect(row.trainSeconds, name).toBeGreaterThan(0);
      expect(row.inferenceMsPerImage, name).toBeGreaterThan(0);
      expect(row.sizeBytes, name).toBeGreaterThan(0);
      // Figures only: no member's probabilities inside a row.
      expect(Object.keys(row).sort(), name).toEqual(
        ['accuracy', 'confusionMatrix', 'display', 'errors', 'f1Macro', 'inferenceMsPerImage', 'kind', 'name', 'precisionMacro', 'recallMacro', 'rocAucMacro', 'sizeBytes', 'trainSeconds'],
      );
    }
    expect(comparison.rows.find((r: { name: string }) => r.name === 'hard-vote').rocAucMacro).toBeNull();
    // Error overlap: the diagonal holds each model's errors; symmetric.
    comparison.rows.forEach((row: { errors: number }, i: number) => {
      expect(comparison.errorOverlap[i][i]).toBe(row.errors);
      comparison.rows.forEach((_: unknown, j: number) => expect(comparison.errorOverlap[i][j]).toBe(comparison.errorOverlap[j][i]));
    });
    // Stacking was fitted on the validation part only.
    expect(comparison.stackingFit).toEqual({ data: 'validation', examples: 50 });
    // McNemar between the best two: discordant counts recomputed from the predictions.
    const { a: bestA, b: bestB, mcnemar } = comparison.bestTwo;
    const accuracyOf = (name: string) => comparison.rows.find((r: { name: string }) => r.name === name).accuracy;
    const sorted = [...comparison.rows].sort((x: { accuracy: number }, y: { accuracy: number }) => y.accuracy - x.accuracy);
    expect([accuracyOf(bestA), accuracyOf(bestB)]).toEqual([sorted[0].accuracy, sorted[1].accuracy]);
    if (predictions[bestA] && predictions[bestB]) {
      const onlyA = labels.filter((label, i) => predictions[bestA][i] === label && predictions[bestB][i] !== label).length;
      const onlyB = labels.filter((label, i) => predictions[bestB][i] === label && predictions[bestA][i] !== label).length;
      expect([mcnemar.onlyARight, mcnemar.onlyBRight]).toEqual([onlyA, onlyB]);
    }
    expect(mcnemar.pValue).toBeGreaterThan(0);
    expect(mcnemar.pValue).toBeLessThanOrEqual(1);
  });

  it('report.html: the comparison figure, a confusion matrix per model, ensembles, McNemar and error overlap, well-formed', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    // 1 comparison + 1 overlap heatmap + 10 confusion matrices (6 models, 4 ensembles).
    expect(svgs.length).toBe(12);
    for (const svg of svgs) expect(XMLValidator.validate(svg)).toBe(true);
    for (const title of [
      'Comparison on the test set',
      'Ensembles against their best member',
      "McNemar's test between the two best models",
      'Error overlap (diversity)',
      'Confusion matrices',
      'Inference ms/image',
      'Model size',
      'validation images only',
      'Chosen on validation',
    ]) {
      expect(html, title).toContain(title.replace(/'/g, '&#39;'));
    }
  });
});
