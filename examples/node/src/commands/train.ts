import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createModel, trainClassifier, type LearningRateSchedule, type TrainingHistory } from '@digitkit/cnn-models';
import { createFileCheckpointStore, saveModel } from '@digitkit/cnn-models/node';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend, type BackendName } from '../lib/backend.js';
import { prepareRunData } from '../lib/prepare-data.js';
import { evaluateOnTestSet } from '../lib/evaluate-on-test-set.js';
import { buildRunReport } from '../lib/run-report.js';
import { readRunConfig, runPaths, writeRunConfig, type RunConfigFile } from '../lib/run-folder.js';
import { formatTableThree, type TestMetrics } from '../lib/test-metrics.js';
import type { TrainingConfig } from '../lib/training-config.js';
import { createTrainingProgress, formatDuration } from '../lib/training-progress.js';
import { UserError } from '../lib/user-error.js';
import { runtimeVersions, type RuntimeVersions } from '../lib/versions.js';
import { writeFileAtomic } from '../lib/write-file-atomic.js';

/** Contents of `metrics.json`. */
export interface MetricsFile {
  format: 'digitkit-metrics';
  version: 1;
  run: string;
  preset: string;
  finishedAt: string;
  command: string;
  versions: RuntimeVersions;
  backend: { name: string; details: Record<string, unknown> };
  config: TrainingConfig;
  data: { train: number; trainBeforeOverSampling: number; validation: number; test: number };
  training: TrainingHistory & { resumedFromEpoch: number; interrupted: false };
  test: TestMetrics;
  /** Wall-clock seconds of each phase of the last process that worked on the run. */
  timings: { loadData: number; train: number; evaluate: number; report: number; total: number };
}

/** What `digitkit train` (and the default main job) gets from the command line. */
export interface TrainRequest {
  config: TrainingConfig;
  preset: string;
  backend: BackendName;
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
}

/** Exit code of a run stopped with Ctrl-C (128 + SIGINT). */
export const INTERRUPTED_EXIT_CODE = 130;

/** Trains, evaluates on the test set, and writes the run folder (model, metrics.json, report.html). */
export async function trainCommand(request: TrainRequest, out: (line: string) => void): Promise<MetricsFile> {
  const totalStart = performance.now();
  const paths = runPaths(request.out);
  let config = request.config;
  let runFile: RunConfigFile;
  if (request.resume) {
    runFile = await readRunConfig(paths);
    config = request.epochsGiven ? { ...runFile.config, epochs: request.config.epochs } : runFile.config;
  } else {
    if (existsSync(paths.config)) {
      throw new UserError(`${paths.dir} already holds a run; continue it with 'digitkit train --resume ${paths.dir}' or pick another --out`);
    }
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

  const backend = await useBackend(request.backend);
  const data = await prepareRunData(config);
  out(
    `${request.resume ? 'resuming' : 'training'} ${config.model} on ${backend.name}: ${data.train.count} train / ${data.validation.count} validation / ${data.test.count} test images, ` +
      `${config.epochs} epochs, batch ${config.batchSize}, ${config.schedule} lr ${config.learningRate}${config.augment ? ', augmented' : ''}${config.oversample ? ', over-sampled' : ''}, seed ${config.seed}`,
  );
  out(`run folder: ${paths.dir}`);
  await writeRunConfig(paths, { ...runFile, config });

  const model = createModel(config.model, { seed: config.seed, batchNormMomentum: config.batchNormMomentum });
  const store = createFileCheckpointStore(paths.checkpoint);
  const previous = request.resume ? await store.load() : undefined;
  if (request.resume && previous === undefined) {
    out('no finished epoch in the checkpoint yet: starting from epoch 1');
  }
  const epochsDone = previous?.epochsCompleted ?? 0;
  const progress = createTrainingProgress({
    epochs: config.epochs,
    imagesPerEpoch: data.train.count,
    epochsDone,
    bar: request.progressBar,
    out,
  });
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(INTERRUPTED_EXIT_CODE);
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSigint);
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
      checkpoint: store,
      resume: request.resume,
      seed: config.seed,
      signal: controller.signal,
      onBatchEnd: (log) => progress.onBatchEnd(log),
      onEpochEnd: (log) => progress.onEpochEnd(log),
    });
  } catch (error) {
    progress.stop();
    if (controller.signal.aborted) {
      const saved = await store.load();
      const done = saved?.epochsCompleted ?? 0;
      model.dispose();
      throw new UserError(
        done > 0
          ? `interrupted; the checkpoint after epoch ${done}/${config.epochs} is in ${paths.checkpoint} — continue with: digitkit train --resume ${paths.dir}`
          : `interrupted before the first epoch finished; nothing to resume (the run folder is ${paths.dir})`,
        { exitCode: INTERRUPTED_EXIT_CODE },
      );
    }
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
  progress.stop();
  const trainSeconds = (performance.now() - trainStart) / 1000;
  if (history.bestEpoch !== undefined) {
    out(`best epoch by validation loss: ${history.bestEpoch}${history.stoppedEarly ? ' (stopped early)' : ''}; its weights are kept`);
  }
  await saveModel(model, paths.model);

  const { evaluation, test, probabilities, seconds: evaluateSeconds } = await evaluateOnTestSet(model, data.test, paths);

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
    training: { ...history, resumedFromEpoch: epochsDone, interrupted: false },
    test,
    timings: { loadData: data.seconds, train: trainSeconds, evaluate: evaluateSeconds, report: 0, total: 0 },
  };
  const reportStart = performance.now();
  const html = buildRunReport({ metrics, data, probabilities, evaluation });
  await writeFileAtomic(paths.report, html);
  metrics.timings.report = (performance.now() - reportStart) / 1000;
  metrics.timings.total = (performance.now() - totalStart) / 1000;
  await writeFileAtomic(paths.metrics, `${JSON.stringify(metrics, null, 2)}\n`);
  tf.disposeVariables();

  out('');
  out(`test metrics on ${test.count} images (Table III of the first paper):`);
  out(formatTableThree(test));
  out(`trained in ${formatDuration(trainSeconds)}, total ${formatDuration(metrics.timings.total)}; model in ${paths.model}`);
  out(`test accuracy: ${(100 * test.accuracy).toFixed(2)}%`);
  out(`report: ${paths.report}`);
  return metrics;
}

function toSchedule(config: TrainingConfig): LearningRateSchedule | undefined {
  switch (config.schedule) {
    case 'constant':
      return undefined;
    case 'exponential':
      return { type: 'exponential', decayRate: config.learningRateDecay };
    case 'cosine':
      return { type: 'cosine' };
    case 'one-cycle':
      return { type: 'one-cycle' };
  }
}

function basename(dir: string): string {
  return join(dir).split(/[\\/]/).filter(Boolean).pop() ?? dir;
}
