/**
 * Copies a `digitkit train` run's model into the package as the shipped `single` weights, quantized, and measures
 * the shipped file:
 *
 *   pnpm --filter @digitkit/recognizer import-run <run-folder> [--training-seconds <s>] [--checkpoint]
 *
 * `--checkpoint` takes the weights from <run>/checkpoint instead of <run>/model (a run stopped before its last
 * epoch: the best-validation weights the checkpoint keeps, else its last epoch's).
 *
 * 1. Loads <run>/model (cnn-models' loadModel: checksums verified) and <run>/run.json (the recipe).
 * 2. Rebuilds the run's own validation split (splitTrainValidation with the run's seed and fraction, stratified —
 *    the CLI's split) and measures float32, 'uint8' and 'mixed' (uint8 kernels, float16 BatchNorm/bias) weights on
 *    it. Chooses the smallest quantization within 0.05 points of float32 on VALIDATION data (never the test set).
 * 3. Writes the chosen model into the package's one weights file, weights/single/embedded.cjs (embed-weights.ts:
 *    model.json and weights.bin deflated + base64, and the info), reads it back and measures those bytes on the
 *    10,000 test images (reported, not used for any choice; the test suite re-measures the file through
 *    loadDigitRecognizer). `pnpm export-weights <folder>` writes the shipped model as plain tfjs files.
 *
 * Runs on the wasm backend. Not published.
 */
import '@tensorflow/tfjs-backend-wasm';
import { argmaxRows, type DigitDataset } from '@digitkit/core';
import { sha256 } from '@digitkit/core/node';
import { predictProbabilities } from '@digitkit/cnn-models';
import { createModel, type ModelName } from '@digitkit/cnn-models';
import { createFileCheckpointStore, loadModel } from '@digitkit/cnn-models/node';
import { splitTrainValidation } from '@digitkit/mnist-data';
import { loadMnist } from '@digitkit/mnist-data/node';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { embedWeights, readEmbeddedWeights } from './embed-weights.js';
import { quantizeModel, type ModelFiles, type Quantization } from './quantize-model.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runDir = args.find((arg) => !arg.startsWith('--'));
if (!runDir) {
  console.error('usage: import-run.ts <run-folder> [--training-seconds <s>]');
  process.exit(2);
}
const secondsFlag = args.indexOf('--training-seconds');
const trainingSeconds = secondsFlag >= 0 ? Number(args[secondsFlag + 1]) : null;
const fromCheckpoint = args.includes('--checkpoint');

await tf.setBackend('wasm');
await tf.ready();

interface RunJson {
  command: string;
  config: { model: ModelName; seed: number; splitSeed?: number; validationFraction: number; limit: number | null; epochs: number; batchNormMomentum: number };
}
const run = JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8')) as RunJson;
let stoppedNote = '';

/** The run's model rebuilt from its checkpoint (a run stopped before its last epoch). */
async function modelFromCheckpoint(): Promise<tfl.LayersModel> {
  const checkpoint = await createFileCheckpointStore(join(runDir as string, 'checkpoint')).load();
  if (!checkpoint) throw new Error(`import-run: ${runDir}/checkpoint holds no finished epoch`);
  const weights = checkpoint.bestWeights ?? checkpoint.modelWeights;
  const built = createModel(run.config.model, { seed: run.config.seed, batchNormMomentum: run.config.batchNormMomentum });
  built.setWeights(weights.map((w) => tf.tensor(w.values, w.shape, w.dtype)));
  const bestEpoch = checkpoint.bestWeights ? ` (best validation epoch kept)` : '';
  stoppedNote = ` — stopped after epoch ${checkpoint.epochsCompleted} of ${run.config.epochs}, weights from its checkpoint${bestEpoch}`;
  return built;
}
const model = fromCheckpoint ? await modelFromCheckpoint() : await loadModel(join(runDir, 'model'));
// A train-recognizer run records its epochs and the chosen one in validation.json; say so when it stopped early.
const trained = await readFile(join(runDir, 'validation.json'), 'utf8').then((text) => JSON.parse(text) as { epochs: { epoch: number }[]; bestEpoch: number | null }, () => undefined);
if (!fromCheckpoint && trained && trained.epochs.length < run.config.epochs) {
  stoppedNote = ` — stopped after epoch ${trained.epochs.length} of ${run.config.epochs}; epoch ${trained.bestEpoch} chosen on validation`;
}
const { train, test } = await loadMnist();
if (run.config.limit !== null) throw new Error('import-run: the run trained on a --limit subset; ship only full runs');
const { validation } = splitTrainValidation(train, { validationFraction: run.config.validationFraction, seed: run.config.splitSeed ?? run.config.seed, stratified: true });

