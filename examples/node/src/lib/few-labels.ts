import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createModel, evaluateModel, splitFewLabels, trainSemiSupervised, type ModelName, type SemiSupervisedHistory,
} from '@digitkit/cnn-models';
import { saveModel } from '@digitkit/cnn-models/node';
import { writeFileAtomic } from '@digitkit/core/node';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend, type BackendName } from './backend.js';
import { createOutputFolder } from './create-output-folder.js';
import { createFewLabelsCheckpointStore } from './few-labels-checkpoint-store.js';
import { buildFewLabelsReport } from './few-labels-report.js';
import { createInterruptGuard, INTERRUPTED_EXIT_CODE, type InterruptGuard } from './interrupt-guard.js';
import { loadDigits } from './load-data.js';
import { formatDuration } from './training-progress.js';
import { UserError } from './user-error.js';
import { runtimeVersions } from './versions.js';

/** Everything that decides what a few-labels run computes (kept in `few-labels-run.json` for `--resume`). */
export interface FewLabelsConfig {
  /** Labelled training images per class; one supervised + one FixMatch run per value. */
  labelsPerClass: number[];
  /** Also train FixMatch on the rest of the training images without their labels (else the supervised runs only). */
  unlabeled: boolean;
  /** Train the supervised baseline too (`--no-baseline` skips it; absent in older runs = true). */
  baseline?: boolean;
  /**
   * The supervised baseline's labelled batches get the weak augmentation (true; absent in older runs = true) or are
   * the labelled images as they are (`--no-augment`: the network on the N·10 images alone, nothing added).
   * FixMatch always uses its weak and strong views.
   */
  baselineAugment?: boolean;
  /** Labelled validation images per class (model selection only; extra labels, listed in the report). */
  validationPerClass: number;
  /** Registry model (a network without dropout keeps the run deterministic: `lenet5`). */
  model: ModelName;
  /** Optimizer steps of every run (the baseline gets the same budget). */
  steps: number;
  /** Labelled images per step. */
  batchSize: number;
  /** μ: unlabelled images per labelled one per step. */
  unlabeledRatio: number;
  /** τ: pseudo-label confidence threshold. */
  threshold: number;
  /** λ_u. */
  unlabeledWeight: number;
  /** Labelled-only steps before the unlabelled term starts. */
  warmupSteps: number;
  /** Adam's initial rate (FixMatch cosine decay). */
  learningRate: number;
  /** EMA decay of the evaluated weights (0 = off). */
  emaDecay: number;
  /** Steps between validation evaluations (and checkpoints). */
  evaluateEvery: number;
  /** Self-training rounds on top of FixMatch (a growing pseudo-labelled set; 0 = plain FixMatch). */
  selfTrainingRounds: number;
  /** Share of the unlabelled images (per predicted class) pseudo-labelled at the last round. */
  selfTrainingFraction: number;
  seed: number;
  /** First `limit` training images only (quick runs), or null. */
  limit: number | null;
  /** First `testLimit` test images only, or null. */
  testLimit: number | null;
}

/** What `digitkit train --labels-per-class …` asks for. */
export interface FewLabelsRequest {
  config: FewLabelsConfig;
  backend: BackendName;
  threads?: number;
  out: string;
  resume: boolean;
  command: string;
}

/** One trained variant of one N. */
export interface FewLabelsResult {
  labelsPerClass: number;
  variant: 'supervised' | 'fixmatch';
  labelled: number;
  validation: number;
  unlabelled: number;
  testAccuracy: number;
  bestStep: number;
  bestValAccuracy: number;
  trainSeconds: number;
  history: SemiSupervisedHistory;
}

/** `few-labels.json`. */
export interface FewLabelsFile {
  format: 'digitkit-few-labels';
  version: 1;
  command: string;
  createdAt: string;
  updatedAt: string;
  versions: ReturnType<typeof runtimeVersions>;
  backend: string;
  config: FewLabelsConfig;
  test: number;
  results: FewLabelsResult[];
}

const RUN_FILE = 'few-labels-run.json';

/** True when `dir` holds a few-labels run (so `train --resume dir` continues it). */
export function isFewLabelsRun(dir: string): boolean {
  return existsSync(join(dir, RUN_FILE));
}

/**
 * The few-labels experiment behind `digitkit train --labels-per-class N[,N…] [--unlabeled]`: for every N a seeded
 * class-balanced draw of N labelled and `validationPerClass` validation images per class from the training part
 * (`splitFewLabels`), the supervised baseline on the N·10 images, and with `--unlabeled` FixMatch on the rest of the
 * training images without labels (`trainSemiSupervised`), each selected on the validation part only, then tested on
 * the test set. Every run is checkpointed in the run folder; `--resume` continues. Writes `few-labels.json`,
 * `report.html` and each variant's model.
 */
