import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { evaluateRobustness, predictProbabilities, type RobustnessEvaluation } from '@digitkit/cnn-models';
import type { DigitDataset } from '@digitkit/core';
import { sha256, writeFileAtomic } from '@digitkit/core/node';
import { CORRUPTIONS, corruptDataset, describeCorruption, type CorruptionName } from '@digitkit/preprocess-augment';
import { renderDigitGrid, renderLineChart, renderModelComparison, renderReportHtml, type LineChartSeries, type ReportSection } from '@digitkit/viz-svg';
import { useBackend, type BackendName } from '../lib/backend.js';
import { loadDigits } from '../lib/load-data.js';
import { openRunModel } from '../lib/open-model.js';
import { readRunConfig, runPaths } from '../lib/run-folder.js';
import { UserError } from '../lib/user-error.js';
import { runtimeVersions } from '../lib/versions.js';

/** Flags of `digitkit robustness`. */
export interface RobustnessRequest {
  /** Further run folders evaluated side by side with the first. */
  compare: string[];
  /** Evaluate on the first n test images only (default: all 10,000). */
  testLimit?: number;
  /** Seed of the corruptions. */
  seed: number;
  backend: BackendName;
  /** `--threads` (wasm), or undefined: the default of `useBackend`. */
  threads?: number;
  /** Corruptions to apply (default: all). */
  corruptions?: string[];
  /** The command line, recorded in robustness.json. */
  command: string;
}

/** One evaluated run in robustness.json. */
export interface RobustnessRun {
  dir: string;
  name: string;
  model: string;
  /** SHA-256 of the run's model.json and weights.bin (how a later `--compare` recognizes the same model). */
  modelSha256?: string;
  evaluation: RobustnessEvaluation;
  seconds: number;
  /** Where the evaluation was taken from when it was kept from an earlier robustness.json with the same settings. */
  keptFrom?: string;
}

/** Contents of `<run>/robustness.json`. */
export interface RobustnessFile {
  format: 'digitkit-robustness';
  version: 1;
  createdAt: string;
  command: string;
  versions: ReturnType<typeof runtimeVersions>;
  backend: string;
  testImages: number;
  seed: number;
  severities: number[];
  corruptions: Array<ReturnType<typeof describeCorruption>>;
  /** The first run is the one the report belongs to; the others come from `--compare`. */
  runs: RobustnessRun[];
}

const SEVERITIES = [1, 2, 3, 4, 5];
/** The test image shown for every corruption in the examples figure. */
const EXAMPLE_INDEX = 0;

/**
 * `digitkit robustness <run> [--compare <run>...]`: the run's model (and the compared ones) on the test images under
 * every MNIST-C-style corruption at severities 1–5; prints the mean corruption accuracy and the worst corruptions,
 * writes `<run>/robustness.json` and `<run>/robustness.html` (accuracy vs severity per corruption, comparison,
 * examples). A run already evaluated with the same model and settings (its own robustness.json or the first run's)
 * is kept from that file instead of evaluated again, so runs can be evaluated separately and then compared.
 */
