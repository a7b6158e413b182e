import { setDropoutStream } from '../models/seeded-dropout.js';
import { AbortedError, MismatchError, checkDataset, createRng, deriveSeed, type DigitDataset } from '@digitkit/core';
import { augmentBatch, drawAugmentation } from '@digitkit/preprocess-augment';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { predictProbabilities } from '../evaluation/predict-probabilities.js';
import { assertModelMatchesData } from '../training/assert-model.js';
import { categoricalCrossentropy } from '../training/categorical-crossentropy.js';
import type { SerializedTensor } from '../training/checkpoint-store.js';
import { createOptimizer, setOptimizerLearningRate } from '../training/create-optimizer.js';
import { deserializeTensors, serializeTensors } from '../training/model-weights.js';
import { readOptimizerState, restoreOptimizerState } from '../training/optimizer-state.js';
import { createYielder } from '../training/yield-to-event-loop.js';
import { corruptRandomly } from './corrupt-randomly.js';
import type { SemiSupervisedCheckpoint } from './semi-supervised-checkpoint.js';
import type { SemiSupervisedEvaluation, SemiSupervisedHistory } from './semi-supervised-history.js';
import { resolveSemiSupervisedSettings, type SemiSupervisedSettings, type TrainSemiSupervisedOptions } from './semi-supervised-options.js';
import { checkUnlabelledImages, type UnlabelledImages } from './unlabelled-images.js';
import { PIXEL_SCALE } from '../training/pixel-scale.js';

const FN = 'trainSemiSupervised';
// Salts of the per-step random streams.
const LABELLED = 1;
const UNLABELLED = 2;
const WEAK_LABELLED = 3;
const WEAK_UNLABELLED = 4;
const STRONG = 5;
const CORRUPT = 6;
const PSEUDO = 7;
const WEAK_PSEUDO = 8;
const DROPOUT = 9;

/** The self-training set: unlabelled image indices and their pseudo-labels. */
interface PseudoLabelled {
  indices: number[];
  labels: number[];
}

/**
 * Semi-supervised training from few labels, the FixMatch recipe (Sohn et al. 2020): every step takes a weakly
 * augmented labelled batch (cross-entropy on its labels) and `μ · batchSize` unlabelled images; the model's
 * prediction on a weak view of each unlabelled image becomes its pseudo-label when its top probability reaches
 * `threshold`, and the model's prediction on a strong view (stronger geometry plus one random corruption: noise,
 * blur, occlusion, stroke thickness…) is trained towards it: loss = `CE_labelled + λ_u · mean(mask · CE(pseudo,
 * strong))`. Adam with FixMatch's cosine decay `lr · cos(7πk / 16K)`; an exponential moving average of the weights
 * (`emaDecay`) is evaluated on the labelled validation part every `evaluateEvery` steps, and the best evaluation's
 * weights (validation accuracy, ties by loss) are put in the model at the end — model selection never looks at
 * anything else.
 *
 * Pass `unlabelled = null` for the supervised baseline: the same loop, batches, augmentation, steps, EMA and
 * selection, on the labelled images alone.
 *
 * Deterministic per `seed` (every batch, augmentation and corruption derives from `(seed, step)`; a model without
 * dropout then gives the same weights on a backend run after run). A checkpoint after every evaluation lets a
 * stopped run continue (`checkpoint`, `resume`). Leaks no tensors.
 *
 * @example
 * ```ts
 * const model = createModel('lenet5', { seed: 1 });
 * const history = await trainSemiSupervised(model, labelled, toUnlabelledImages(rest), { validationData, steps: 3000 });
 * ```
 * @param model - A `tf.LayersModel` with softmax output (trained in place).
 * @param labelled - The few labelled images (any number per class).
 * @param unlabelled - Images only ({@link UnlabelledImages}; an object with `labels` is refused), or `null`.
 * @param options - See {@link TrainSemiSupervisedOptions}; `validationData` is required.
 * @returns The history: one entry per evaluation, the best step.
 * @throws TypeError/RangeError for bad arguments (before any work); `MismatchError` for a checkpoint of another
 *   run; `AbortedError` when `signal` fires (the last checkpoint is kept).
 */
