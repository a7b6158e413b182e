/**
 * The training worker: owns tfjs (wasm backend with @digitkit/wasm-training's kernels), MNIST and the model, so
 * the page's thread only draws and talks. It trains, evaluates, predicts drawings, keeps the model in IndexedDB
 * and exports/imports it in tfjs's format.
 */
import {
  createModel,
  evaluateModel,
  fineTune,
  predictProbabilities,
  recalibrateBatchNorm,
  trainClassifier,
  type EpochLog,
} from '@digitkit/cnn-models';
import { AbortedError, createRng } from '@digitkit/core';
import { loadMnistFromUrls, splitTrainValidation, subsetDataset, type DigitDataset } from '@digitkit/mnist-data';
import { loadDigitRecognizer, type DigitRecognizer, type DigitInput } from '@digitkit/recognizer';
import { renderConfusionMatrix, renderDigitGrid, renderTrainingCurves } from '@digitkit/viz-svg';
import { enableWasmTraining } from '@digitkit/wasm-training';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { seedMathRandom } from './seed-math-random.js';
import type { TrainingSettings } from './training-settings.js';
import type { ExportedModel, FromWorker, ModelSummary, ToWorker, UserExamples } from './worker-protocol.js';

/** Where the last model is kept between visits. */
const STORE_URL = 'indexeddb://digitkit-browser-model';
/** Examples per training step. */
const BATCH_SIZE = 64;

const post = (message: FromWorker, transfer: Transferable[] = []) =>
  (self as unknown as Worker).postMessage(message, transfer);

let data: { train: DigitDataset; test: DigitDataset } | undefined;
/** The model that answers predictions (the last finished one). */
let current: { model: tfl.LayersModel; summary: ModelSummary } | undefined;
let controller: AbortController | undefined;
/** The recognizer shipped with @digitkit/recognizer: answers predictions until a model is trained or loaded. */
let shipped: DigitRecognizer<DigitInput> | undefined;
const started = start().catch((error: unknown) => post({ type: 'error', during: 'start', message: messageOf(error) }));

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'stop') {
    controller?.abort();
    return;
  }
  void started.then(() => handle(message));
});

async function handle(message: ToWorker): Promise<void> {
  try {
    if (message.type === 'train') await train(message.settings);
    else if (message.type === 'predict') post({ type: 'prediction', id: message.id, ...(await predict(message.pixels)) });
    else if (message.type === 'export') await exportModel();
    else if (message.type === 'import') await importModel(message.modelJson, message.weights);
    else if (message.type === 'fineTune') await teachHandwriting(message.train, message.heldOut, message.seed);
  } catch (error) {
    const during = message.type === 'stop' ? 'train' : message.type;
    post({ type: 'error', during, message: messageOf(error) });
  }
}

