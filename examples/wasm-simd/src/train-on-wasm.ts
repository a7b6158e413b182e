import { createModel, predictProbabilities, trainClassifier, type ModelName } from '@digitkit/cnn-models';
import { subsetDataset, type DigitDataset } from '@digitkit/mnist-data';
import { enableWasmTraining } from '@digitkit/wasm-training';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';

/** What {@link trainOnWasm} measured. */
export interface WasmRunSummary {
  backend: string;
  simd: boolean;
  threads: boolean;
  registeredKernels: string[];
  trainImagesPerSecond: number;
  inferenceImagesPerSecond: number;
  testAccuracy: number;
}

/**
 * Switches tfjs to the WebAssembly backend, makes it able to train (`enableWasmTraining`), trains `model` on the
 * first `trainCount` training images for `epochs`, then measures inference on the first `testCount` test images.
 */
export async function trainOnWasm(
  data: { train: DigitDataset; test: DigitDataset },
  options: { model?: ModelName; trainCount: number; testCount: number; epochs?: number; log?: (line: string) => void },
): Promise<WasmRunSummary> {
  const log = options.log ?? (() => {});
  await tf.setBackend('wasm');
  await tf.ready();
  const info = enableWasmTraining();
  const range = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
  const train = subsetDataset(data.train, range(Math.min(options.trainCount, data.train.count)));
  const test = subsetDataset(data.test, range(Math.min(options.testCount, data.test.count)));
  const model = createModel(options.model ?? 'paper-bn-cnn', { seed: 1 });
  try {
    const history = await trainClassifier(model, train, {
      epochs: options.epochs ?? 1,
      batchSize: 64,
      seed: 1,
      onEpochEnd: (epoch) =>
        log(`epoch ${epoch.epoch}: loss ${epoch.loss.toFixed(4)}, accuracy ${(100 * epoch.accuracy).toFixed(2)}%, ${Math.round(epoch.imagesPerSecond)} images/s`),
    });
    const trainImagesPerSecond = history.epochs.reduce((s, e) => s + e.imagesPerSecond, 0) / history.epochs.length;
    const started = performance.now();
    const probabilities = await predictProbabilities(model, test, { batchSize: 256 });
    const inferenceImagesPerSecond = test.count / ((performance.now() - started) / 1000);
    let right = 0;
    for (let i = 0; i < test.count; i++) {
      let best = 0;
      for (let c = 1; c < 10; c++) if (probabilities[i * 10 + c] > probabilities[i * 10 + best]) best = c;
      if (best === test.labels[i]) right++;
    }
    return {
      backend: tf.getBackend(),
      simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
      threads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'),
      registeredKernels: [...info.added, ...info.replaced],
      trainImagesPerSecond,
      inferenceImagesPerSecond,
      testAccuracy: right / test.count,
    };
  } finally {
    model.dispose();
  }
}