export async function trainSemiSupervised(
  model: tfl.LayersModel,
  labelled: DigitDataset,
  unlabelled: UnlabelledImages | null,
  options: TrainSemiSupervisedOptions,
): Promise<SemiSupervisedHistory> {
  const settings = resolveSemiSupervisedSettings(FN, options);
  checkDataset(FN, labelled, { name: 'labelled' });
  assertModelMatchesData(FN, model, labelled);
  assertModelMatchesData(FN, model, settings.validationData);
  const images = unlabelled === null ? null : checkUnlabelledImages(FN, 'unlabelled', unlabelled);
  if (images !== null && (images.rows !== labelled.rows || images.cols !== labelled.cols)) {
    throw new RangeError(`${FN}: expected unlabelled images of ${labelled.rows}x${labelled.cols} like the labelled ones, got ${images.rows}x${images.cols}`);
  }
  drawAugmentation({ ...settings.weakAugment, seed: 0 }, { count: 1, rows: labelled.rows, cols: labelled.cols });
  drawAugmentation({ ...settings.strongAugment, seed: 0 }, { count: 1, rows: labelled.rows, cols: labelled.cols });
  return runSemiSupervised(model, labelled, images, settings);
}

async function runSemiSupervised(
  model: tfl.LayersModel,
  labelled: DigitDataset,
  unlabelled: UnlabelledImages | null,
  settings: SemiSupervisedSettings,
): Promise<SemiSupervisedHistory> {
  const started = performance.now();
  const runSettings = {
    mode: unlabelled === null ? 'supervised' : 'fixmatch',
    labelledCount: labelled.count,
    unlabelledCount: unlabelled?.count ?? 0,
    batchSize: settings.batchSize,
    unlabelledRatio: settings.unlabelledRatio,
    seed: settings.seed,
    emaDecay: settings.emaDecay,
    selfTrainingRounds: unlabelled === null ? 0 : settings.selfTrainingRounds,
  } as const;
  const optimizer = createOptimizer('adam', settings.learningRate);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const weights = model.weights;
  let ema: tf.Variable[] | null = null;
  let best: tf.Tensor[] | null = null;
  let history: SemiSupervisedHistory = { mode: runSettings.mode, evaluations: [], bestStep: 0, bestValAccuracy: -1, steps: 0, rounds: [] };
  let pseudo: PseudoLabelled | null = null;
  const rounds = unlabelled === null ? 0 : settings.selfTrainingRounds;
  const roundSteps = Array.from({ length: rounds }, (_, r) => Math.round(((r + 1) * settings.steps) / (rounds + 1)));
  let bestValLoss = Infinity;
  let lastSaved = 0;
  const yieldNow = createYielder();
  try {
    // Restore.
    let step = 0;
    const stored = settings.checkpoint && settings.resume ? await settings.checkpoint.load() : undefined;
    if (stored !== undefined) {
      checkCheckpoint(stored, runSettings, settings.checkpoint?.location);
      setWeights(weights, stored.modelWeights);
      if (stored.emaWeights) ema = deserializeTensors(stored.emaWeights).map(({ tensor }) => toVariable(tensor));
      if (stored.bestWeights) best = deserializeTensors(stored.bestWeights).map(({ tensor }) => tensor);
      await restoreOptimizerState(optimizer, { weights: stored.optimizerWeights, scalars: stored.optimizerScalars });
      history = structuredClone(stored.history);
      pseudo = stored.pseudoLabelled ? structuredClone(stored.pseudoLabelled) : null;
      const last = history.evaluations.find((e) => e.step === history.bestStep);
      bestValLoss = last?.valLoss ?? Infinity;
      step = stored.step;
      lastSaved = step;
    }
    if (ema === null && settings.emaDecay > 0) ema = weights.map((w) => toVariable(w.read().clone()));

    const sums = { loss: 0, supervised: 0, unlabelled: 0, mask: 0, steps: 0 };
    let rate = settings.learningRate;
    while (step < settings.steps) {
      if (settings.signal?.aborted) {
        throw new AbortedError({
          functionName: FN,
          completed: `${step} steps${lastSaved > 0 && settings.checkpoint ? ` (the checkpoint of step ${lastSaved} is kept)` : ''}`,
          cause: settings.signal.reason,
        });
      }
      const round = roundSteps.indexOf(step);
      if (round >= 0 && unlabelled !== null && !history.rounds.some((r) => r.step === step)) {
        pseudo = await pseudoLabel(model, weights, ema, unlabelled, ((round + 1) / rounds) * settings.selfTrainingFraction);
        const perClass = new Array<number>(model.outputs[0].shape[1] as number).fill(0);
        for (const label of pseudo.labels) perClass[label] += 1;
        history.rounds.push({ step, perClass });
      }
      rate = settings.learningRate * Math.cos((7 * Math.PI * step) / (16 * settings.steps));
      setOptimizerLearningRate(optimizer, rate);
      const useUnlabelled = unlabelled !== null && step >= settings.warmupSteps && settings.unlabelledWeight > 0;
      setDropoutStream(model, deriveSeed(settings.seed, DROPOUT), step);
      const values = await trainStep(model, optimizer, variables, labelled, useUnlabelled ? unlabelled : null, pseudo, settings, step);
      sums.loss += values[0];
      sums.supervised += values[1];
      sums.unlabelled += values[2];
      sums.mask += values[3];
      sums.steps += 1;
      if (ema !== null) updateEma(ema, weights, settings.emaDecay, step);
      step += 1;
      if (step % settings.evaluateEvery === 0 || step === settings.steps) {
        const evaluated = ema ?? weights.map((w) => w.read());
        const { loss: valLoss, accuracy: valAccuracy } = await evaluateWith(model, weights, ema, settings.validationData);
        const log: SemiSupervisedEvaluation = {
          step,
          loss: sums.loss / sums.steps,
          supervisedLoss: sums.supervised / sums.steps,
          unlabelledLoss: sums.unlabelled / sums.steps,
          maskRate: sums.mask / sums.steps,
          valLoss,
          valAccuracy,
          learningRate: rate,
          seconds: (performance.now() - started) / 1000,
        };
        Object.assign(sums, { loss: 0, supervised: 0, unlabelled: 0, mask: 0, steps: 0 });
        history.evaluations.push(log);
        history.steps = step;
        if (valAccuracy > history.bestValAccuracy || (valAccuracy === history.bestValAccuracy && valLoss < bestValLoss)) {
          history.bestStep = step;
          history.bestValAccuracy = valAccuracy;
          bestValLoss = valLoss;
          if (best) tf.dispose(best);
          best = evaluated.map((t) => tf.keep(t.clone()));
        }
        if (settings.checkpoint) {
          await settings.checkpoint.save(await buildCheckpoint(step, step === settings.steps, runSettings, history, weights, ema, best, optimizer, pseudo));
          lastSaved = step;
        }
        if (settings.onEvaluation) await settings.onEvaluation(log);
      }
      await yieldNow();
    }
    history.steps = step;
    if (best) tf.tidy(() => weights.forEach((w, i) => w.write(best![i].clone())));
    return history;
  } finally {
    optimizer.dispose();
    if (ema) tf.dispose(ema);
    if (best) tf.dispose(best);
  }
}