async function start(): Promise<void> {
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
  });
  // `?threads=N` (1–8) asks for an XNNPACK pool of N threads; without it tfjs picks half the logical cores (one
  // thread on a two-core machine). Only the threaded build (cross-origin isolated pages) can use more than one.
  const threads = Number(new URLSearchParams((self as unknown as { name: string }).name).get('threads'));
  const cores = self.navigator.hardwareConcurrency;
  const overridden = Number.isInteger(threads) && threads >= 1 && threads <= 8;
  if (overridden) {
    setThreadsCount(threads);
    // tfjs's C side caps the pool at half of `navigator.hardwareConcurrency` ("two hyper-threads per core"), so
    // this worker reports twice the asked-for count to it (what @digitkit/wasm-training's enableWasmThreads does
    // in Node). Only this worker's navigator is changed.
    Object.defineProperty(self.navigator, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  }
  await tf.setBackend('wasm');
  await tf.ready();
  // The real core count again: @digitkit/wasm-training sizes its kernel pool (cross-origin isolated pages) from it
  // at the first big kernel call, and the doubled figure would oversubscribe the machine.
  if (overridden) Object.defineProperty(self.navigator, 'hardwareConcurrency', { value: cores, configurable: true });
  enableWasmTraining();
  const base = new URL('mnist/', new URL(import.meta.env.BASE_URL, self.location.origin));
  const loading = loadMnistFromUrls({
    trainImages: new URL('train-images-idx3-ubyte.gz', base),
    trainLabels: new URL('train-labels-idx1-ubyte.gz', base),
    testImages: new URL('t10k-images-idx3-ubyte.gz', base),
    testLabels: new URL('t10k-labels-idx1-ubyte.gz', base),
  });
  current = await restoreModel();
  // Recognition at first load: the ready-made recognizer, its trained weights inside the package (no download).
  shipped = await loadDigitRecognizer().catch((error: unknown) => {
    console.warn(`digitkit: the ready-made recognizer did not load: ${messageOf(error)}`);
    return undefined;
  });
  data = await loading;
  post({
    type: 'ready',
    backend: tf.getBackend(),
    simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
    threads: getThreadsCount(),
    crossOriginIsolated: self.crossOriginIsolated,
    trainCount: data.train.count,
    testCount: data.test.count,
    model: current?.summary,
    shipped: shipped && { architecture: shipped.info.architecture, testAccuracy: shipped.info.testAccuracy },
  });
}

/** The model kept in IndexedDB by an earlier visit, if any. */
async function restoreModel(): Promise<typeof current> {
  const stored = await tf.io.listModels().catch(() => ({}) as Record<string, unknown>);
  if (!(STORE_URL in stored)) return undefined;
  const model = await tfl.loadLayersModel(STORE_URL);
  const summary = (model.getUserDefinedMetadata() as ModelSummary | undefined) ?? { name: 'uploaded', source: 'indexeddb' };
  return { model, summary: { ...summary, source: 'indexeddb' } };
}

