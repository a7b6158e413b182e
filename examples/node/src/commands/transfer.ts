import { join } from 'node:path';
import {
  createModel, evaluateModel, fineTune, models, replaceHead, samplePerClass, selectClasses, trainClassifier, type ModelName,
} from '@digitkit/cnn-models';
import type { DigitDataset } from '@digitkit/core';
import { writeFileAtomic } from '@digitkit/core/node';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { renderLineChart, renderReportHtml, type ReportSection } from '@digitkit/viz-svg';
import { useBackend, type BackendName } from '../lib/backend.js';
import { createOutputFolder } from '../lib/create-output-folder.js';
import { loadDigits } from '../lib/load-data.js';
import { openRunModel } from '../lib/open-model.js';
import { readRunConfig, runPaths } from '../lib/run-folder.js';
import { UserError } from '../lib/user-error.js';
import { runtimeVersions } from '../lib/versions.js';

/** Flags of `digitkit transfer`. */
export interface TransferRequest {
  /** Run folder whose model is the base (default: train one on digits 0–4 here). */
  base?: string;
  /** Architecture of the base trained here and of the from-scratch networks. */
  model: ModelName;
  /** Labelled examples per class of digits 5–9. */
  perClass: number[];
  /** Seeds (repetitions) per N. */
  seeds: number;
  /** Gradient steps of each variant (epochs are derived from N). */
  steps: number;
  /** Epochs of the base trained on digits 0–4. */
  baseEpochs: number;
  /** Use only the first n training / test images. */
  limit?: number;
  testLimit?: number;
  seed: number;
  backend: BackendName;
  /** `--threads` (wasm), or undefined: the default of `useBackend`. */
  threads?: number;
  out?: string;
  command: string;
}

/** The three ways of learning digits 5–9 from N examples per class. */
export const TRANSFER_VARIANTS = ['frozen', 'fine-tuned', 'scratch'] as const;
export type TransferVariant = (typeof TRANSFER_VARIANTS)[number];

/** Accuracy of one variant at one N over the seeds. */
export interface TransferCell {
  perClass: number;
  variant: TransferVariant;
  /** Accuracy on the digits 5–9 of the test set, one per seed. */
  accuracies: number[];
  mean: number;
  /** Sample standard deviation over the seeds (0 for one seed). */
  std: number;
  min: number;
  max: number;
}

/** Contents of `<out>/transfer.json`. */
export interface TransferFile {
  format: 'digitkit-transfer';
  version: 1;
  createdAt: string;
  command: string;
  versions: ReturnType<typeof runtimeVersions>;
  backend: string;
  base: { source: string; model: string; trainImages: number | null; accuracyOn0to4: number | null };
  settings: { perClass: number[]; seeds: number; steps: number; learningRates: Record<TransferVariant, number>; batchSize: number };
  testImages5to9: number;
  cells: TransferCell[];
  seconds: number;
}

const LOW = [0, 1, 2, 3, 4];
const HIGH = [5, 6, 7, 8, 9];
const BATCH_SIZE = 32;
// 'frozen' trains the dense top (new head included) on the frozen convolutional base: measured on wasm (paper CNN, 150
// steps, 10 images per class, 2 seeds) 88.8/89.3% vs 73.2/76.8% for the new head alone at 1e-2 and 86.6/86.2% from
// scratch. End-to-end fine-tuning then runs at a 10x lower rate.
const LEARNING_RATES: Record<TransferVariant, number> = { frozen: 1e-3, 'fine-tuned': 1e-4, scratch: 1e-3 };

/**
 * `digitkit transfer`: the classic transfer experiment (tfjs-examples' mnist-transfer-cnn). A base network learns
 * digits 0–4 (or comes from `--base <run>`); then digits 5–9 are learnt from N labelled images per class three
 * ways — the convolutional base frozen (dense layers and a new head trained), the same then fine-tuned end to end
 * at a 10× lower learning rate, and the same architecture from scratch on the same images — for several seeds.
 * Writes transfer.json and transfer.html.
 */