export async function robustnessCommand(
  run: string,
  request: RobustnessRequest,
  io: { out: (line: string) => void; err: (line: string) => void },
): Promise<RobustnessFile> {
  const { out } = io;
  const corruptions = resolveCorruptions(request.corruptions);
  const dirs = [run, ...request.compare];
  if (new Set(dirs).size !== dirs.length) throw new UserError('each run may be given only once (the first run and --compare)');
  // Every run folder is checked before the (long) evaluation starts.
  const configs = await Promise.all(dirs.map((dir) => readRunConfig(runPaths(dir))));
  const backend = await useBackend(request.backend, request.threads);
  const { test } = await loadDigits({ limit: { train: 0, ...(request.testLimit === undefined ? {} : { test: request.testLimit }) } });
  out(`robustness on ${test.count} test images, ${corruptions.length} corruptions x ${SEVERITIES.length} severities, seed ${request.seed} (${backend.name})`);

  const runs: RobustnessRun[] = [];
  let examples: { images: DigitDataset; predicted: Int32Array } | undefined;
  const settings = { backend: backend.name, testImages: test.count, seed: request.seed, severities: SEVERITIES, corruptions };
  for (const [index, dir] of dirs.entries()) {
    const config = configs[index];
    const paths = runPaths(dir);
    const modelSha256 = await modelHash(paths.model);
    const kept = await earlierEvaluation([dir, run], modelSha256, settings);
    if (kept !== undefined && index > 0) {
      out(`  ${basename(dir)}: kept from ${kept.keptFrom} (same model, backend, test images, seed, corruptions and severities)`);
      runs.push({ ...kept, dir, name: basename(dir), model: config.config.model });
      continue;
    }
    const model = await openRunModel(paths);
    try {
      if (kept !== undefined) {
        out(`  ${basename(dir)}: kept from ${kept.keptFrom} (same model, backend, test images, seed, corruptions and severities)`);
        runs.push({ ...kept, dir, name: basename(dir), model: config.config.model });
      } else {
        const started = performance.now();
        const evaluation = await evaluateRobustness(model, test, {
          corruptions, severities: SEVERITIES, seed: request.seed,
          onProgress: (p) => {
            if (p.severity === SEVERITIES.at(-1)) out(`  ${basename(dir)}: ${p.corruption} done (${p.done}/${p.total})`);
          },
        });
        runs.push({ dir, name: basename(dir), model: config.config.model, modelSha256, evaluation, seconds: (performance.now() - started) / 1000 });
      }
      if (examples === undefined) examples = await exampleImages(model, test, corruptions, request.seed);
    } finally {
      model.dispose();
    }
  }

  const file: RobustnessFile = {
    format: 'digitkit-robustness',
    version: 1,
    createdAt: new Date().toISOString(),
    command: request.command,
    versions: runtimeVersions(),
    backend: backend.name,
    testImages: test.count,
    seed: request.seed,
    severities: SEVERITIES,
    corruptions: corruptions.map(describeCorruption),
    runs,
  };
  const paths = runPaths(run);
  const jsonPath = join(paths.dir, 'robustness.json');
  const htmlPath = join(paths.dir, 'robustness.html');
  await writeFileAtomic(jsonPath, `${JSON.stringify(file, null, 2)}\n`, { functionName: 'digitkit robustness' });
  await writeFileAtomic(htmlPath, buildRobustnessReport(file, examples!), { functionName: 'digitkit robustness' });
  for (const r of runs) {
    const e = r.evaluation;
    out(
      `${r.name} (${r.model}): clean ${percent(e.cleanAccuracy)}, mean corruption accuracy ${percent(e.meanCorruptionAccuracy)}, ` +
        `worst: ${e.worst.slice(0, 3).map((w) => `${w.corruption} ${percent(w.meanAccuracy)}`).join(', ')}`,
    );
  }
  out(`robustness data: ${jsonPath}`);
  out(`report: ${htmlPath}`);
  return file;
}

/** SHA-256 over a run's model.json and weights.bin. */
async function modelHash(modelDir: string): Promise<string> {
  const parts = await Promise.all(['model.json', 'weights.bin'].map(async (f) => {
    const path = join(modelDir, f);
    return existsSync(path) ? sha256(new Uint8Array(await readFile(path))) : '-';
  }));
  return sha256(new TextEncoder().encode(parts.join('\n')));
}

/**
 * The evaluation of this model in `robustness.json` of one of `dirs` (the run itself, then the first run of the
 * command) from an earlier `digitkit robustness`, when that file was made with exactly these settings (backend, test
 * images, seed, corruptions, severities, package versions) and the model is the same (SHA-256 of model.json +
 * weights.bin); otherwise undefined. A broken or older file is ignored (the model is evaluated again).
 */
async function earlierEvaluation(
  dirs: string[],
  modelSha256: string,
  settings: { backend: string; testImages: number; seed: number; severities: number[]; corruptions: CorruptionName[] },
): Promise<RobustnessRun | undefined> {
  for (const dir of new Set(dirs)) {
    const path = join(dir, 'robustness.json');
    if (!existsSync(path)) continue;
    let file: RobustnessFile;
    try {
      file = JSON.parse(await readFile(path, 'utf8')) as RobustnessFile;
    } catch {
      continue;
    }
    if (file?.format !== 'digitkit-robustness' || !Array.isArray(file.runs) || !Array.isArray(file.corruptions)) continue;
    const same =
      file.backend === settings.backend && file.testImages === settings.testImages && file.seed === settings.seed &&
      JSON.stringify(file.severities) === JSON.stringify(settings.severities) &&
      JSON.stringify(file.corruptions.map((c) => c.name)) === JSON.stringify(settings.corruptions) &&
      JSON.stringify(file.versions?.packages) === JSON.stringify(runtimeVersions().packages);
    if (!same) continue;
    const run = file.runs.find((r) => r.modelSha256 === modelSha256 && r.evaluation?.corruptions?.length === settings.corruptions.length);
    if (run !== undefined) return { ...run, keptFrom: run.keptFrom ?? path };
  }
  return undefined;
}