async function accuracy(candidate: tfl.LayersModel, dataset: DigitDataset): Promise<number> {
  const predicted = argmaxRows(await predictProbabilities(candidate, dataset), 10);
  let correct = 0;
  for (let i = 0; i < dataset.count; i++) if (predicted[i] === dataset.labels[i]) correct++;
  return correct / dataset.count;
}

async function fromFiles(files: ModelFiles): Promise<tfl.LayersModel> {
  return tfl.loadLayersModel(
    tf.io.fromMemory({ modelTopology: files.modelJson.modelTopology, weightSpecs: files.specs, weightData: files.weights.slice().buffer }),
  );
}

console.log(`import-run: ${resolve(runDir)} (${run.config.model}, seed ${run.config.seed}); validation ${validation.count} images`);
const float32Accuracy = await accuracy(model, validation);
console.log(`float32 validation accuracy ${(100 * float32Accuracy).toFixed(2)}%`);
let chosen: { quantization: Quantization; files: ModelFiles; validationAccuracy: number } | undefined;
for (const quantization of ['uint8', 'mixed'] as const) {
  const files = await quantizeModel(model, quantization);
  const candidate = await fromFiles(files);
  const validationAccuracy = await accuracy(candidate, validation);
  candidate.dispose();
  console.log(`${quantization} validation accuracy ${(100 * validationAccuracy).toFixed(2)}%, weights ${files.weights.byteLength} bytes`);
  if (!chosen && validationAccuracy >= float32Accuracy - 0.0005) chosen = { quantization, files, validationAccuracy };
}
if (!chosen) {
  const files = await quantizeModel(model, 'float16');
  chosen = { quantization: 'float16', files, validationAccuracy: await accuracy(await fromFiles(files), validation) };
}
console.log(`chosen on validation: ${chosen.quantization}`);

const weightsSha256 = sha256(chosen.files.weights);
const modelJson = { ...chosen.files.modelJson, weightsSha256: { 'weights.bin': weightsSha256 } };
const baseInfo = {
  architecture: run.config.model,
  parameters: model.countParams(),
  quantization: chosen.quantization === 'mixed' ? 'uint8 kernels, float16 biases and BatchNorm' : chosen.quantization,
  weightBytes: chosen.files.weights.byteLength,
  weightsSha256,
};
// The shipped bytes, written, read back from the file and measured on the full test set; then the info is final.
await embedWeights({ modelJson, weights: chosen.files.weights, info: { ...baseInfo, testAccuracy: Number.NaN } });
const written = await readEmbeddedWeights();
const shipped = await fromFiles({ modelJson: written.modelJson as tf.io.ModelJSON, weights: written.weights, specs: (written.modelJson as tf.io.ModelJSON).weightsManifest.flatMap((group) => group.weights) as ModelFiles['specs'] });
const testAccuracy = await accuracy(shipped, test);
shipped.dispose();
const info = {
  ...baseInfo,
  testAccuracy,
  validationAccuracy: chosen.validationAccuracy,
  command: run.command.replace(/--out \S+/, '--out <run-folder>') + stoppedNote,
  seed: run.config.seed,
  trainingSeconds,
};
const out = await embedWeights({ modelJson, weights: chosen.files.weights, info });
console.log(`shipped ${info.quantization}: ${info.weightBytes} bytes; test accuracy of the shipped file ${(100 * testAccuracy).toFixed(2)}% (${Math.round(testAccuracy * test.count)}/${test.count})`);
console.log(`wrote ${out}`);