/** One optimizer step; returns `[loss, supervised, unlabelled, maskRate]`. */
async function trainStep(
  model: tfl.LayersModel,
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  labelled: DigitDataset,
  unlabelled: UnlabelledImages | null,
  pseudoSet: PseudoLabelled | null,
  settings: SemiSupervisedSettings,
  step: number,
): Promise<number[]> {
  const { rows, cols } = labelled;
  const size = rows * cols;
  const labelledRng = createRng(deriveSeed(settings.seed, LABELLED, step));
  const labelledIndices = Array.from({ length: settings.batchSize }, () => Math.floor(labelledRng() * labelled.count));
  const labelList = labelledIndices.map((i) => labelled.labels[i]);
  let bytesL = gather(labelled.images, labelledIndices, size);
  if (unlabelled !== null && pseudoSet !== null && pseudoSet.indices.length > 0) {
    // The self-training set joins the labelled batch: batchSize pseudo-labelled images, weakly augmented.
    const rng = createRng(deriveSeed(settings.seed, PSEUDO, step));
    const picks = Array.from({ length: settings.batchSize }, () => Math.floor(rng() * pseudoSet.indices.length));
    const extra = gather(unlabelled.images, picks.map((k) => pseudoSet.indices[k]), size);
    const joined = new Uint8Array(bytesL.length + extra.length);
    joined.set(bytesL);
    joined.set(extra, bytesL.length);
    bytesL = joined;
    labelList.push(...picks.map((k) => pseudoSet.labels[k]));
  }
  const b = labelList.length;
  const labels = Int32Array.from(labelList);
  const tensors: tf.Tensor[] = [];
  try {
    const xl = tf.tidy(() => {
      const raw = toTensor(bytesL, b, rows, cols);
      const seed = deriveSeed(settings.seed, b === settings.batchSize ? WEAK_LABELLED : WEAK_PSEUDO, step);
      return augmentBatch(raw, { ...settings.weakAugment, seed });
    });
    tensors.push(xl);
    const yl = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), labelled.numClasses), 'float32') as tf.Tensor2D);
    tensors.push(yl);
    let strong: tf.Tensor4D | null = null;
    let pseudo: tf.Tensor2D | null = null;
    let mask: tf.Tensor1D | null = null;
    const u = unlabelled === null ? 0 : settings.batchSize * settings.unlabelledRatio;
    if (unlabelled !== null) {
      const rng = createRng(deriveSeed(settings.seed, UNLABELLED, step));
      const indices = Array.from({ length: u }, () => Math.floor(rng() * unlabelled.count));
      const bytes = gather(unlabelled.images, indices, size);
      const corrupted = corruptRandomly(bytes, { count: u, rows, cols }, {
        corruptions: settings.strongCorruptions, severity: settings.strongSeverity, seed: deriveSeed(settings.seed, CORRUPT, step),
      });
      const targets = tf.tidy(() => {
        const weak = augmentBatch(toTensor(bytes, u, rows, cols), { ...settings.weakAugment, seed: deriveSeed(settings.seed, WEAK_UNLABELLED, step) });
        const probabilities = model.apply(weak, { training: false }) as tf.Tensor2D;
        const numClasses = probabilities.shape[1];
        return {
          pseudo: tf.cast(tf.oneHot(tf.argMax(probabilities, -1), numClasses), 'float32') as tf.Tensor2D,
          mask: tf.cast(tf.greaterEqual(tf.max(probabilities, -1), settings.threshold), 'float32') as tf.Tensor1D,
        };
      });
      pseudo = targets.pseudo;
      mask = targets.mask;
      tensors.push(pseudo, mask);
      strong = tf.tidy(() =>
        tf.clipByValue(
          augmentBatch(toTensor(corrupted, u, rows, cols), { ...settings.strongAugment, seed: deriveSeed(settings.seed, STRONG, step) }),
          0,
          1,
        ),
      );
      tensors.push(strong);
    }
    let parts: tf.Tensor1D | undefined;
    const loss = optimizer.minimize(
      () => {
        const inputs = strong === null ? xl : tf.concat([xl, strong], 0);
        const predictions = model.apply(inputs, { training: true }) as tf.Tensor2D;
        const supervised = tf.mean(categoricalCrossentropy(yl, tf.slice(predictions, [0, 0], [b, -1]) as tf.Tensor2D)) as tf.Scalar;
        let unsupervised: tf.Scalar = tf.scalar(0);
        if (strong !== null && pseudo !== null && mask !== null) {
          const strongPredictions = tf.slice(predictions, [b, 0], [u, -1]) as tf.Tensor2D;
          unsupervised = tf.div(tf.sum(tf.mul(mask, categoricalCrossentropy(pseudo, strongPredictions))), u) as tf.Scalar;
        }
        const total = tf.add(supervised, tf.mul(unsupervised, settings.unlabelledWeight)) as tf.Scalar;
        parts = tf.keep(tf.stack([total, supervised, unsupervised, mask === null ? tf.scalar(0) : tf.mean(mask)]) as tf.Tensor1D);
        return total;
      },
      true,
      variables,
    );
    if (loss) tensors.push(loss);
    if (parts) tensors.push(parts);
    return Array.from(await parts!.data());
  } finally {
    tf.dispose(tensors);
  }
}

