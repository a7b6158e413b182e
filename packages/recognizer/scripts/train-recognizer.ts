/**
 * Trains the recognizer's model for digits that are not MNIST-like, reproducibly:
 *
 *   pnpm --filter @digitkit/recognizer train-recognizer --out <run-folder> [--from <run-folder>] [--model strong-cnn] [--elastic a,s] [--epochs 8]
 *     [--learning-rate 4e-4] [--decay 0.75] [--batch-size 64] [--seed 42] [--split-seed <seed>] [--resume] [--limit <n>]
 *
 * cnn-models' trainClassifier on the wasm backend: every batch gets the geometric augmentation of
 * `digitkit train --preset best` (rotation ±10°, shift ±2 px, zoom ±10 %, shear ±8°), and every epoch half the
 * training images are corrupted by erode / dilate / Gaussian blur / Gaussian noise at a random severity 1–5 and 30 %
 * (clean or corrupted) are passed through the recognizer's normalization — a pure function of (seed, epoch, image).
 * A checkpoint after every epoch (`--resume` continues a killed run); model selection on the clean validation split
 * and a corrupted copy of it (never the test set); `<out>/model` holds the best epoch's weights, so
 * `pnpm import-run <out>` ships it.
 *
 * `--from <run>` starts from `<run>/model` (fine-tuning) and takes that run's validation split (seed, fraction),
 * so the validation images were never trained on. Without it: a fresh `--model` (a cnn-models registry name,
 * default `strong-cnn`; another architecture gives an ensemble members whose errors overlap less), split 0.1 stratified.
 * `--elastic <alpha>,<sigma>` adds Simard et al.'s elastic distortion to every batch's geometric augmentation (for
 * example `34,4`; another way to make members differ).
 */
import '@tensorflow/tfjs-backend-wasm';
import { enableWasmTraining } from '@digitkit/wasm-training';
import { models, type ModelName } from '@digitkit/cnn-models';
import { splitTrainValidation, subsetDataset } from '@digitkit/mnist-data';
import { loadMnist } from '@digitkit/mnist-data/node';
import * as tf from '@tensorflow/tfjs-core';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_ROBUST_AUGMENTATION } from './train/robust-epoch-images.js';
import { trainRecognizerRun, type RecognizerRecipe } from './train/train-recognizer-run.js';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    from: { type: 'string' },
    model: { type: 'string' },
    elastic: { type: 'string' },
    epochs: { type: 'string', default: '8' },
    'learning-rate': { type: 'string', default: '4e-4' },
    decay: { type: 'string', default: '0.75' },
    'batch-size': { type: 'string', default: '64' },
    seed: { type: 'string', default: '42' },
    'split-seed': { type: 'string' },
    limit: { type: 'string' },
    resume: { type: 'boolean', default: false },
  },
  strict: true,
});
if (!values.out) {
  console.error('usage: train-recognizer.ts --out <run-folder> [--from <run-folder>] [--epochs n] [--resume] …');
  process.exit(2);
}
const out = resolve(values.out);
const number = (name: keyof typeof values): number => {
  const value = Number(values[name]);
  if (!Number.isFinite(value)) throw new RangeError(`train-recognizer: expected --${name} to be a number, got ${values[name]}`);
  return value;
};

if (values.model !== undefined && !Object.hasOwn(models, values.model)) {
  console.error(`train-recognizer: expected --model to be one of ${Object.keys(models).join(', ')}, got ${values.model}`);
  process.exit(2);
}
if (values.from && values.model !== undefined) {
  console.error('train-recognizer: --model does not apply with --from (the started-from run sets the architecture)');
  process.exit(2);
}

const elastic = (() => {
  if (values.elastic === undefined) return undefined;
  const [alpha, sigma, ...rest] = values.elastic.split(',').map(Number);
  if (rest.length > 0 || !(alpha >= 0) || !(sigma > 0)) {
    console.error(`train-recognizer: expected --elastic <alpha ≥ 0>,<sigma > 0> (e.g. 34,4), got ${values.elastic}`);
    process.exit(2);
  }
  return { alpha, sigma };
})();

let recipe: RecognizerRecipe;
if (values.resume) {
  // A resume runs the recipe recorded in run.json (the other flags are ignored).
  recipe = (JSON.parse(await readFile(join(out, 'run.json'), 'utf8')) as { config: RecognizerRecipe }).config;
} else {
  interface FromRun { config: { model: RecognizerRecipe['model']; seed: number; splitSeed?: number; validationFraction: number; batchNormMomentum: number } }
  const from = values.from ? (JSON.parse(await readFile(join(values.from, 'run.json'), 'utf8')) as FromRun).config : undefined;
  recipe = {
    model: from?.model ?? ((values.model ?? 'strong-cnn') as ModelName),
    epochs: number('epochs'),
    batchSize: number('batch-size'),
    learningRate: number('learning-rate'),
    learningRateDecay: number('decay'),
    augment: { rotationDegrees: 10, shift: 2, zoom: 0.1, shear: 8, ...(elastic === undefined ? {} : { elastic }) },
    robust: DEFAULT_ROBUST_AUGMENTATION,
    // The validation split must be the started-from run's: its seed and fraction.
    seed: from?.seed ?? number('seed'),
    splitSeed: from ? (from.splitSeed ?? from.seed) : values['split-seed'] === undefined ? number('seed') : number('split-seed'),
    validationFraction: from?.validationFraction ?? 0.1,
    batchNormMomentum: from?.batchNormMomentum ?? 0.99,
    from: values.from ? resolve(values.from) : null,
    limit: values.limit === undefined ? null : number('limit'),
  };
}

// The stock wasm backend lacks gradient kernels: @digitkit/wasm-training registers them (as the digitkit CLI does).
enableWasmTraining();
await tf.setBackend('wasm');
await tf.ready();
const { train: fullTrain } = await loadMnist();
const split = splitTrainValidation(fullTrain, { validationFraction: recipe.validationFraction, seed: recipe.splitSeed ?? recipe.seed, stratified: true });
const limit = recipe.limit;
const train = limit === null ? split.train : subsetDataset(split.train, Array.from({ length: Math.min(limit, split.train.count) }, (_, i) => i));
const validation = limit === null ? split.validation : subsetDataset(split.validation, Array.from({ length: Math.min(split.validation.count, Math.max(10, Math.round(limit / 9))) }, (_, i) => i));
const command = `pnpm train-recognizer ${process.argv.slice(2).join(' ')}`.replace(out, relative(process.cwd(), out));

const controller = new AbortController();
process.once('SIGINT', () => controller.abort(new Error('SIGINT')));
process.once('SIGTERM', () => controller.abort(new Error('SIGTERM')));
const started = performance.now();
try {
  const result = await trainRecognizerRun({ out, train, validation, recipe, command, resume: values.resume, signal: controller.signal });
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s; training ${result.trainingSeconds.toFixed(0)} s; run folder ${out}`);
} catch (error) {
  if ((error as Error).name === 'AbortError') {
    console.error(`${(error as Error).message}\nresume with: pnpm train-recognizer --out ${values.out} --resume`);
    process.exit(130);
  }
  throw error;
}