function resolveCorruptions(names: string[] | undefined): CorruptionName[] {
  if (names === undefined) return [...CORRUPTIONS];
  const unknown = names.filter((n) => !CORRUPTIONS.includes(n as CorruptionName));
  if (unknown.length > 0) throw new UserError(`unknown corruption ${unknown.join(', ')}; known: ${CORRUPTIONS.join(', ')}`, { exitCode: 2 });
  return [...new Set(names)] as CorruptionName[];
}

/** One test image per corruption at severities 0..5 (row-major: corruption, then severity), with the first run's predictions. */
async function exampleImages(
  model: Parameters<typeof predictProbabilities>[0], test: DigitDataset, corruptions: CorruptionName[], seed: number,
): Promise<{ images: DigitDataset; predicted: Int32Array }> {
  const size = test.rows * test.cols;
  const one: DigitDataset = { ...test, images: test.images.slice(EXAMPLE_INDEX * size, (EXAMPLE_INDEX + 1) * size), labels: test.labels.slice(EXAMPLE_INDEX, EXAMPLE_INDEX + 1), count: 1 };
  const severities = [0, ...SEVERITIES];
  const count = corruptions.length * severities.length;
  const images = new Uint8Array(count * size);
  let k = 0;
  for (const corruption of corruptions) {
    for (const severity of severities) images.set(corruptDataset(one, { corruption, severity, seed }).images, k++ * size);
  }
  const dataset: DigitDataset = { ...test, images, labels: new Uint8Array(count).fill(one.labels[0]), count };
  const probabilities = await predictProbabilities(model, dataset);
  const predicted = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const row = probabilities.subarray(i * test.numClasses, (i + 1) * test.numClasses);
    predicted[i] = row.indexOf(Math.max(...row));
  }
  return { images: dataset, predicted };
}

/** One line per corruption: accuracy (%) at severity 0 (clean) and each evaluated severity. */
function accuracyBySeverity(run: RobustnessRun, severities: number[]): LineChartSeries[] {
  const clean = 100 * run.evaluation.cleanAccuracy;
  return run.evaluation.corruptions.map((c) => ({
    name: c.corruption,
    points: [{ x: 0, y: clean }, ...c.severities.map((s, i) => ({ x: severities[i], y: 100 * s.accuracy }))],
  }));
}

/** The run's mean accuracy (%) over the corruptions at each severity (0 = clean). */
function meanBySeverity(run: RobustnessRun, severities: number[]): LineChartSeries {
  const clean = 100 * run.evaluation.cleanAccuracy;
  return {
    name: `${run.name} (${run.model})`,
    points: [{ x: 0, y: clean }, ...severities.map((severity, i) => {
      const values = run.evaluation.corruptions.map((c) => 100 * c.severities[i].accuracy);
      return { x: severity, y: values.reduce((a, b) => a + b, 0) / values.length };
    })],
  };
}

/** Accuracy in % rounded to 0.1 (figure labels). */
function toPercent(x: number): number {
  return Math.round(1000 * x) / 10;
}

function percent(x: number): string {
  return `${(100 * x).toFixed(2)}%`;
}