function gather(images: Uint8Array, indices: readonly number[], size: number): Uint8Array {
  const out = new Uint8Array(indices.length * size);
  indices.forEach((index, j) => out.set(images.subarray(index * size, (index + 1) * size), j * size));
  return out;
}

function toTensor(bytes: Uint8Array, count: number, rows: number, cols: number): tf.Tensor4D {
  const values = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) values[i] = PIXEL_SCALE[bytes[i]];
  return tf.tensor4d(values, [count, rows, cols, 1]);
}

function toVariable(tensor: tf.Tensor): tf.Variable {
  const variable = tf.variable(tensor, false);
  tensor.dispose();
  return variable;
}

/** `ema ← d·ema + (1 − d)·w` with TF's warm-up `d = min(decay, (1 + k) / (10 + k))`. */
function updateEma(ema: tf.Variable[], weights: tfl.LayerVariable[], decay: number, step: number): void {
  const d = Math.min(decay, (1 + step) / (10 + step));
  tf.tidy(() => ema.forEach((e, i) => e.assign(tf.add(tf.mul(e, d), tf.mul(weights[i].read(), 1 - d)))));
}

/**
 * The self-training set of one round: the evaluated weights (EMA swapped in) predict every unlabelled image (clean,
 * inference mode); per predicted class the `fraction · count / numClasses` most confident ones are kept (ties by
 * index), with their predicted class as label.
 */
