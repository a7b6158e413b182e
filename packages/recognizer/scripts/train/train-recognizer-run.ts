import { argmaxRows, deriveSeed, type DigitDataset } from '@digitkit/core';
import { makeFolder, writeFileAtomic } from '@digitkit/core/node';
import { createModel, predictProbabilities, type ModelName } from '@digitkit/cnn-models';
import { createFileCheckpointStore, loadModel, saveModel, trainClassifier } from '@digitkit/cnn-models/node';
import type { AugmentOptions } from '@digitkit/preprocess-augment';
import type * as tfl from '@tensorflow/tfjs-layers';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { robustEpochImages, type RobustAugmentation } from './robust-epoch-images.js';

/** The recipe of a recognizer training run (written to `<out>/run.json` as `config`). */
export interface RecognizerRecipe {
  /** Architecture (used when not starting from a saved model). */
  model: ModelName;
  /** Total epochs (a resume counts the epochs done before). */
  epochs: number;
  batchSize: number;
  /** Learning rate of the first step (Adam). */
  learningRate: number;
  /** Exponential decay of the learning rate per epoch (continuous per step). */
  learningRateDecay: number;
  /** Geometric augmentation of every batch (`augmentBatch` through trainClassifier's `augment`). */
  augment: Omit<AugmentOptions, 'seed'>;
  /** Stroke-thickness, blur and noise corruption of the training images, redrawn every epoch. */
  robust: RobustAugmentation;
  /** Seed of the shuffles, augmentations and corruptions (and of the validation split the caller made). */
  seed: number;
  /**
   * Seed of the validation split the caller made (recorded for import-run); absent in runs written before it
   * existed, which split with `seed`. Ensemble members share one split seed so that none trains on another's
   * validation images.
   */
  splitSeed?: number;
  /** Fraction of the training set held out as validation by the caller (recorded for import-run). */
  validationFraction: number;
  /** BatchNorm momentum (recorded for import-run --checkpoint; a started-from model keeps its own). */
  batchNormMomentum: number;
  /** The run folder whose `model/` the weights start from, or null for a fresh model. */
  from: string | null;
  /** Training images used when a subset (tests, smoke runs); null for the full split. import-run refuses subsets. */
  limit: number | null;
}

/** Validation figures of one set of weights. */
export interface ValidationFigures {
  /** Accuracy on the clean validation images. */
  clean: number;
  /** Accuracy on the corrupted copy of the validation images. */
  corrupted: number;
  /** Selection score: the mean of the two. */
  score: number;
}

/** One epoch in `<out>/validation.json`. */
export interface RecognizerEpoch extends ValidationFigures {
  epoch: number;
  loss: number;
  accuracy: number;
  learningRate: number;
  seconds: number;
  imagesPerSecond: number;
}

/** `<out>/validation.json`: what model selection looked at (validation data only). */
export interface RecognizerValidation {
  /** How the corrupted validation copy is made. */
  corruptedValidation: string;
  /** The starting weights (epoch 0) on the same validation data. */
  start: ValidationFigures;
  epochs: RecognizerEpoch[];
  /** Epoch whose weights are in `<out>/model` (highest score; ties: the earlier). */
  bestEpoch: number | null;
  /** Best epoch's clean accuracy ≥ the start's and its corrupted accuracy > the start's. */
  betterThanStart: boolean;
  trainingSeconds: number;
}

