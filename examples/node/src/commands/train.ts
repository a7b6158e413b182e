import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { createModel, trainClassifier, type TrainingHistory } from '@digitkit/cnn-models';
import { createFileCheckpointStore, saveModel } from '@digitkit/cnn-models/node';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend, type BackendName } from '../lib/backend.js';
import { createOutputFolder } from '../lib/create-output-folder.js';
import { evaluateOnTestSet } from '../lib/evaluate-on-test-set.js';
import { createInterruptGuard, INTERRUPTED_EXIT_CODE, type InterruptGuard } from '../lib/interrupt-guard.js';
import type { MetricsFile } from '../lib/metrics-file.js';
import { prepareRunData } from '../lib/prepare-data.js';
import { protectedCheckpointStore } from '../lib/protected-checkpoint-store.js';
import { buildRunReport } from '../lib/run-report.js';
import {
  readRunConfig,
  removeStaleRunFiles,
  runPaths,
  writeMetricsFile,
  writeReport,
  writeRunConfig,
  type RunConfigFile,
  type RunPaths,
} from '../lib/run-folder.js';
import { fewLabelsCommand, isFewLabelsRun, type FewLabelsConfig, type FewLabelsFile } from '../lib/few-labels.js';
import { formatTableThree } from '../lib/test-metrics.js';
import { toSchedule, type TrainingConfig } from '../lib/training-config.js';
import { createTrainingProgress, formatDuration } from '../lib/training-progress.js';
import { UserError } from '../lib/user-error.js';
import { runtimeVersions } from '../lib/versions.js';

/** What `digitkit train` (and the default main job) gets from the command line. */
export interface TrainRequest {
  config: TrainingConfig;
  preset: string;
  backend: BackendName;
  /** `--threads` (wasm), or undefined: the default of `useBackend`. */
  threads?: number;
  /** Run folder. */
  out: string;
  /** Continue the run in `out` from its checkpoint. */
  resume: boolean;
  /** `--epochs` was given (with `resume`: extend the run to that many epochs). */
  epochsGiven: boolean;
  /** The command line, for metrics.json. */
  command: string;
  /** Draw a progress bar (stderr is a terminal). */
  progressBar: boolean;
  /** `--labels-per-class` given: the few-labels experiment (supervised baseline vs FixMatch) instead. */
  fewLabels?: FewLabelsConfig;
}

/** Where `train` prints: results on `out`, the Ctrl-C line on `err`. */
export interface TrainIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * Trains, evaluates on the test set, and writes the run folder (model, metrics.json, report.html). Ctrl-C stops
 * training at the next step and never cuts a write short; the process then exits with 130 after one line.
 */
export async function trainCommand(request: TrainRequest, io: TrainIo): Promise<MetricsFile | FewLabelsFile> {
  if (request.fewLabels !== undefined || (request.resume && isFewLabelsRun(request.out))) {
    return fewLabelsCommand(
      { config: request.fewLabels as FewLabelsConfig, backend: request.backend, threads: request.threads, out: request.out, resume: request.resume, command: request.command },
      io,
    );
  }
  const guard = createInterruptGuard({ err: io.err });
  try {
    return await train(request, io.out, guard);
  } finally {
    guard.dispose();
  }
}