export async function transferCommand(request: TransferRequest, io: { out: (line: string) => void; err: (line: string) => void }): Promise<TransferFile> {
  const { out } = io;
  const started = performance.now();
  const outDir = request.out ?? join('runs', `transfer-${timestamp()}`);
  await createOutputFolder(outDir);
  const backend = await useBackend(request.backend, request.threads);
  const { train, test } = await loadDigits({ limit: { ...(request.limit === undefined ? {} : { train: request.limit }), ...(request.testLimit === undefined ? {} : { test: request.testLimit }) } });
  const high = selectClasses(train, HIGH);
  const testHigh = selectClasses(test, HIGH);
  const largest = Math.max(...request.perClass);
  for (let c = 0; c < HIGH.length; c++) {
    const available = high.labels.filter((l) => l === c).length;
    if (available < largest) {
      throw new UserError(`--per-class ${largest} needs ${largest} training images of digit ${HIGH[c]}, the data has ${available}; raise --limit or lower --per-class`, { exitCode: 2 });
    }
  }

  // Step 1: the base network and a way to get fresh copies of it.
  const { artifacts, base } = await prepareBase(request, train, test, out);
  const freshBase = () => tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  out(`base: ${base.source} (${base.model})${base.accuracyOn0to4 === null ? '' : `, ${percent(base.accuracyOn0to4)} on the test digits 0-4`}`);

  // Step 2: every N x seed x variant.
  const cells: TransferCell[] = [];
  for (const perClass of request.perClass) {
    const byVariant = new Map<TransferVariant, number[]>(TRANSFER_VARIANTS.map((v) => [v, []]));
    for (let s = 0; s < request.seeds; s++) {
      const seed = request.seed + s;
      const few = samplePerClass(high, perClass, seed);
      const batchSize = Math.min(BATCH_SIZE, few.count);
      const epochs = Math.max(1, Math.ceil(request.steps / Math.ceil(few.count / batchSize)));
      const common = { epochs, batchSize, seed };

      const transferred = replaceHead(await freshBase(), { numClasses: HIGH.length, seed });
      await fineTune(transferred, few, { ...common, trainable: 'top', learningRate: LEARNING_RATES.frozen });
      byVariant.get('frozen')!.push((await evaluateModel(transferred, testHigh)).accuracy);
      await fineTune(transferred, few, { ...common, trainable: 'all', learningRate: LEARNING_RATES['fine-tuned'] });
      byVariant.get('fine-tuned')!.push((await evaluateModel(transferred, testHigh)).accuracy);
      transferred.dispose();

      const scratch = createModel(request.model, { numClasses: HIGH.length, seed });
      await trainClassifier(scratch, few, { ...common, learningRate: LEARNING_RATES.scratch });
      byVariant.get('scratch')!.push((await evaluateModel(scratch, testHigh)).accuracy);
      scratch.dispose();
    }
    const row = TRANSFER_VARIANTS.map((variant) => summarize(perClass, variant, byVariant.get(variant)!));
    cells.push(...row);
    out(`N=${perClass} per class: ${row.map((c) => `${c.variant} ${percent(c.mean)} ± ${(100 * c.std).toFixed(1)}`).join(', ')} (${request.seeds} seed${request.seeds === 1 ? '' : 's'})`);
  }

  const file: TransferFile = {
    format: 'digitkit-transfer',
    version: 1,
    createdAt: new Date().toISOString(),
    command: request.command,
    versions: runtimeVersions(),
    backend: backend.name,
    base,
    settings: { perClass: request.perClass, seeds: request.seeds, steps: request.steps, learningRates: LEARNING_RATES, batchSize: BATCH_SIZE },
    testImages5to9: testHigh.count,
    cells,
    seconds: (performance.now() - started) / 1000,
  };
  const jsonPath = join(outDir, 'transfer.json');
  const htmlPath = join(outDir, 'transfer.html');
  await writeFileAtomic(jsonPath, `${JSON.stringify(file, null, 2)}\n`, { functionName: 'digitkit transfer' });
  await writeFileAtomic(htmlPath, buildTransferReport(file), { functionName: 'digitkit transfer' });
  out(`transfer data: ${jsonPath}`);
  out(`report: ${htmlPath}`);
  return file;
}

/** The base (trained here on digits 0–4, or a run's model) saved to memory artifacts. */
async function prepareBase(
  request: TransferRequest, train: DigitDataset, test: DigitDataset, out: (line: string) => void,
): Promise<{ artifacts: tf.io.ModelArtifacts; base: TransferFile['base'] }> {
  let model: tfl.LayersModel;
  let base: TransferFile['base'];
  if (request.base !== undefined) {
    const paths = runPaths(request.base);
    const config = await readRunConfig(paths);
    model = await openRunModel(paths);
    base = { source: request.base, model: config.config.model, trainImages: null, accuracyOn0to4: null };
  } else {
    const low = selectClasses(train, LOW);
    out(`training the base ${request.model} on ${low.count} images of digits 0-4 (${request.baseEpochs} epoch${request.baseEpochs === 1 ? '' : 's'})`);
    model = createModel(request.model, { numClasses: LOW.length, seed: request.seed });
    await trainClassifier(model, low, { epochs: request.baseEpochs, batchSize: BATCH_SIZE, seed: request.seed });
    const accuracy = (await evaluateModel(model, selectClasses(test, LOW))).accuracy;
    base = { source: 'trained here on digits 0-4', model: request.model, trainImages: low.count, accuracyOn0to4: accuracy };
  }
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  model.dispose();
  return { artifacts: artifacts!, base };
}