async function train(settings: TrainingSettings): Promise<void> {
  if (!data) throw new Error('MNIST is not loaded yet');
  if (controller) throw new Error('a training run is already going');
  const { model: name, trainSize, epochs, seed } = settings;
  seedMathRandom(seed);
  const indices = Int32Array.from({ length: trainSize }, (_, i) => i);
  const { train: trainSet, validation } = splitTrainValidation(subsetDataset(data.train, indices), {
    validationFraction: 0.1,
    seed,
  });
  const model = createModel(name, { seed });
  const batches = Math.ceil(trainSet.count / BATCH_SIZE);
  const totalSteps = batches * epochs;
  controller = new AbortController();
  const startedAt = performance.now();
  const recentAccuracy: number[] = [];
  const steps: { epoch: number; loss: number; accuracy: number }[] = [];
  const epochLogs: EpochLog[] = [];
  let stepsDone = 0;
  let lastCurve = 0;
  let stoppedAfterBatches: number | undefined;
  try {
    await trainClassifier(model, trainSet, {
      validationData: validation,
      epochs,
      batchSize: BATCH_SIZE,
      seed,
      recalibrateBatchNorm: true,
      signal: controller.signal,
      onEpochEnd: (log) => void epochLogs.push(log),
      onBatchEnd: (log) => {
        stepsDone = log.step + 1;
        recentAccuracy.push(log.accuracy);
        if (recentAccuracy.length > 20) recentAccuracy.shift();
        steps.push({ epoch: log.epoch - 1 + (log.batch + 1) / log.batches, loss: log.loss, accuracy: log.accuracy });
        const seconds = (performance.now() - startedAt) / 1000;
        const stepsPerSecond = stepsDone / seconds;
        // Live curve every ~2 s (rendering is cheap, but the page need not redraw on every step).
        let curve: string | undefined;
        if (performance.now() - lastCurve > 2000 || stepsDone === totalSteps) {
          lastCurve = performance.now();
          curve = renderStepCurve(steps);
        }
        post({
          type: 'progress',
          epoch: log.epoch,
          epochs,
          batch: log.batch + 1,
          batches: log.batches,
          step: stepsDone,
          totalSteps,
          loss: log.loss,
          accuracy: log.accuracy,
          imagesPerSecond: (stepsDone * BATCH_SIZE) / seconds,
          // Remaining steps at the pace so far (validation, recalibration and the final test take a little more).
          secondsLeft: (totalSteps - stepsDone) / stepsPerSecond,
          curve,
        });
      },
    });
  } catch (error) {
    if (!(error instanceof AbortedError) && !(error instanceof Error && error.name === 'AbortError')) {
      model.dispose();
      controller = undefined;
      throw error;
    }
    stoppedAfterBatches = stepsDone;
    // The partial model: its BatchNorm statistics are recomputed for the weights it has (as the trainer does
    // after every finished epoch), so it is usable and its measured accuracy means something.
    post({ type: 'phase', text: `Stopped after ${stepsDone} batches; measuring the partial model…` });
    if (stepsDone > 0) await recalibrateBatchNorm(model, trainSet, { seed });
  }
  controller = undefined;
  const trainingSeconds = (performance.now() - startedAt) / 1000;
  post({ type: 'phase', text: 'Measuring test accuracy on the 10,000 MNIST test images…' });
  const evaluation = await evaluateModel(model, data.test);
  const summary: ModelSummary = {
    name,
    testAccuracy: evaluation.accuracy,
    steps: stepsDone,
    stoppedAfterBatches,
    source: 'trained',
    trainedAt: new Date().toISOString(),
    settings,
  };
  current?.model.dispose();
  current = { model, summary };
  const saved = await saveModel(model, summary);
  const seconds = (performance.now() - startedAt) / 1000;
  post({
    type: 'done',
    model: summary,
    lastBatchAccuracy: recentAccuracy.reduce((sum, v) => sum + v, 0) / Math.max(1, recentAccuracy.length),
    seconds,
    imagesPerSecond: (stepsDone * BATCH_SIZE) / trainingSeconds,
    saved,
    figures: {
      curves: epochLogs.length > 0 ? renderTrainingCurves({ epochs: epochLogs }, { title: 'Training and validation, per epoch' }) : renderStepCurve(steps),
      confusionMatrix: renderConfusionMatrix(evaluation.confusionMatrix, { title: 'Confusion matrix (MNIST test set)', cellSize: 30 }),
      misclassified: renderMisclassified(data.test, evaluation.predictions),
    },
  });
}

/** Training loss and accuracy per step, as a curve (fractional epochs on the x axis). */
function renderStepCurve(steps: { epoch: number; loss: number; accuracy: number }[]): string | undefined {
  if (steps.length < 2) return undefined;
  // At most ~200 points: average consecutive steps.
  const group = Math.ceil(steps.length / 200);
  const points: { epoch: number; loss: number; accuracy: number }[] = [];
  for (let i = 0; i < steps.length; i += group) {
    const slice = steps.slice(i, i + group);
    points.push({
      epoch: slice[slice.length - 1].epoch,
      loss: slice.reduce((s, v) => s + v.loss, 0) / slice.length,
      accuracy: slice.reduce((s, v) => s + v.accuracy, 0) / slice.length,
    });
  }
  return renderTrainingCurves({ epochs: points }, { title: 'Training batches (live)' });
}

/** Up to 20 misclassified test digits with their true label and the model's guess. */
function renderMisclassified(
  test: DigitDataset,
  predictions: { labels: ArrayLike<number>; predicted: ArrayLike<number>; confidence: ArrayLike<number>; misclassified: number[] },
): string | undefined {
  const shown = predictions.misclassified.slice(0, 20);
  if (shown.length === 0) return undefined;
  return renderDigitGrid(
    shown.map((i) => test.images.subarray(i * 784, (i + 1) * 784)),
    {
      labels: shown.map((i) => predictions.labels[i]),
      predictions: shown.map((i) => predictions.predicted[i]),
      confidences: shown.map((i) => predictions.confidence[i]),
      columns: 10,
      digitSize: 42,
      title: `Misclassified test digits (first ${shown.length} of ${predictions.misclassified.length})`,
    },
  );
}

