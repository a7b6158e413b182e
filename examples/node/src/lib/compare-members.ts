import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  fitKNearestNeighbors,
  type KNearestNeighborsModel,
  type LogisticRegressionModel,
  type SupportVectorMachineModel,
} from '@digitkit/classic-models';
import { fitLogisticRegressionInParallel, fitSupportVectorMachineInParallel, saveClassicModel } from '@digitkit/classic-models/node';
import { createModel, evaluateModel, predictProbabilities, trainClassifier, type ModelName } from '@digitkit/cnn-models';
import { createFileCheckpointStore, saveModel } from '@digitkit/cnn-models/node';
import type { DigitDataset } from '@digitkit/core';
import { writeFileAtomic } from '@digitkit/core/node';
import type { ClassicModelName, CompareConfig } from './compare-config.js';
import { cnnTrainingConfig } from './compare-config.js';
import { readFloat32File, writeFloat32File } from './float32-file.js';
import type { InterruptGuard } from './interrupt-guard.js';
import type { RunData } from './prepare-data.js';
import { protectedCheckpointStore } from './protected-checkpoint-store.js';
import { toSchedule } from './training-config.js';
import { createTrainingProgress } from './training-progress.js';
import { UserError } from './user-error.js';

/** What a comparison keeps of one trained member (the same whether it was trained now or by an earlier process). */
export interface MemberOutcome {
  /** Folder name: `knn`, `rbf-svm`, `logistic-regression` or a cnn-models registry name. */
  name: string;
  kind: 'classic' | 'cnn';
  /** `[test count, 10]` class probabilities. */
  testProbabilities: Float32Array;
  /** `[validation count, 10]` class probabilities (CNNs only: what stacking is fitted on). */
  validationProbabilities: Float32Array | undefined;
  /** Seconds of fitting/training (of the process(es) that trained it). */
  trainSeconds: number;
  /** Milliseconds per test image of inference. */
  inferenceMsPerImage: number;
  /** Bytes of the saved model's weights file. */
  sizeBytes: number;
}

interface MemberResultFile {
  format: 'digitkit-compare-member';
  version: 1;
  name: string;
  kind: 'classic' | 'cnn';
  trainSeconds: number;
  inferenceMsPerImage: number;
  sizeBytes: number;
}

const PROBABILITIES = { min: 0, max: 1, what: 'probabilities in [0, 1]' };

/** Where a member keeps its files inside the comparison folder. */
function memberPaths(dir: string, name: string) {
  const folder = join(dir, 'members', name);
  return {
    folder,
    result: join(folder, 'result.json'),
    test: join(folder, 'test-probabilities.bin'),
    validation: join(folder, 'validation-probabilities.bin'),
    model: join(folder, 'model'),
    checkpoint: join(folder, 'checkpoint'),
  };
}

/**
 * Reads a member finished by an earlier process (its `result.json` is written last), or `undefined` when it has to
 * be trained (again).
 */
export async function readFinishedMember(dir: string, name: string, data: RunData): Promise<MemberOutcome | undefined> {
  const paths = memberPaths(dir, name);
  if (!existsSync(paths.result)) return undefined;
  const fix = `delete ${paths.folder} to train this model again`;
  let file: MemberResultFile;
  try {
    file = JSON.parse(await readFile(paths.result, 'utf8')) as MemberResultFile;
  } catch (error) {
    throw new UserError(`${paths.result} is not valid JSON; ${fix}`, { cause: error });
  }
  if (file?.format !== 'digitkit-compare-member' || file.name !== name) {
    throw new UserError(`${paths.result} is not the result of ${name}; ${fix}`);
  }
  const nonNegative = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  const wrong = [
    ...(['trainSeconds', 'inferenceMsPerImage', 'sizeBytes'] as const).filter((key) => !nonNegative(file[key])),
    ...(file.kind === 'classic' || file.kind === 'cnn' ? [] : ['kind']),
  ];
  if (wrong.length > 0) throw new UserError(`${paths.result} is malformed: missing or wrong ${wrong.join(', ')}; ${fix}`);
  const classes = data.test.numClasses;
  return {
    name,
    kind: file.kind,
    testProbabilities: await readFloat32File(paths.test, data.test.count * classes, fix, PROBABILITIES),
    validationProbabilities:
      file.kind === 'cnn' ? await readFloat32File(paths.validation, data.validation.count * classes, fix, PROBABILITIES) : undefined,
    trainSeconds: file.trainSeconds,
    inferenceMsPerImage: file.inferenceMsPerImage,
    sizeBytes: file.sizeBytes,
  };
}

