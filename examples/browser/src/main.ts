/**
 * digitkit browser example: loads MNIST from this page's origin, trains a CNN live on the tfjs WASM SIMD backend
 * (with @digitkit/wasm-training's gradient kernels) and classifies what you draw, MNIST-style.
 */
import { createModel, predictProbabilities, trainClassifier, type ModelName } from '@digitkit/cnn-models';
import { loadMnistFromUrls, splitTrainValidation, subsetDataset, type DigitDataset } from '@digitkit/mnist-data';
import { rgbaToGray, toMnistDigit } from '@digitkit/preprocess-augment';
import { enableWasmTraining } from '@digitkit/wasm-training';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { createDrawingPad } from './drawing-pad';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $('status');
const progress = $<HTMLProgressElement>('progress');
const trainButton = $<HTMLButtonElement>('train');
const stopButton = $<HTMLButtonElement>('stop');
const predictions = $('predictions');
const preview = $<HTMLCanvasElement>('preview');

/** State the page exposes (read by the end-to-end test and handy in the console). */
interface AppState {
  phase: 'loading' | 'ready' | 'training' | 'trained' | 'error';
  testAccuracy?: number;
  imagesPerSecond?: number;
  lastPrediction?: { label: number; probability: number }[];
  error?: string;
}
const state: AppState = { phase: 'loading' };
(window as unknown as { digitkit: unknown }).digitkit = { state, predictPixels, predictDrawing: () => predictDrawing() };

let data: { train: DigitDataset; test: DigitDataset } | undefined;
let model: tfl.LayersModel | undefined;
let controller: AbortController | undefined;

function setStatus(text: string): void {
  status.textContent = text;
}

async function start(): Promise<void> {
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
  });
  await tf.setBackend('wasm');
  await tf.ready();
  const info = enableWasmTraining();
  const base = new URL('mnist/', document.baseURI);
  data = await loadMnistFromUrls({
    trainImages: new URL('train-images-idx3-ubyte.gz', base),
    trainLabels: new URL('train-labels-idx1-ubyte.gz', base),
    testImages: new URL('t10k-images-idx3-ubyte.gz', base),
    testLabels: new URL('t10k-labels-idx1-ubyte.gz', base),
  });
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
  setStatus(
    `MNIST loaded: ${data.train.count} train / ${data.test.count} test images.\n` +
      `Backend: ${tf.getBackend()}${simd ? ' (SIMD)' : ''}; kernels added or replaced for training: ${info.added.length + info.replaced.length}.`,
  );
  state.phase = 'ready';
  trainButton.disabled = false;
}

async function train(): Promise<void> {
  if (!data) return;
  const name = $<HTMLSelectElement>('model').value as ModelName;
  const trainSize = clampInt($<HTMLInputElement>('train-size').value, 500, data.train.count);
  const epochs = clampInt($<HTMLInputElement>('epochs').value, 1, 20);
  const indices = Int32Array.from({ length: trainSize }, (_, i) => i);
  const { train: trainSet, validation } = splitTrainValidation(subsetDataset(data.train, indices), {
    validationFraction: 0.1,
    seed: 1,
  });
  model?.dispose();
  model = createModel(name, { seed: 1 });
  state.phase = 'training';
  trainButton.disabled = true;
  stopButton.disabled = false;
  controller = new AbortController();
  const started = performance.now();
  let seen = 0;
  try {
    const history = await trainClassifier(model, trainSet, {
      validationData: validation,
      epochs,
      batchSize: 64,
      seed: 1,
      signal: controller.signal,
      onBatchEnd: async (log) => {
        seen += log.size;
        const seconds = (performance.now() - started) / 1000;
        state.imagesPerSecond = seen / seconds;
        progress.value = (log.epoch - 1 + (log.batch + 1) / log.batches) / epochs;
        setStatus(
          `epoch ${log.epoch}/${epochs} batch ${log.batch + 1}/${log.batches}  loss ${log.loss.toFixed(3)}  ` +
            `acc ${(100 * log.accuracy).toFixed(1)}%  ${Math.round(state.imagesPerSecond)} img/s`,
        );
        // Let the page paint between batches.
        if (log.batch % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
      },
    });
    const probabilities = await predictProbabilities(model, data.test);
    let right = 0;
    for (let i = 0; i < data.test.count; i++) {
      const row = probabilities.subarray(i * 10, i * 10 + 10);
      if (row.indexOf(Math.max(...row)) === data.test.labels[i]) right++;
    }
    state.testAccuracy = right / data.test.count;
    const last = history.epochs[history.epochs.length - 1];
    setStatus(
      `Trained ${name} on ${trainSet.count} images, ${history.epochs.length} epoch(s), ` +
        `${Math.round(state.imagesPerSecond ?? 0)} img/s.\nValidation accuracy ${pct(last?.valAccuracy)}; ` +
        `test accuracy ${pct(state.testAccuracy)} on ${data.test.count} images. Draw a digit!`,
    );
    state.phase = 'trained';
    progress.value = 1;
    await predictDrawing();
  } catch (error) {
    state.phase = 'error';
    state.error = error instanceof Error ? error.message : String(error);
    setStatus(`Training stopped: ${state.error}`);
  } finally {
    trainButton.disabled = false;
    stopButton.disabled = true;
  }
}

/** Top-3 classes for a 28×28 MNIST-style image (bytes 0..255, white ink on black). */
async function predictPixels(pixels: Uint8Array): Promise<{ label: number; probability: number }[]> {
  if (!model) throw new Error('predictPixels: train a model first');
  const dataset: DigitDataset = { images: pixels, labels: new Uint8Array(1), count: 1, rows: 28, cols: 28, numClasses: 10 };
  const probabilities = await predictProbabilities(model, dataset);
  return Array.from(probabilities, (probability, label) => ({ label, probability }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, 3);
}

async function predictDrawing(): Promise<void> {
  const image = pad.read();
  let digit;
  try {
    digit = toMnistDigit(rgbaToGray(image.data, image.width, image.height));
  } catch {
    predictions.replaceChildren();
    return; // nothing drawn yet
  }
  const previewImage = preview.getContext('2d')!.createImageData(28, 28);
  digit.pixels.forEach((v, i) => previewImage.data.set([v, v, v, 255], i * 4));
  preview.getContext('2d')!.putImageData(previewImage, 0, 0);
  if (!model) return;
  const top = await predictPixels(digit.pixels);
  state.lastPrediction = top;
  predictions.replaceChildren(
    ...top.map(({ label, probability }) => {
      const item = document.createElement('li');
      item.textContent = `${label} — ${(100 * probability).toFixed(1)}%`;
      return item;
    }),
  );
}

function clampInt(value: string, min: number, max: number): number {
  const n = Math.round(Number(value));
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : min;
}

function pct(value: number | undefined): string {
  return value === undefined ? 'n/a' : `${(100 * value).toFixed(2)}%`;
}

const pad = createDrawingPad($<HTMLCanvasElement>('pad'), { onStroke: () => void predictDrawing() });
$('clear').addEventListener('click', () => {
  pad.clear();
  predictions.replaceChildren();
});
trainButton.addEventListener('click', () => void train());
stopButton.addEventListener('click', () => controller?.abort());
start().catch((error: unknown) => {
  state.phase = 'error';
  state.error = error instanceof Error ? error.message : String(error);
  setStatus(`Could not start: ${state.error}`);
});