export async function fewLabelsCommand(request: FewLabelsRequest, io: { out: (line: string) => void; err: (line: string) => void }): Promise<FewLabelsFile> {
  const guard = createInterruptGuard({ err: io.err });
  try {
    return await runFewLabels(request, io.out, guard);
  } finally {
    guard.dispose();
  }
}

async function runFewLabels(request: FewLabelsRequest, out: (line: string) => void, guard: InterruptGuard): Promise<FewLabelsFile> {
  const dir = request.out;
  const runFile = join(dir, RUN_FILE);
  const resultsFile = join(dir, 'few-labels.json');
  const resumeHint = `digitkit train --resume ${dir}`;
  const startOver = `delete ${dir} or pass another --out`;
  guard.setAction({ abort: false, line: () => `interrupted before training started; start again, or continue with: ${resumeHint}` });
  let config = request.config;
  let file: FewLabelsFile;
  if (request.resume) {
    const stored = JSON.parse(await readFile(runFile, 'utf8')) as { config: FewLabelsConfig; command: string; createdAt: string };
    config = stored.config;
    file = existsSync(resultsFile)
      ? (JSON.parse(await readFile(resultsFile, 'utf8')) as FewLabelsFile)
      : emptyFile(stored.command, stored.createdAt, config);
  } else {
    if (existsSync(runFile) || existsSync(join(dir, 'run.json'))) {
      throw new UserError(`${dir} already holds a run; continue it with '${resumeHint}' or pick another --out`);
    }
    await createOutputFolder(dir);
    file = emptyFile(request.command, new Date().toISOString(), config);
    await guard.protect(() =>
      writeFileAtomic(runFile, `${JSON.stringify({ format: 'digitkit-few-labels-run', version: 1, command: request.command, createdAt: file.createdAt, config }, null, 2)}\n`, {
        functionName: 'digitkit',
      }),
    );
  }
  const backend = await useBackend(request.backend, request.threads);
  file.backend = backend.name;
  file.versions = runtimeVersions();
  const { train, test } = await loadDigits({ limit: { train: config.limit ?? undefined, test: config.testLimit ?? undefined } });
  file.test = test.count;
  out(
    `${request.resume ? 'resuming' : 'training'} few labels on ${backend.name}: ${config.labelsPerClass.join(', ')} labels per class, ` +
      `${config.validationPerClass} validation per class, ${config.unlabeled ? (config.baseline === false ? 'FixMatch only' : 'supervised baseline + FixMatch') : 'supervised only'}` +
      `${config.baselineAugment === false ? ' (baseline without augmentation)' : ''}, ` +
      `${config.model}, ${config.steps} steps, seed ${config.seed}; ${train.count} training / ${test.count} test images`,
  );
  out(`run folder: ${dir}`);

  for (const perClass of config.labelsPerClass) {
    const split = splitFewLabels(train, { labelsPerClass: perClass, validationPerClass: config.validationPerClass, seed: config.seed });
    const variants: Array<'supervised' | 'fixmatch'> = config.unlabeled
      ? config.baseline === false ? ['fixmatch'] : ['supervised', 'fixmatch']
      : ['supervised'];
    for (const variant of variants) {
      if (file.results.some((r) => r.labelsPerClass === perClass && r.variant === variant)) continue;
      const name = `n${perClass}-${variant}`;
      const store = createFewLabelsCheckpointStore(join(dir, name, 'checkpoint'), startOver);
      const model = createModel(config.model, { seed: config.seed });
      let lastStep = 0;
      guard.setAction({
        abort: true,
        line: () => `interrupted in ${name} at step ${lastStep}/${config.steps}; the checkpoints are in ${dir} — continue with: ${resumeHint}`,
      });
      const started = performance.now();
      let history: SemiSupervisedHistory;
      try {
        history = await trainSemiSupervised(model, split.labelled, variant === 'fixmatch' ? split.unlabelled : null, {
          validationData: split.validation,
          steps: config.steps,
          batchSize: config.batchSize,
          unlabelledRatio: config.unlabeledRatio,
          threshold: config.threshold,
          unlabelledWeight: config.unlabeledWeight,
          warmupSteps: config.warmupSteps,
          learningRate: config.learningRate,
          emaDecay: config.emaDecay,
          evaluateEvery: config.evaluateEvery,
          selfTrainingRounds: config.selfTrainingRounds,
          selfTrainingFraction: config.selfTrainingFraction,
          seed: config.seed,
          ...(variant === 'supervised' && config.baselineAugment === false ? { weakAugment: {} } : {}),
          checkpoint: { load: () => store.load(), save: (c) => guard.protect(() => store.save(c)), location: store.location },
          signal: guard.signal,
          onEvaluation: (log) => {
            lastStep = log.step;
            out(
              `${name} step ${log.step}/${config.steps}: loss ${log.loss.toFixed(4)}` +
                (variant === 'fixmatch' ? ` (labelled ${log.supervisedLoss.toFixed(4)}, unlabelled ${log.unlabelledLoss.toFixed(4)}, mask ${(100 * log.maskRate).toFixed(0)}%)` : '') +
                ` - val_acc ${(100 * log.valAccuracy).toFixed(2)}% - ${formatDuration(log.seconds)}`,
            );
          },
        });
      } catch (error) {
        model.dispose();
        if (guard.signal.aborted) {
          throw new UserError(`interrupted in ${name} at step ${lastStep}/${config.steps}; continue with: ${resumeHint}`, {
            exitCode: INTERRUPTED_EXIT_CODE,
            cause: error,
          });
        }
        throw error;
      }
      const trainSeconds = (performance.now() - started) / 1000;
      guard.setAction({ abort: false, line: () => `interrupted while saving ${name}; its training is checkpointed — finish with: ${resumeHint}` });
      const evaluation = await evaluateModel(model, test);
      await guard.protect(() => saveModel(model, join(dir, name, 'model')));
      model.dispose();
      const result: FewLabelsResult = {
        labelsPerClass: perClass,
        variant,
        labelled: split.labelled.count,
        validation: split.validation.count,
        unlabelled: variant === 'fixmatch' ? split.unlabelled.count : 0,
        testAccuracy: evaluation.accuracy,
        bestStep: history.bestStep,
        bestValAccuracy: history.bestValAccuracy,
        trainSeconds,
        history,
      };
      file.results.push(result);
      file.updatedAt = new Date().toISOString();
      out(`${name}: test accuracy ${(100 * evaluation.accuracy).toFixed(2)}% (best step ${history.bestStep}, val ${(100 * history.bestValAccuracy).toFixed(2)}%) in ${formatDuration(trainSeconds)}`);
      await guard.protect(async () => {
        await writeFileAtomic(resultsFile, `${JSON.stringify(file, null, 2)}\n`, { functionName: 'digitkit' });
        await writeFileAtomic(join(dir, 'report.html'), buildFewLabelsReport(file), { functionName: 'digitkit' });
      });
    }
  }
  tf.disposeVariables();
  out('');
  for (const line of formatFewLabelsTable(file)) out(line);
  out(`report: ${join(dir, 'report.html')}`);
  return file;
}