async function train(request: TrainRequest, out: (line: string) => void, guard: InterruptGuard): Promise<MetricsFile> {
  const totalStart = performance.now();
  const paths = runPaths(request.out);
  const resumeHint = `digitkit train --resume ${paths.dir}`;
  guard.setAction({ abort: false, line: () => `interrupted before training started; start again, or continue with: ${resumeHint}` });
  let config = request.config;
  let runFile: RunConfigFile;
  if (request.resume) {
    runFile = await readRunConfig(paths);
    config = request.epochsGiven ? { ...runFile.config, epochs: request.config.epochs } : runFile.config;
    await createOutputFolder(paths.dir, '--resume');
    const removed = await removeStaleRunFiles(paths);
    if (removed > 0) out(`removed ${removed} temporary file${removed === 1 ? '' : 's'} left by an interrupted write`);
  } else {
    if (existsSync(paths.config)) {
      throw new UserError(`${paths.dir} already holds a run; continue it with '${resumeHint}' or pick another --out`);
    }
    await createOutputFolder(paths.dir);
    runFile = {
      format: 'digitkit-run',
      version: 1,
      name: basename(paths.dir),
      preset: request.preset,
      createdAt: new Date().toISOString(),
      command: request.command,
      config,
    };
  }

  const backend = await useBackend(request.backend, request.threads);
  const data = await prepareRunData(config);
  out(
    `${request.resume ? 'resuming' : 'training'} ${config.model} on ${backend.name}: ${data.train.count} train / ${data.validation.count} validation / ${data.test.count} test images, ` +
      `${config.epochs} epochs, batch ${config.batchSize}, ${config.schedule} lr ${config.learningRate}${config.augment ? ', augmented' : ''}${config.oversample ? ', over-sampled' : ''}, seed ${config.seed}`,
  );
  out(`run folder: ${paths.dir}`);
  await guard.protect(() => writeRunConfig(paths, { ...runFile, config }));

  const model = createModel(config.model, { seed: config.seed, batchNormMomentum: config.batchNormMomentum });
  const progress = createTrainingProgress({ epochs: config.epochs, imagesPerEpoch: data.train.count, bar: request.progressBar, out });
  // Where training is, for the Ctrl-C line: the last finished (checkpointed) epoch and the last step.
  let epochsDone: number | undefined;
  let resumedFromEpoch: number | undefined;
  let lastBatch: { epoch: number; batch: number; batches: number } | undefined;
  const store = createFileCheckpointStore(paths.checkpoint, { startOverHint: `delete ${paths.dir} or pass another --out` });
  // Before the first step of a resumed run, the store knows the epochs its checkpoint holds (no second read).
  const finishedEpochs = () => epochsDone ?? store.last?.epochsCompleted ?? 0;
  guard.setAction({ abort: true, line: () => interruptedLine(paths, config.epochs, finishedEpochs(), lastBatch) });
  const trainStart = performance.now();
  let history: TrainingHistory;
  try {
    history = await trainClassifier(model, data.train, {
      validationData: data.validation,
      epochs: config.epochs,
      batchSize: config.batchSize,
      learningRate: config.learningRate,
      schedule: toSchedule(config),
      earlyStopping:
        config.patience > 0
          ? { monitor: 'valLoss', patience: config.patience, restoreBestWeights: true }
          : { monitor: 'valLoss', patience: config.epochs, restoreBestWeights: true },
      augment: config.augment ?? undefined,
      checkpoint: protectedCheckpointStore(store, guard),
      resume: request.resume,
      seed: config.seed,
      signal: guard.signal,
      onBatchEnd: (log) => {
        if (resumedFromEpoch === undefined) {
          resumedFromEpoch = epochsDone = log.epoch - 1;
          if (request.resume && epochsDone === 0) out('no finished epoch in the checkpoint yet: starting from epoch 1');
        }
        lastBatch = { epoch: log.epoch, batch: log.batch + 1, batches: log.batches };
        progress.onBatchEnd(log);
      },
      onEpochEnd: (log) => {
        epochsDone = log.epoch;
        progress.onEpochEnd(log);
      },
    });
  } catch (error) {
    progress.stop();
    model.dispose();
    if (guard.signal.aborted) {
      throw new UserError(interruptedLine(paths, config.epochs, finishedEpochs(), lastBatch), { exitCode: INTERRUPTED_EXIT_CODE, cause: error });
    }
    // A MismatchError (checkpoint of another setup) already names the CLI's fix: the store's startOverHint.
    throw error;
  }
  progress.stop();
  const trainSeconds = (performance.now() - trainStart) / 1000;
  if (history.bestEpoch !== undefined) {
    out(`best epoch by validation loss: ${history.bestEpoch}${history.stoppedEarly ? ' (stopped early)' : ''}; its weights are kept`);
  }
  guard.setAction({ abort: false, line: () => `interrupted while saving the model; training is finished and checkpointed — finish with: ${resumeHint}` });
  await guard.protect(() => saveModel(model, paths.model));

  guard.setAction({ abort: false, line: () => `interrupted while evaluating on the test set; training is finished and checkpointed — finish with: ${resumeHint}` });
  const { evaluation, test, seconds: evaluateSeconds } = await evaluateOnTestSet(model, data.test, paths, guard.protect);

  const metrics: MetricsFile = {
    format: 'digitkit-metrics',
    version: 1,
    run: runFile.name,
    preset: runFile.preset,
    finishedAt: new Date().toISOString(),
    command: runFile.command + (request.resume ? ` (resumed with: ${request.command})` : ''),
    versions: runtimeVersions(),
    backend: { name: backend.name, details: backend.details },
    config,
    data: {
      train: data.train.count,
      trainBeforeOverSampling: data.trainBeforeOverSampling.count,
      validation: data.validation.count,
      test: data.test.count,
    },
    // No step ran: the checkpoint already held every epoch.
    training: { ...history, resumedFromEpoch: resumedFromEpoch ?? history.epochs.length, interrupted: false },
    test,
    timings: { loadData: data.seconds, train: trainSeconds, evaluate: evaluateSeconds, report: 0, total: 0 },
  };
  guard.setAction({ abort: false, line: () => `interrupted while writing the report; finish with: ${resumeHint}` });
  const reportStart = performance.now();
  const html = buildRunReport({ metrics, data, evaluation });
  await guard.protect(() => writeReport(paths, html));
  metrics.timings.report = (performance.now() - reportStart) / 1000;
  metrics.timings.total = (performance.now() - totalStart) / 1000;
  await guard.protect(() => writeMetricsFile(paths, metrics));
  tf.disposeVariables();

  out('');
  out(`test metrics on ${test.count} images (Table III of the first paper):`);
  out(formatTableThree(test));
  out(`trained in ${formatDuration(trainSeconds)}, total ${formatDuration(metrics.timings.total)}; model in ${paths.model}`);
  out(`test accuracy: ${(100 * test.accuracy).toFixed(2)}%`);
  out(`report: ${paths.report}`);
  return metrics;
}

/** The one line printed when Ctrl-C stops training. */
function interruptedLine(
  paths: RunPaths,
  epochs: number,
  epochsDone: number,
  lastBatch: { epoch: number; batch: number; batches: number } | undefined,
): string {
  const where =
    lastBatch === undefined
      ? 'before the first step'
      : lastBatch.epoch <= epochsDone
        ? `after epoch ${epochsDone}`
        : `in epoch ${lastBatch.epoch} after batch ${lastBatch.batch} of ${lastBatch.batches}`;
  const resume = `digitkit train --resume ${paths.dir}`;
  return epochsDone > 0
    ? `interrupted; the checkpoint after epoch ${epochsDone}/${epochs} is in ${paths.checkpoint} (stopped ${where}) — continue with: ${resume}`
    : `interrupted ${where}, before the first epoch finished; continue with: ${resume} (it starts from epoch 1)`;
}