function summarize(perClass: number, variant: TransferVariant, accuracies: number[]): TransferCell {
  const mean = accuracies.reduce((s, v) => s + v, 0) / accuracies.length;
  const std = accuracies.length < 2 ? 0 : Math.sqrt(accuracies.reduce((s, v) => s + (v - mean) ** 2, 0) / (accuracies.length - 1));
  return { perClass, variant, accuracies, mean, std, min: Math.min(...accuracies), max: Math.max(...accuracies) };
}

function percent(x: number): string {
  return `${(100 * x).toFixed(2)}%`;
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** The HTML report: accuracy vs N per variant (figure) and the table of means, spreads and per-seed values. */
export function buildTransferReport(file: TransferFile): string {
  const perClass = file.settings.perClass;
  const series = TRANSFER_VARIANTS.map((variant) => ({
    name: variant,
    points: [...new Set(perClass)].sort((a, b) => a - b).map((n) => {
      const cell = file.cells.find((c) => c.perClass === n && c.variant === variant)!;
      return { x: n, y: 100 * cell.mean, error: 100 * cell.std };
    }),
  }));
  const logX = Math.min(...perClass) > 0 && Math.max(...perClass) / Math.min(...perClass) >= 10;
  const sections: ReportSection[] = [
    {
      title: 'Experiment',
      text: [
        `Base: ${file.base.source}, ${file.base.model}${file.base.accuracyOn0to4 === null ? '' : `, ${percent(file.base.accuracyOn0to4)} on the test digits 0–4`}.`,
        `Digits 5–9 are learnt from N labelled training images per class (N = ${file.settings.perClass.join(', ')}; ${file.settings.seeds} seeds, each a different sample and initialization): ` +
          `frozen = the convolutional base frozen, its dense layers and a new softmax head trained (lr ${file.settings.learningRates.frozen}); ` +
          `fine-tuned = that model then trained end to end (lr ${file.settings.learningRates['fine-tuned']}); ` +
          `scratch = the same architecture trained from random weights on the same images (lr ${file.settings.learningRates.scratch}). ` +
          `Each variant takes about ${file.settings.steps} Adam steps (batch ${file.settings.batchSize}).`,
        `Accuracy on the ${file.testImages5to9} test images of digits 5–9; ${file.backend} backend; ${file.seconds.toFixed(0)} s in all.`,
        ...(file.base.trainImages === null
          ? ['The base comes from a saved run: if that run was trained on all ten digits, it has already seen 5–9, and "frozen" and "fine-tuned" are not a transfer from 0–4.']
          : []),
      ],
    },
    {
      title: 'Accuracy vs labelled examples per class',
      text: `Mean test accuracy (%) over the ${file.settings.seeds} seeds against N (${logX ? 'log scale' : 'linear scale'}); the band is ± one standard deviation over the seeds${file.settings.seeds < 2 ? ' (zero with one seed)' : ''}.`,
      svg: renderLineChart(series, {
        title: 'Digits 5–9: transfer vs scratch', xLabel: 'labelled images per class (N)', yLabel: 'test accuracy on 5–9 (%)',
        xScale: logX ? 'log' : 'linear', xTicks: perClass,
        description: `Mean test accuracy on the digits 5–9 (percent, ± std over ${file.settings.seeds} seeds) against N = ${perClass.join(', ')} labelled images per class, for ${TRANSFER_VARIANTS.join(', ')}.`,
      }),
      table: {
        columns: ['N per class', 'variant', 'mean', '± std', 'min', 'max', 'per seed'],
        rows: file.cells.map((c) => [
          c.perClass, c.variant, percent(c.mean), (100 * c.std).toFixed(2), percent(c.min), percent(c.max),
          c.accuracies.map((a) => (100 * a).toFixed(1)).join(' '),
        ]),
      },
    },
  ];
  return renderReportHtml({ title: 'Transfer learning: digits 0–4 → 5–9', subtitle: `${file.createdAt} — ${file.command}`, sections });
}

/** Model names accepted by `--model`. */
export const TRANSFER_MODEL_NAMES = Object.keys(models) as ModelName[];