async function pseudoLabel(
  model: tfl.LayersModel,
  weights: tfl.LayerVariable[],
  ema: tf.Variable[] | null,
  unlabelled: UnlabelledImages,
  fraction: number,
): Promise<PseudoLabelled> {
  const probabilities = await withEvaluatedWeights(weights, ema, async () => {
    const out: Float32Array[] = [];
    const size = unlabelled.rows * unlabelled.cols;
    for (let start = 0; start < unlabelled.count; start += 1024) {
      const count = Math.min(1024, unlabelled.count - start);
      const xs = toTensor(unlabelled.images.subarray(start * size, (start + count) * size), count, unlabelled.rows, unlabelled.cols);
      try {
        out.push(await predictProbabilities(model, xs));
      } finally {
        xs.dispose();
      }
    }
    return out;
  });
  const k = model.outputs[0].shape[1] as number;
  const byClass: Array<Array<{ index: number; confidence: number }>> = Array.from({ length: k }, () => []);
  let index = 0;
  for (const chunk of probabilities) {
    for (let row = 0; row < chunk.length / k; row++, index++) {
      let top = 0;
      for (let c = 1; c < k; c++) if (chunk[row * k + c] > chunk[row * k + top]) top = c;
      byClass[top].push({ index, confidence: chunk[row * k + top] });
    }
  }
  const keep = Math.max(1, Math.floor((fraction * unlabelled.count) / k));
  const result: PseudoLabelled = { indices: [], labels: [] };
  byClass.forEach((candidates, c) => {
    candidates.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
    for (const { index: i } of candidates.slice(0, keep)) {
      result.indices.push(i);
      result.labels.push(c);
    }
  });
  return result;
}

/** Runs `body` with the EMA weights in the model (swapped back afterwards), or with the live weights. */
async function withEvaluatedWeights<T>(weights: tfl.LayerVariable[], ema: tf.Variable[] | null, body: () => Promise<T>): Promise<T> {
  const live = ema === null ? null : weights.map((w) => tf.keep(w.read().clone()));
  try {
    if (ema !== null) tf.tidy(() => weights.forEach((w, i) => w.write(ema[i].clone())));
    return await body();
  } finally {
    if (live !== null) {
      tf.tidy(() => weights.forEach((w, i) => w.write(live[i].clone())));
      tf.dispose(live);
    }
  }
}