async function writeMember(dir: string, outcome: MemberOutcome, guard: Pick<InterruptGuard, 'protect'>): Promise<void> {
  const paths = memberPaths(dir, outcome.name);
  await guard.protect(async () => {
    await writeFloat32File(paths.test, outcome.testProbabilities);
    if (outcome.validationProbabilities) await writeFloat32File(paths.validation, outcome.validationProbabilities);
    const file: MemberResultFile = {
      format: 'digitkit-compare-member',
      version: 1,
      name: outcome.name,
      kind: outcome.kind,
      trainSeconds: outcome.trainSeconds,
      inferenceMsPerImage: outcome.inferenceMsPerImage,
      sizeBytes: outcome.sizeBytes,
    };
    // Written last: its presence means the member is complete.
    await writeFileAtomic(paths.result, `${JSON.stringify(file, null, 2)}\n`, { functionName: 'digitkit' });
  });
}

/**
 * Fits one classic model of @digitkit/classic-models on the training part, with its documented defaults. The RBF
 * SVM's binary problems and logistic regression's loss-and-gradient passes run on worker threads (one per core,
 * classic-models' `./node` fits): the same models, bit for bit, as the single-thread fits.
 */
async function fitClassic(
  name: ClassicModelName,
  data: RunData,
  seed: number,
): Promise<KNearestNeighborsModel | SupportVectorMachineModel | LogisticRegressionModel> {
  switch (name) {
    case 'knn':
      return fitKNearestNeighbors(data.train, { k: 3 });
    case 'rbf-svm':
      // PCA-50 then Nyström 2000 + linear SVM: the package benchmark's configuration (98.15 % vs 97.53 % on raw pixels).
      return fitSupportVectorMachineInParallel(data.train, { kernel: 'rbf', seed, pca: { components: 50 } });
    case 'logistic-regression':
      return fitLogisticRegressionInParallel(data.train);
  }
}

/** Test images per prediction call of a classic model. */
const PREDICT_CHUNK = 1000;

/**
 * Predicts a data set in chunks of {@link PREDICT_CHUNK} images (views, no copy): the same probabilities, with the
 * memory one call holds bounded by the chunk. (The JS heap exhaustion once blamed on the k-NN search was
 * classic-models' base64 encoder saving the model; fixed there. The chunks stay as a bound on one call.)
 */
async function predictInChunks(model: { predictProbabilities(d: DigitDataset): Promise<Float32Array> }, dataset: DigitDataset): Promise<Float32Array> {
  const pixels = dataset.rows * dataset.cols;
  const out = new Float32Array(dataset.count * dataset.numClasses);
  for (let start = 0; start < dataset.count; start += PREDICT_CHUNK) {
    const end = Math.min(dataset.count, start + PREDICT_CHUNK);
    const chunk: DigitDataset = {
      ...dataset,
      images: dataset.images.subarray(start * pixels, end * pixels),
      labels: dataset.labels.subarray(start, end),
      count: end - start,
    };
    out.set(await model.predictProbabilities(chunk), start * dataset.numClasses);
  }
  return out;
}