/** Arguments of {@link trainRecognizerRun}. */
export interface TrainRecognizerRunOptions {
  /** Run folder: run.json, checkpoint/, model/ (best epoch), validation.json. */
  out: string;
  /** Training images (the training part of the split). */
  train: DigitDataset;
  /** Clean validation images (never seen in training; the only data selection looks at). */
  validation: DigitDataset;
  recipe: RecognizerRecipe;
  /** The command line, recorded in run.json. */
  command: string;
  /** Continue from `<out>/checkpoint` when it holds a finished epoch. */
  resume: boolean;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

/** The corrupted copy of the validation images: every image corrupted (a fixed draw, seed derived from `seed`). */
export function corruptedValidation(validation: DigitDataset, recipe: RecognizerRecipe): DigitDataset {
  const images = robustEpochImages(validation, deriveSeed(recipe.seed, 9), 0, { ...recipe.robust, cleanFraction: 0 });
  return { ...validation, images };
}

async function accuracy(model: tfl.LayersModel, dataset: DigitDataset): Promise<number> {
  const predicted = argmaxRows(await predictProbabilities(model, dataset), dataset.numClasses);
  let correct = 0;
  for (let i = 0; i < dataset.count; i++) if (predicted[i] === dataset.labels[i]) correct++;
  return correct / dataset.count;
}

async function figures(model: tfl.LayersModel, clean: DigitDataset, corrupted: DigitDataset): Promise<ValidationFigures> {
  const c = await accuracy(model, clean);
  const k = await accuracy(model, corrupted);
  return { clean: c, corrupted: k, score: (c + k) / 2 };
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

const percent = (v: number): string => `${(100 * v).toFixed(2)}%`;

/**
 * Trains (or fine-tunes) the recognizer's model with cnn-models' `trainClassifier`: geometric augmentation per
 * batch plus stroke-thickness / blur / noise corruption of the training images redrawn every epoch (a pure function
 * of seed, epoch and image index, so `--resume` regenerates the same bytes), a checkpoint after every epoch, and
 * model selection on clean + corrupted validation data only. Writes a run folder `import-run.ts` accepts.
 */
export async function trainRecognizerRun(options: TrainRecognizerRunOptions): Promise<RecognizerValidation> {
  const { out, train, validation, recipe, command, resume } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  await makeFolder(out);
  const checkpointDir = join(out, 'checkpoint');
  const runJsonPath = join(out, 'run.json');
  const validationPath = join(out, 'validation.json');
  const stored = resume ? await createFileCheckpointStore(checkpointDir).load() : undefined;
  const startEpoch = (stored?.epochsCompleted ?? 0) + 1;
  if (!stored) {
    const runJson = {
      format: 'digitkit-run',
      version: 1,
      name: out.split('/').filter(Boolean).pop(),
      preset: 'recognizer-robust',
      createdAt: new Date().toISOString(),
      command,
      config: { ...recipe, schedule: 'exponential', testLimit: null },
    };
    await writeFileAtomic(runJsonPath, `${JSON.stringify(runJson, null, 2)}\n`, { functionName: 'trainRecognizer' });
  }

  const model = recipe.from
    ? await loadModel(join(recipe.from, 'model'))
    : createModel(recipe.model, { seed: recipe.seed, batchNormMomentum: recipe.batchNormMomentum });
  try {
    const corrupted = corruptedValidation(validation, recipe);
    let state = stored ? await readJson<RecognizerValidation>(validationPath) : undefined;
    if (!state) {
      const start = await figures(model, validation, corrupted);
      log(`start weights: validation clean ${percent(start.clean)}, corrupted ${percent(start.corrupted)} (${validation.count} + ${corrupted.count} images)`);
      state = {
        corruptedValidation: `every validation image corrupted once (${recipe.robust.corruptions.join(', ')}; severity 1-${recipe.robust.maxSeverity}; ${100 * recipe.robust.normalizeFraction}% then re-normalized), seed deriveSeed(${recipe.seed}, 9)`,
        start,
        epochs: [],
        bestEpoch: null,
        betterThanStart: false,
        trainingSeconds: 0,
      };
    }
    // A kill between the checkpoint and validation.json loses that epoch's figures, never the weights.
    state.epochs = state.epochs.filter((e) => e.epoch < startEpoch);
    const result = state;

    const epochData: DigitDataset = { ...train, images: robustEpochImages(train, recipe.seed, startEpoch, recipe.robust) };
    log(`training ${recipe.from ? `from ${recipe.from}` : recipe.model}: ${train.count} images, epochs ${startEpoch}-${recipe.epochs}, batch ${recipe.batchSize}, lr ${recipe.learningRate} x ${recipe.learningRateDecay}/epoch`);
    await trainClassifier(model, epochData, {
      checkpointDir,
      resume,
      epochs: recipe.epochs,
      batchSize: recipe.batchSize,
      optimizer: 'adam',
      learningRate: recipe.learningRate,
      schedule: { type: 'exponential', decayRate: recipe.learningRateDecay, decayEpochs: 1 },
      augment: recipe.augment,
      seed: recipe.seed,
      verbose: log,
      signal: options.signal,
      onEpochEnd: async (epochLog) => {
        const measured = await figures(model, validation, corrupted);
        const best = result.epochs.find((e) => e.epoch === result.bestEpoch);
        const isBest = !best || measured.score > best.score;
        result.epochs.push({
          epoch: epochLog.epoch,
          ...measured,
          loss: epochLog.loss,
          accuracy: epochLog.accuracy,
          learningRate: epochLog.learningRate,
          seconds: epochLog.seconds,
          imagesPerSecond: epochLog.imagesPerSecond,
        });
        result.trainingSeconds += epochLog.seconds;
        if (isBest) {
          await saveModel(model, join(out, 'model'));
          result.bestEpoch = epochLog.epoch;
        }
        const chosen = result.epochs.find((e) => e.epoch === result.bestEpoch)!;
        result.betterThanStart = chosen.clean >= result.start.clean && chosen.corrupted > result.start.corrupted;
        await writeFileAtomic(validationPath, `${JSON.stringify(result, null, 2)}\n`, { functionName: 'trainRecognizer' });
        log(`epoch ${epochLog.epoch}: validation clean ${percent(measured.clean)}, corrupted ${percent(measured.corrupted)}${isBest ? ' (best so far: saved to model/)' : ''}`);
        // The next epoch's images, drawn now (the training loop reads the dataset's bytes batch by batch).
        if (epochLog.epoch < recipe.epochs) epochData.images.set(robustEpochImages(train, recipe.seed, epochLog.epoch + 1, recipe.robust));
      },
    });
    const chosen = result.epochs.find((e) => e.epoch === result.bestEpoch);
    if (chosen) {
      log(`best epoch ${chosen.epoch}: validation clean ${percent(chosen.clean)} (start ${percent(result.start.clean)}), corrupted ${percent(chosen.corrupted)} (start ${percent(result.start.corrupted)}) — ${result.betterThanStart ? 'better than the start' : 'NOT better than the start'}`);
    }
    return result;
  } finally {
    // Also when training throws (an abort): the model's weights are not leaked.
    model.dispose();
  }
}
