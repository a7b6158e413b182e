/**
 * Copies a `digitkit train` / `train-recognizer` run's model into the package as the shipped `single` weights,
 * quantized, and measures the shipped file:
 *
 *   pnpm --filter @digitkit/recognizer import-run <run-folder> [--training-seconds <s>] [--checkpoint] [--allow-worse]
 *
 * `--checkpoint` takes the weights from <run>/checkpoint instead of <run>/model (a run stopped before its last
 * epoch: the best-validation weights the checkpoint keeps, else its last epoch's).
 *
 * 1. Loads <run>/model (cnn-models' loadModel: checksums verified) and <run>/run.json (the recipe); refuses a run
 *    trained on a --limit subset.
 * 2. Rebuilds the run's own validation split (splitTrainValidation with the run's split seed and fraction,
 *    stratified — the CLI's split) and measures float32, 'uint8' and 'mixed' (uint8 kernels, float16 BatchNorm/bias)
 *    weights on it. Chooses the smallest quantization within 0.05 points of float32 on VALIDATION data (never the
 *    test set).
 * 3. Compares with the shipped single model: when both were measured on the same validation split and the new
 *    weights are worse on it, refuses (nothing written) unless --allow-worse; likewise when the splits differ (the
 *    figures cannot be compared). Equal or better: goes on.
 * 4. Writes the chosen model into the package's one weights file, weights/single/embedded.cjs (embed-weights.ts:
 *    model.json and weights.bin deflated + base64, and the info), reads it back and measures those bytes on the
 *    10,000 test images (reported, not used for any choice; the test suite re-measures the file through
 *    loadDigitRecognizer). `pnpm export-weights <folder>` writes the shipped model as plain tfjs files.
 *
 * Runs on the wasm backend. Not published.
 */
import '@tensorflow/tfjs-backend-wasm';
import { sha256 } from '@digitkit/core/node';
import { predictProbabilities } from '@digitkit/cnn-models';
import { splitTrainValidation } from '@digitkit/mnist-data';
import { loadMnist } from '@digitkit/mnist-data/node';
import * as tf from '@tensorflow/tfjs-core';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { embedWeights, readEmbeddedWeights } from './embed-weights.js';
import { accuracyOf, chooseQuantization, describeQuantization, modelFromFiles } from './import/choose-quantization.js';
import { readRun } from './import/read-run.js';
import type { ModelFiles } from './quantize-model.js';

const { values, positionals } = parseArgs({
  options: { 'training-seconds': { type: 'string' }, checkpoint: { type: 'boolean', default: false }, 'allow-worse': { type: 'boolean', default: false } },
  allowPositionals: true,
  strict: true,
});
if (positionals.length !== 1) {
  console.error('usage: import-run.ts <run-folder> [--training-seconds <s>] [--checkpoint] [--allow-worse]');
  process.exit(2);
}
const runDir = positionals[0];
const trainingSeconds = values['training-seconds'] === undefined ? null : Number(values['training-seconds']);

await tf.setBackend('wasm');
await tf.ready();

const imported = await readRun('import-run', runDir, { fromCheckpoint: values.checkpoint });
const { run, model, split } = imported;
const { train, test } = await loadMnist();
const { validation } = splitTrainValidation(train, { validationFraction: split.fraction, seed: split.seed, stratified: true });

console.log(`import-run: ${resolve(runDir)} (${run.config.model}, seed ${run.config.seed}); validation ${validation.count} images (split seed ${split.seed}, fraction ${split.fraction})`);
const chosen = await chooseQuantization(model, validation, console.log);

// The shipped single model's validation figure, where it is on the same split (files written before the split was
// recorded used the run's seed and 0.1).
const current = await readEmbeddedWeights().then((files) => files.info, () => undefined);
if (current) {
  const currentSplit = (current.validationSplit as { seed: number; fraction: number } | undefined) ?? { seed: current.seed as number, fraction: 0.1 };
  const currentAccuracy = current.validationAccuracy as number | null;
  const sameSplit = currentSplit.seed === split.seed && currentSplit.fraction === split.fraction;
  const line = `shipped single: validation ${currentAccuracy === null ? '?' : (100 * currentAccuracy).toFixed(2)}% (split seed ${currentSplit.seed}, fraction ${currentSplit.fraction}); this run: ${(100 * chosen.validationAccuracy).toFixed(2)}%`;
  console.log(line);
  const refusal = !sameSplit
    ? 'the two were selected on different validation splits, so their figures cannot be compared'
    : currentAccuracy !== null && chosen.validationAccuracy < currentAccuracy
      ? 'this run is worse on the same validation split'
      : undefined;
  if (refusal && !values['allow-worse']) {
    console.error(`import-run: not shipped — ${refusal}; pass --allow-worse to ship it anyway (nothing was written)`);
    process.exit(1);
  }
}

const weightsSha256 = sha256(chosen.files.weights);
const modelJson = { ...chosen.files.modelJson, weightsSha256: { 'weights.bin': weightsSha256 } };
const baseInfo = {
  architecture: run.config.model,
  parameters: model.countParams(),
  quantization: describeQuantization(chosen.quantization),
  weightBytes: chosen.files.weights.byteLength,
  weightsSha256,
};
// The shipped bytes, written, read back from the file and measured on the full test set; then the info is final.
await embedWeights({ modelJson, weights: chosen.files.weights, info: { ...baseInfo, testAccuracy: Number.NaN } });
const written = await readEmbeddedWeights();
const shipped = await modelFromFiles({ modelJson: written.modelJson as ModelFiles['modelJson'], weights: written.weights });
const testAccuracy = accuracyOf(await predictProbabilities(shipped, test), test.labels);
shipped.dispose();
const info = {
  ...baseInfo,
  testAccuracy,
  validationAccuracy: chosen.validationAccuracy,
  command: imported.command,
  seed: run.config.seed,
  trainingSeconds: trainingSeconds ?? imported.recordedTrainingSeconds,
  validationSplit: split,
};
const out = await embedWeights({ modelJson, weights: chosen.files.weights, info });
console.log(`shipped ${info.quantization}: ${info.weightBytes} bytes; test accuracy of the shipped file ${(100 * testAccuracy).toFixed(2)}% (${Math.round(testAccuracy * test.count)}/${test.count})`);
console.log(`wrote ${out}`);
