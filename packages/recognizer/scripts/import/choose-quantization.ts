import { argmaxRows, type DigitDataset } from '@digitkit/core';
import { predictProbabilities } from '@digitkit/cnn-models';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { quantizeModel, type ModelFiles, type Quantization } from '../quantize-model.js';

/** Share of rows whose argmax is the label. */
export function accuracyOf(probabilities: Float32Array, labels: Uint8Array): number {
  const predicted = argmaxRows(probabilities, 10);
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct / labels.length;
}

/** A model built from in-memory tfjs files (as the package loads them). */
export async function modelFromFiles(files: Pick<ModelFiles, 'modelJson' | 'weights'>): Promise<tfl.LayersModel> {
  return tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: files.modelJson.modelTopology,
      weightSpecs: files.modelJson.weightsManifest.flatMap((group) => group.weights),
      weightData: files.weights.slice().buffer,
    }),
  );
}

/** The quantization chosen for one model, with its figures on validation. */
export interface ChosenQuantization {
  quantization: Quantization;
  files: ModelFiles;
  validationAccuracy: number;
  float32ValidationAccuracy: number;
  /** The chosen weights' probabilities on the validation images (`count × 10`). */
  validationProbabilities: Float32Array;
}

/** How the info names a quantization. */
export function describeQuantization(quantization: Quantization): string {
  return quantization === 'mixed' ? 'uint8 kernels, float16 biases and BatchNorm' : quantization;
}

/**
 * Measures float32, `'uint8'` and `'mixed'` weights of `model` on the VALIDATION images and keeps the smallest within
 * 0.05 points of float32 (`'float16'` when neither is). With `forced`, that quantization is kept whatever it measures
 * (both figures still measured and returned). Never reads the test set.
 */
export async function chooseQuantization(
  model: tfl.LayersModel,
  validation: DigitDataset,
  log: (line: string) => void,
  forced?: Exclude<Quantization, 'float32'>,
): Promise<ChosenQuantization> {
  const float32ValidationAccuracy = accuracyOf(await predictProbabilities(model, validation), validation.labels);
  log(`float32 validation accuracy ${(100 * float32ValidationAccuracy).toFixed(2)}%`);
  const measure = async (quantization: Quantization): Promise<Omit<ChosenQuantization, 'float32ValidationAccuracy'>> => {
    const files = await quantizeModel(model, quantization);
    const candidate = await modelFromFiles(files);
    try {
      const validationProbabilities = await predictProbabilities(candidate, validation);
      return { quantization, files, validationAccuracy: accuracyOf(validationProbabilities, validation.labels), validationProbabilities };
    } finally {
      candidate.dispose();
    }
  };
  if (forced !== undefined) {
    const measured = await measure(forced);
    log(`${forced} validation accuracy ${(100 * measured.validationAccuracy).toFixed(2)}%, weights ${measured.files.weights.byteLength} bytes`);
    log(`forced by --quantization: ${forced}`);
    return { ...measured, float32ValidationAccuracy };
  }
  for (const quantization of ['uint8', 'mixed'] as const) {
    const measured = await measure(quantization);
    log(`${quantization} validation accuracy ${(100 * measured.validationAccuracy).toFixed(2)}%, weights ${measured.files.weights.byteLength} bytes`);
    if (measured.validationAccuracy >= float32ValidationAccuracy - 0.0005) {
      log(`chosen on validation: ${quantization}`);
      return { ...measured, float32ValidationAccuracy };
    }
  }
  log('chosen on validation: float16');
  return { ...(await measure('float16')), float32ValidationAccuracy };
}
