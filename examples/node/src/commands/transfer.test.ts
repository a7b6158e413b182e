import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMnist } from '@digitkit/mnist-data/node';
import { XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, type CliResult } from '../test-support/cli-process.js';

const LIMIT = 2000;
const TEST_LIMIT = 300;
let dir: string;
let result: CliResult;
let fromRun: CliResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'digitkit-transfer-'));
  result = await runCliProcess(
    ['transfer', '--limit', String(LIMIT), '--test-limit', String(TEST_LIMIT), '--per-class', '1,5', '--seeds', '2', '--steps', '10', '--base-epochs', '1', '--out', 'out'],
    { cwd: dir, timeoutMs: 280_000 },
  );
  const trained = await runCliProcess(['train', '--model', 'paper-cnn', '--limit', '600', '--test-limit', '50', '--epochs', '1', '--seed', '2', '--out', join('runs', 'base')], { cwd: dir, timeoutMs: 240_000 });
  expect(trained.code, trained.stderr).toBe(0);
  fromRun = await runCliProcess(
    ['transfer', '--base', join('runs', 'base'), '--limit', String(LIMIT), '--test-limit', String(TEST_LIMIT), '--per-class', '3', '--seeds', '1', '--steps', '5', '--out', 'from-run'],
    { cwd: dir, timeoutMs: 280_000 },
  );
});

describe('digitkit transfer --limit', () => {
  it('exits 0 and prints the base, one line per N and the output paths', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe(`report: ${join('out', 'transfer.html')}`);
    expect(lines.at(-2)).toBe(`transfer data: ${join('out', 'transfer.json')}`);
    expect(lines.at(-4)).toMatch(/^N=1 per class: frozen \d+\.\d\d% ± \d+\.\d, fine-tuned \d+\.\d\d% ± \d+\.\d, scratch \d+\.\d\d% ± \d+\.\d \(2 seeds\)$/);
    expect(lines.at(-3)).toMatch(/^N=5 per class: /);
    expect(result.stdout).toMatch(/base: trained here on digits 0-4 \(paper-cnn\), \d+\.\d\d% on the test digits 0-4/);
  });

  it('writes transfer.json with one cell per N and variant whose summaries follow from the per-seed accuracies', async () => {
    const file = JSON.parse(readFileSync(join(dir, 'out', 'transfer.json'), 'utf8'));
    const { train, test } = await loadMnist({ limit: { train: LIMIT, test: TEST_LIMIT } });
    // Independent counts from the IDX labels.
    expect(file.base.trainImages).toBe(train.labels.filter((l) => l < 5).length);
    expect(file.testImages5to9).toBe(test.labels.filter((l) => l >= 5).length);
    expect(file.cells.map((c: { perClass: number; variant: string }) => `${c.perClass} ${c.variant}`)).toEqual([
      '1 frozen', '1 fine-tuned', '1 scratch', '5 frozen', '5 fine-tuned', '5 scratch',
    ]);
    for (const cell of file.cells) {
      expect(cell.accuracies).toHaveLength(2);
      const [a, b] = cell.accuracies;
      expect(cell.mean).toBeCloseTo((a + b) / 2, 12);
      expect(cell.std).toBeCloseTo(Math.abs(a - b) / Math.SQRT2, 12); // sample std of two values
      expect(cell.min).toBe(Math.min(a, b));
      for (const x of cell.accuracies) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(Number.isInteger(Math.round(x * file.testImages5to9 * 1e6) / 1e6)).toBe(true);
      }
    }
    const html = readFileSync(join(dir, 'out', 'transfer.html'), 'utf8');
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs).toHaveLength(1);
    expect(XMLValidator.validate(svgs[0]!)).toBe(true);
    // Accuracy vs N: one line per variant through N = 1 and 5, mean ± std over the two seeds as a band.
    expect(svgs[0]!.match(/class="series-line"/g)).toHaveLength(3);
    expect(svgs[0]!.match(/class="point"/g)).toHaveLength(6);
    expect(svgs[0]!.match(/class="error-band"/g)).toHaveLength(3);
    for (const variant of ['frozen', 'fine-tuned', 'scratch']) expect(svgs[0]).toContain(`>${variant}</text>`);
  });

  it('takes any saved run as the base with --base', () => {
    expect(fromRun.stderr).toBe('');
    expect(fromRun.code).toBe(0);
    expect(fromRun.stdout).toContain(`base: ${join('runs', 'base')} (paper-cnn)`);
    const file = JSON.parse(readFileSync(join(dir, 'from-run', 'transfer.json'), 'utf8'));
    expect(file.base).toMatchObject({ source: join('runs', 'base'), model: 'paper-cnn', trainImages: null });
    expect(file.cells).toHaveLength(3);
  });

  it('refuses more examples per class than the data holds, before any training', async () => {
    const bad = await runCliProcess(['transfer', '--limit', '300', '--per-class', '100', '--out', 'bad'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^digitkit: --per-class 100 needs 100 training images of digit \d, the data has \d+; raise --limit or lower --per-class/);
  });
});