/** Fits a classic model, predicts the test set, saves the model and the member's result. */
export async function fitClassicMember(
  dir: string,
  name: ClassicModelName,
  config: CompareConfig,
  data: RunData,
  guard: Pick<InterruptGuard, 'protect'>,
): Promise<MemberOutcome> {
  const paths = memberPaths(dir, name);
  const fitStart = performance.now();
  const model = await fitClassic(name, data, config.seed);
  const trainSeconds = (performance.now() - fitStart) / 1000;
  const predictStart = performance.now();
  const testProbabilities = await predictInChunks(model, data.test);
  const inferenceMsPerImage = (performance.now() - predictStart) / data.test.count;
  const saved = await guard.protect(() => saveClassicModel(model, paths.model));
  const outcome: MemberOutcome = {
    name,
    kind: 'classic',
    testProbabilities,
    validationProbabilities: undefined,
    trainSeconds,
    inferenceMsPerImage,
    sizeBytes: saved.weightBytes,
  };
  await writeMember(dir, outcome, guard);
  return outcome;
}

/** Progress of a CNN member, for the Ctrl-C line. */
export interface CnnProgress {
  epochsDone: number;
  lastBatch: { epoch: number; batch: number; batches: number } | undefined;
}

/**
 * Trains a CNN of the registry on the training part (validation part for model selection, per-epoch checkpoints in
 * `members/<name>/checkpoint` so `--resume` continues it), then evaluates it on the test set and predicts the
 * validation part (what stacking is fitted on).
 */
export async function trainCnnMember(
  dir: string,
  name: ModelName,
  config: CompareConfig,
  data: RunData,
  guard: InterruptGuard,
  options: { resume: boolean; progressBar: boolean; out: (line: string) => void; progress: CnnProgress },
): Promise<MemberOutcome> {
  const paths = memberPaths(dir, name);
  const training = cnnTrainingConfig(config, name);
  const model = createModel(name, { seed: training.seed, batchNormMomentum: training.batchNormMomentum });
  try {
    const progress = createTrainingProgress({ epochs: training.epochs, imagesPerEpoch: data.train.count, bar: options.progressBar, out: options.out });
    const trainStart = performance.now();
    try {
      await trainClassifier(model, data.train, {
        validationData: data.validation,
        epochs: training.epochs,
        batchSize: training.batchSize,
        learningRate: training.learningRate,
        schedule: toSchedule(training),
        earlyStopping: { monitor: 'valLoss', patience: training.epochs, restoreBestWeights: true },
        checkpoint: protectedCheckpointStore(
          createFileCheckpointStore(paths.checkpoint, { startOverHint: `delete ${paths.folder} or pass another --out` }),
          guard,
        ),
        resume: options.resume,
        seed: training.seed,
        signal: guard.signal,
        onBatchEnd: (log) => {
          // A resumed CNN starts after the epochs its checkpoint holds.
          options.progress.epochsDone = Math.max(options.progress.epochsDone, log.epoch - 1);
          options.progress.lastBatch = { epoch: log.epoch, batch: log.batch + 1, batches: log.batches };
          progress.onBatchEnd(log);
        },
        onEpochEnd: (log) => {
          options.progress.epochsDone = log.epoch;
          progress.onEpochEnd(log);
        },
      });
    } finally {
      progress.stop();
    }
    const trainSeconds = (performance.now() - trainStart) / 1000;
    const saved = await guard.protect(() => saveModel(model, paths.model));
    const evaluation = await evaluateModel(model, data.test, { batchSize: 500 });
    const validationProbabilities = await predictProbabilities(model, data.validation, { batchSize: 500 });
    const outcome: MemberOutcome = {
      name,
      kind: 'cnn',
      testProbabilities: evaluation.predictions.probabilities,
      validationProbabilities,
      trainSeconds,
      inferenceMsPerImage: (1000 * evaluation.seconds) / data.test.count,
      sizeBytes: saved.weightBytes,
    };
    await writeMember(dir, outcome, guard);
    return outcome;
  } finally {
    model.dispose();
  }
}