/** Validation loss and accuracy of the EMA weights (swapped in and back) or of the live weights. */
async function evaluateWith(
  model: tfl.LayersModel,
  weights: tfl.LayerVariable[],
  ema: tf.Variable[] | null,
  validation: DigitDataset,
): Promise<{ loss: number; accuracy: number }> {
  const probabilities = await withEvaluatedWeights(weights, ema, () => predictProbabilities(model, validation));
  const k = validation.numClasses;
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < validation.count; i++) {
    const row = probabilities.subarray(i * k, (i + 1) * k);
    let top = 0;
    for (let c = 1; c < k; c++) if (row[c] > row[top]) top = c;
    if (top === validation.labels[i]) correct += 1;
    loss -= Math.log(Math.min(Math.max(row[validation.labels[i]], 1e-7), 1 - 1e-7));
  }
  return { loss: loss / validation.count, accuracy: correct / validation.count };
}

function setWeights(weights: tfl.LayerVariable[], serialized: readonly SerializedTensor[]): void {
  const named = deserializeTensors(serialized);
  try {
    if (named.length !== weights.length || named.some(({ tensor }, i) => !tf.util.arraysEqual(tensor.shape, weights[i].shape as number[]))) {
      throw new MismatchError({
        functionName: FN, subject: 'the checkpoint', expected: `weights of this model (${weights.length} tensors)`,
        found: `${named.length} tensors of other shapes`, fix: 'pass resume: false or another checkpoint store to start over',
      });
    }
    tf.tidy(() => weights.forEach((w, i) => w.write(named[i].tensor.clone())));
  } finally {
    tf.dispose(named.map(({ tensor }) => tensor));
  }
}

function checkCheckpoint(stored: SemiSupervisedCheckpoint, expected: Record<string, number | string | boolean>, location?: string): void {
  if (stored?.format !== 'digitkit-semi-supervised-checkpoint' || stored.version !== 1) {
    throw new MismatchError({
      functionName: FN, subject: `the checkpoint${location ? ` in ${location}` : ''}`, expected: 'a digitkit-semi-supervised-checkpoint version 1',
      found: String(stored?.format), fix: 'pass resume: false or another checkpoint store to start over',
    });
  }
  for (const [key, value] of Object.entries(expected)) {
    if (stored.settings[key] !== value) {
      throw new MismatchError({
        functionName: FN, subject: `the checkpoint${location ? ` in ${location}` : ''}`, expected: `${key} ${value}`,
        found: `${key} ${String(stored.settings[key])} in the checkpoint`, fix: 'pass resume: false or another checkpoint store to start over',
      });
    }
  }
}

async function buildCheckpoint(
  step: number,
  finished: boolean,
  settings: Record<string, number | string | boolean>,
  history: SemiSupervisedHistory,
  weights: tfl.LayerVariable[],
  ema: tf.Variable[] | null,
  best: tf.Tensor[] | null,
  optimizer: tf.Optimizer,
  pseudo: PseudoLabelled | null,
): Promise<SemiSupervisedCheckpoint> {
  const named = (tensors: readonly tf.Tensor[]) => serializeTensors(tensors.map((tensor, i) => ({ name: weights[i].originalName, tensor })));
  const optimizerState = await readOptimizerState(optimizer);
  return {
    format: 'digitkit-semi-supervised-checkpoint',
    version: 1,
    step,
    finished,
    settings: { ...settings },
    history: structuredClone(history),
    modelWeights: await named(weights.map((w) => w.read())),
    emaWeights: ema === null ? null : await named(ema),
    bestWeights: best === null ? null : await named(best),
    pseudoLabelled: pseudo === null ? null : structuredClone(pseudo),
    optimizerWeights: optimizerState.weights,
    optimizerScalars: optimizerState.scalars,
  };
}