/** The HTML report: summary, accuracy per corruption and severity (one figure per run), comparison, tables, examples. */
export function buildRobustnessReport(file: RobustnessFile, examples: { images: DigitDataset; predicted: Int32Array }): string {
  const severityKeys = file.severities.map((s) => `severity ${s}`);
  const names = file.corruptions.map((c) => c.name);
  const sections: ReportSection[] = [];
  sections.push({
    title: 'Summary',
    text: [
      `${file.testImages} test images under ${names.length} corruptions in the spirit of MNIST-C (Mu & Gilmer, 2019) at severities ${file.severities.join(', ')}; seed ${file.seed}; backend ${file.backend}.`,
      'Mean corruption accuracy = the mean accuracy over every corruption and severity; relative = mean corruption accuracy / clean accuracy.',
    ],
    table: {
      columns: ['run', 'model', 'clean accuracy', 'mean corruption accuracy', 'relative', 'worst corruptions (mean accuracy)'],
      rows: file.runs.map((r) => [
        r.name, r.model, percent(r.evaluation.cleanAccuracy), percent(r.evaluation.meanCorruptionAccuracy),
        r.evaluation.relativeAccuracy.toFixed(3),
        r.evaluation.worst.slice(0, 3).map((w) => `${w.corruption} ${percent(w.meanAccuracy)}`).join(', '),
      ]),
    },
  });
  sections.push({
    title: 'Accuracy vs severity',
    text: [
      `Test accuracy (%) of each run under each corruption at severity 0 (clean) to ${file.severities.at(-1)}: one figure per run, one line per corruption (same axes in every figure).`,
      ...(file.runs.length > 1 ? ['The last figure: the mean over all corruptions at each severity, one line per run.'] : []),
    ],
    svg: [
      ...file.runs.map((r) => renderLineChart(accuracyBySeverity(r, file.severities), {
        title: `${r.name}: accuracy vs severity`, xLabel: 'severity (0 = clean)', yLabel: 'accuracy (%)',
        yDomain: [0, 100], xTicks: [0, ...file.severities],
        description: `${r.name} (${r.model}): test accuracy in percent under ${names.length} corruptions at severities 0 to ${file.severities.at(-1)}, one line per corruption.`,
      })),
      ...(file.runs.length > 1
        ? [renderLineChart(file.runs.map((r) => meanBySeverity(r, file.severities)), {
          title: 'Mean corruption accuracy vs severity', xLabel: 'severity (0 = clean)', yLabel: 'mean accuracy (%)', xTicks: [0, ...file.severities],
          description: `Mean test accuracy in percent over ${names.length} corruptions at each severity, one line per run: ${file.runs.map((r) => r.name).join(', ')}.`,
        })]
        : []),
    ],
  });
  if (file.runs.length > 1) {
    sections.push({
      title: 'Runs side by side',
      text: 'Mean accuracy (%) over severities 1–5 for each corruption, one panel per run.',
      svg: [
        renderModelComparison(
          file.runs.map((r) => ({ name: r.name, clean: toPercent(r.evaluation.cleanAccuracy), corrupted: toPercent(r.evaluation.meanCorruptionAccuracy) })),
          { title: 'Clean vs mean corruption accuracy (%)', metrics: ['clean', 'corrupted'], metricLabels: { clean: 'clean', corrupted: 'mean corruption' } },
        ),
        renderModelComparison(
          names.map((name) => {
            const row: { name: string; [run: string]: string | number } = { name };
            file.runs.forEach((r, i) => (row[`run${i}`] = toPercent(r.evaluation.corruptions.find((c) => c.corruption === name)!.meanAccuracy)));
            return row;
          }),
          {
            title: 'Mean accuracy per corruption (%)',
            metrics: file.runs.map((_, i) => `run${i}`),
            metricLabels: Object.fromEntries(file.runs.map((r, i) => [`run${i}`, r.name])),
          },
        ),
      ],
    });
  }
  for (const r of file.runs) {
    sections.push({
      title: `Accuracy per corruption and severity: ${r.name}`,
      text: `${r.model}; clean accuracy ${percent(r.evaluation.cleanAccuracy)}${r.keptFrom === undefined ? '' : `; evaluation kept from ${r.keptFrom}`}.`,
      table: {
        columns: ['corruption', 'family', ...severityKeys, 'mean'],
        rows: r.evaluation.corruptions.map((c, i) => [
          c.corruption, file.corruptions[i].family, ...c.severities.map((s) => percent(s.accuracy)), percent(c.meanAccuracy),
        ]),
      },
    });
  }
  sections.push({
    title: 'Examples',
    text: `One test digit per corruption (rows, in the order ${names.join(', ')}) at severity 0 (clean) to 5 (columns), with the prediction of ${file.runs[0].name}: green when right, red when wrong.`,
    svg: renderDigitGrid(examples.images, {
      columns: file.severities.length + 1,
      labels: examples.images.labels,
      predictions: examples.predicted,
      title: 'Corruptions at severity 0–5',
      digitSize: 42,
    }),
    table: {
      columns: ['corruption', 'what it does', ...severityKeys],
      rows: file.corruptions.map((c) => [c.name, c.description, ...c.severities]),
    },
  });
  return renderReportHtml({ title: `Robustness: ${file.runs[0].name}`, subtitle: `${file.createdAt} — ${file.command}`, sections });
}
