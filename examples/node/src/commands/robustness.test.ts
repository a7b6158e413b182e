import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, type CliResult } from '../test-support/cli-process.js';

// Two tiny runs (600 training images, 1 epoch; one with augmentation), evaluated on the same first 100 test images
// by `train` and then by `robustness`.
const TEST_LIMIT = 100;
let dir: string;
let result: CliResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'digitkit-robustness-'));
  for (const [name, extra] of [['plain', []], ['augmented', ['--augment']]] as const) {
    const trained = await runCliProcess(
      ['train', '--model', 'paper-cnn', '--limit', '600', '--test-limit', String(TEST_LIMIT), '--epochs', '1', '--seed', '3', ...extra, '--out', join('runs', name)],
      { cwd: dir, timeoutMs: 240_000 },
    );
    expect(trained.code, trained.stderr).toBe(0);
  }
  result = await runCliProcess(
    ['robustness', join('runs', 'plain'), '--compare', join('runs', 'augmented'), '--test-limit', String(TEST_LIMIT), '--seed', '1'],
    { cwd: dir, timeoutMs: 280_000 },
  );
});

describe('digitkit robustness --test-limit', () => {
  it('exits 0 and ends with one summary line per run, the data file and the report path', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe(`report: ${join('runs', 'plain', 'robustness.html')}`);
    expect(lines.at(-2)).toBe(`robustness data: ${join('runs', 'plain', 'robustness.json')}`);
    expect(lines.at(-4)).toMatch(/^plain \(paper-cnn\): clean \d+\.\d\d%, mean corruption accuracy \d+\.\d\d%, worst: [a-z-]+ \d+\.\d\d%/);
    expect(lines.at(-3)).toMatch(/^augmented \(paper-cnn\): clean /);
  });

  it("writes robustness.json whose clean accuracies are the ones `train` measured on the same test images", () => {
    const file = JSON.parse(readFileSync(join(dir, 'runs', 'plain', 'robustness.json'), 'utf8'));
    expect(file.format).toBe('digitkit-robustness');
    expect(file.testImages).toBe(TEST_LIMIT);
    expect(file.severities).toEqual([1, 2, 3, 4, 5]);
    expect(file.corruptions.length).toBeGreaterThanOrEqual(12);
    expect(file.runs.map((r: { name: string }) => r.name)).toEqual(['plain', 'augmented']);
    for (const run of file.runs) {
      const metrics = JSON.parse(readFileSync(join(dir, 'runs', run.name, 'metrics.json'), 'utf8'));
      expect(metrics.test.count).toBe(TEST_LIMIT);
      expect(run.evaluation.cleanAccuracy).toBeCloseTo(metrics.test.accuracy, 12);
      expect(run.evaluation.corruptions).toHaveLength(file.corruptions.length);
      for (const c of run.evaluation.corruptions) {
        expect(c.severities.map((s: { severity: number }) => s.severity)).toEqual([1, 2, 3, 4, 5]);
        for (const s of c.severities) expect(Number.isInteger(Math.round(s.accuracy * TEST_LIMIT * 1e6) / 1e6)).toBe(true);
      }
      const invert = run.evaluation.corruptions.find((c: { corruption: string }) => c.corruption === 'invert');
      expect(invert.severities[4].accuracy).toBeLessThan(run.evaluation.cleanAccuracy);
    }
  });

  it('writes a report whose figures are well-formed SVG: per-run accuracy by severity, comparison, examples', () => {
    const html = readFileSync(join(dir, 'runs', 'plain', 'robustness.html'), 'utf8');
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    // 1 accuracy-vs-severity line chart per run + 1 of the mean per run, 2 bar comparisons, 1 example grid.
    expect(svgs.length).toBe(6);
    for (const svg of svgs) expect(XMLValidator.validate(svg)).toBe(true);
    const file = JSON.parse(readFileSync(join(dir, 'runs', 'plain', 'robustness.json'), 'utf8'));
    const lineCharts = svgs.filter((svg) => svg.includes('class="plot-area"'));
    expect(lineCharts).toHaveLength(3);
    // One line per corruption, each through severity 0 (clean) to 5: 6 markers per line.
    expect(lineCharts[0].match(/class="series-line"/g)).toHaveLength(file.corruptions.length);
    expect(lineCharts[0].match(/class="point"/g)).toHaveLength(6 * file.corruptions.length);
    expect(lineCharts[2]).toContain('<title>Mean corruption accuracy vs severity</title>');
    expect(html).toContain('Accuracy per corruption and severity: plain');
    expect(html).toContain('Accuracy per corruption and severity: augmented');
    expect(html).toContain('Corruptions at severity 0–5');
  });

  it('keeps the evaluations of an unchanged model from robustness.json when the same comparison runs again', async () => {
    const before = JSON.parse(readFileSync(join(dir, 'runs', 'plain', 'robustness.json'), 'utf8'));
    const again = await runCliProcess(
      ['robustness', join('runs', 'plain'), '--compare', join('runs', 'augmented'), '--test-limit', String(TEST_LIMIT), '--seed', '1'],
      { cwd: dir, timeoutMs: 120_000 },
    );
    expect(again.code, again.stderr).toBe(0);
    const kept = join('runs', 'plain', 'robustness.json');
    expect(again.stdout).toContain(`  plain: kept from ${kept} (same model, backend, test images, seed, corruptions and severities)`);
    expect(again.stdout).toContain(`  augmented: kept from ${kept} (`);
    expect(again.stdout).not.toMatch(/done \(\d+\/\d+\)/);
    const after = JSON.parse(readFileSync(join(dir, 'runs', 'plain', 'robustness.json'), 'utf8'));
    for (const [i, run] of after.runs.entries()) {
      expect(run.evaluation).toEqual(before.runs[i].evaluation);
      expect(run.modelSha256).toMatch(/^[0-9a-f]{64}$/);
    }
    // Another seed is another experiment: evaluated again.
    const otherSeed = await runCliProcess(
      ['robustness', join('runs', 'augmented'), '--test-limit', String(TEST_LIMIT), '--seed', '2', '--corruptions', 'rotate'],
      { cwd: dir, timeoutMs: 120_000 },
    );
    expect(otherSeed.code, otherSeed.stderr).toBe(0);
    expect(otherSeed.stdout).toContain('augmented: rotate done (5/5)');
  });

  it('checks every run folder before evaluating any', async () => {
    const missing = await runCliProcess(['robustness', join('runs', 'plain'), '--compare', join('runs', 'nope'), '--test-limit', '10'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain(join('runs', 'nope'));
  });

  it('refuses an unknown corruption with a one-line usage error', async () => {
    const bad = await runCliProcess(['robustness', join('runs', 'plain'), '--corruptions', 'rotate,fog', '--test-limit', '10'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^digitkit: unknown corruption fog; known: gaussian-noise,/);
  });
});