async function saveModel(model: tfl.LayersModel, summary: ModelSummary): Promise<boolean> {
  try {
    model.setUserDefinedMetadata(JSON.parse(JSON.stringify(summary)) as object);
    await model.save(STORE_URL);
    return true;
  } catch (error) {
    // Private browsing or a full quota: the page says the model was not kept.
    console.warn(`digitkit: could not keep the model in IndexedDB: ${messageOf(error)}`);
    return false;
  }
}

async function predict(pixels: Uint8Array): Promise<{ top?: { label: number; probability: number }[]; model?: string }> {
  const dataset: DigitDataset = { images: pixels, labels: new Uint8Array(1), count: 1, rows: 28, cols: 28, numClasses: 10 };
  let probabilities: Float32Array;
  let model: string;
  if (current) {
    probabilities = await predictProbabilities(current.model, dataset);
    model = current.summary.name;
  } else if (shipped) {
    probabilities = (await shipped.recognizeMnist(dataset)).probabilities;
    model = 'shipped';
  } else {
    return {};
  }
  const top = Array.from(probabilities, (probability, label) => ({ label, probability }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, 3);
  return { top, model };
}

async function exportModel(): Promise<void> {
  if (!current) throw new Error('there is no model to download yet');
  let exported: ExportedModel | undefined;
  await current.model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = concatenateWeights(artifacts.weightData);
      const modelJson = JSON.stringify({
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        userDefinedMetadata: artifacts.userDefinedMetadata,
        weightsManifest: [{ paths: ['./model.weights.bin'], weights: artifacts.weightSpecs }],
      });
      exported = { modelJson, weights };
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  post({ type: 'exported', model: exported! }, [exported!.weights]);
}

function concatenateWeights(weightData: tf.io.WeightData | undefined): ArrayBuffer {
  if (!weightData) return new ArrayBuffer(0);
  return Array.isArray(weightData) ? tf.io.concatenateArrayBuffers(weightData) : weightData.slice(0);
}

async function importModel(modelJson: string, weights: ArrayBuffer): Promise<void> {
  if (!data) throw new Error('MNIST is not loaded yet');
  let json: { modelTopology?: unknown; weightsManifest?: { weights: tf.io.WeightsManifestEntry[] }[]; userDefinedMetadata?: unknown };
  try {
    json = JSON.parse(modelJson);
  } catch {
    throw new Error('model.json is not JSON');
  }
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new Error('model.json is not a tfjs layers model (no modelTopology or weightsManifest)');
  }
  const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
  const model = await tfl.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology as object, weightSpecs, weightData: weights }),
  );
  const shape = model.inputs[0]?.shape;
  if (shape?.length !== 4 || shape[1] !== 28 || shape[2] !== 28 || shape[3] !== 1) {
    model.dispose();
    throw new Error(`expected a model with [null, 28, 28, 1] input, got ${JSON.stringify(shape)}`);
  }
  const metadata = json.userDefinedMetadata as Partial<ModelSummary> | undefined;
  post({ type: 'phase', text: 'Measuring the uploaded model on the 10,000 MNIST test images…' });
  const evaluation = await evaluateModel(model, data.test);
  const summary: ModelSummary = {
    ...metadata,
    name: metadata?.name ?? 'uploaded',
    source: 'upload',
    testAccuracy: evaluation.accuracy,
  };
  current?.model.dispose();
  current = { model, summary };
  await saveModel(model, summary);
  post({ type: 'imported', model: summary });
}

/** The user's drawings as a data set. */
function toDataset(examples: UserExamples): DigitDataset {
  return { images: examples.images, labels: examples.labels, count: examples.count, rows: 28, cols: 28, numClasses: 10 };
}

/** Copies of each user drawing per fine-tuning epoch, and MNIST training images mixed in per user drawing. */
const USER_REPEATS = 5;
const REHEARSAL_PER_DRAWING = 40;