function emptyFile(command: string, createdAt: string, config: FewLabelsConfig): FewLabelsFile {
  return {
    format: 'digitkit-few-labels', version: 1, command, createdAt, updatedAt: createdAt, versions: runtimeVersions(), backend: '', config, test: 0, results: [],
  };
}

/** The summary table: one row per N, supervised vs FixMatch test accuracy. */
export function formatFewLabelsTable(file: FewLabelsFile): string[] {
  const header =
    'labels/class  labelled  validation  unlabelled  supervised  FixMatch  gain (points)  time (sup / FixMatch)' +
    (file.config.baselineAugment === false ? '  [supervised: no augmentation]' : '');
  const lines = [header];
  for (const perClass of file.config.labelsPerClass) {
    const sup = file.results.find((r) => r.labelsPerClass === perClass && r.variant === 'supervised');
    const fix = file.results.find((r) => r.labelsPerClass === perClass && r.variant === 'fixmatch');
    if (!sup && !fix) continue;
    const pct = (r?: FewLabelsResult) => (r ? `${(100 * r.testAccuracy).toFixed(2)}%` : '—');
    const gain = sup && fix ? (100 * (fix.testAccuracy - sup.testAccuracy)).toFixed(2) : '—';
    const any = (sup ?? fix)!;
    lines.push(
      `${String(perClass).padStart(12)}  ${String(any.labelled).padStart(8)}  ${String(any.validation).padStart(10)}  ${String(fix?.unlabelled ?? 0).padStart(10)}  ` +
        `${pct(sup).padStart(10)}  ${pct(fix).padStart(8)}  ${gain.padStart(13)}  ${sup ? formatDuration(sup.trainSeconds) : '—'} / ${fix ? formatDuration(fix.trainSeconds) : '—'}`,
    );
  }
  return lines;
}