/**
 * The fine-tuning set: the user's drawings (each `USER_REPEATS` times, augmented differently every time) mixed with
 * seeded MNIST training images (`REHEARSAL_PER_DRAWING` per drawing), so the model learns the handwriting without
 * forgetting MNIST (measured: without rehearsal, 30 epochs on 20 seven-segment drawings took the MNIST test
 * accuracy from 93.4 % to 85.7 %).
 */
function withRehearsal(user: UserExamples, mnist: DigitDataset, seed: number): DigitDataset {
  const rehearsal = user.count * REHEARSAL_PER_DRAWING;
  const count = user.count * USER_REPEATS + rehearsal;
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let r = 0; r < USER_REPEATS; r++) {
    images.set(user.images, r * user.count * 784);
    labels.set(user.labels, r * user.count);
  }
  const random = createRng(seed + 101);
  for (let i = user.count * USER_REPEATS; i < count; i++) {
    const j = Math.floor(random() * mnist.count);
    images.set(mnist.images.subarray(j * 784, (j + 1) * 784), i * 784);
    labels[i] = mnist.labels[j];
  }
  return { images, labels, count, rows: 28, cols: 28, numClasses: 10 };
}

/** How many of `examples` the model reads right. */
async function countRight(model: tfl.LayersModel, examples: UserExamples): Promise<number> {
  if (examples.count === 0) return 0;
  const probabilities = await predictProbabilities(model, toDataset(examples));
  let right = 0;
  for (let i = 0; i < examples.count; i++) {
    const row = probabilities.subarray(i * 10, i * 10 + 10);
    if (row.indexOf(Math.max(...row)) === examples.labels[i]) right++;
  }
  return right;
}

/**
 * "Teach it your handwriting": fine-tunes a copy of the current model on the user's drawings (the dense top trains,
 * the convolutional base — and its BatchNorm statistics — stays frozen; light augmentation), measures the held-out
 * drawings before and after and the MNIST test set after, and adopts the copy.
 */
async function teachHandwriting(train: UserExamples, heldOut: UserExamples, seed: number): Promise<void> {
  if (!data) throw new Error('MNIST is not loaded yet');
  if (!current) throw new Error('train or load a model first');
  if (controller) throw new Error('a training run is going');
  const startedAt = performance.now();
  const before = current;
  const heldOutRightBefore = await countRight(before.model, heldOut);
  post({ type: 'phase', text: `Fine-tuning on ${train.count} of your drawings…` });
  const copy = await cloneModel(before.model);
  seedMathRandom(seed);
  await fineTune(copy, withRehearsal(train, data.train, seed), {
    trainable: 'top',
    learningRate: 1e-3,
    epochs: 6,
    batchSize: 32,
    seed,
    augment: { rotationDegrees: 8, shift: 1.5, zoom: 0.08 },
  });
  const heldOutRightAfter = await countRight(copy, heldOut);
  post({ type: 'phase', text: 'Measuring the fine-tuned model on the 10,000 MNIST test images…' });
  const evaluation = await evaluateModel(copy, data.test);
  const summary: ModelSummary = {
    ...before.summary,
    testAccuracy: evaluation.accuracy,
    fineTunedOn: (before.summary.fineTunedOn ?? 0) + train.count,
    trainedAt: new Date().toISOString(),
  };
  before.model.dispose();
  current = { model: copy, summary };
  await saveModel(copy, summary);
  post({
    type: 'fineTuned',
    model: summary,
    result: {
      trainCount: train.count,
      heldOutCount: heldOut.count,
      heldOutRightBefore,
      heldOutRightAfter,
      testAccuracyBefore: before.summary.testAccuracy,
      testAccuracyAfter: evaluation.accuracy,
      seconds: (performance.now() - startedAt) / 1000,
    },
  });
}

/** A copy of a model with its own weights (through tfjs's in-memory save/load). */
async function cloneModel(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return tfl.loadLayersModel(tf.io.fromMemory(saved!));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
