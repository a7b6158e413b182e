import { DigitKitError, argmaxRows, checkInteger, checkOptions, describeValue, type DigitDataset } from '@digitkit/core';
import { predictProbabilities } from '@digitkit/cnn-models';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { NormalizedDigit } from './normalize-digit.js';
import type { ShippedModelInfo } from './shipped-model-info.js';
import { topDigits, type DigitProbability } from './top-digits.js';

/** What {@link DigitRecognizer.recognize} returns for one image. */
export interface DigitRecognition {
  /** The most probable digit, 0–9. */
  digit: number;
  /** Probability of each digit 0–9 (`Float32Array(10)`, sums to 1). */
  probabilities: Float32Array;
  /** The `topK` most probable digits, most probable first. */
  top: DigitProbability[];
  /** The normalized 28×28 image the model read (784 bytes, white ink on black): show it as a preview. */
  pixels: Uint8Array;
  /** Whether the input was dark ink on light paper (and was inverted before recognition). */
  inverted: boolean;
}

/** Options of {@link DigitRecognizer.recognize} and {@link DigitRecognizer.recognizeBatch}. */
export interface RecognizeOptions {
  /** How many digits `top` lists, 1–10. Default `3`. */
  topK?: number;
}

/** Options of {@link DigitRecognizer.recognizeMnist}. */
export interface RecognizeMnistOptions {
  /** Images per forward pass (bounds memory). Default `256`. */
  batchSize?: number;
}

/** What {@link DigitRecognizer.recognizeMnist} returns. */
export interface MnistRecognition {
  /** Number of images. */
  count: number;
  /** The most probable digit of each image (`Uint8Array(count)`). */
  digits: Uint8Array;
  /** `count × 10` probabilities, row-major (row `i` = image `i`). */
  probabilities: Float32Array;
}

/**
 * A loaded recognizer. Every method works on the active tfjs backend, leaks no tensors and may run concurrently.
 * `Input` is what `recognize` accepts: {@link DigitInput} from `@digitkit/recognizer`, plus PNG bytes and file
 * paths from `@digitkit/recognizer/node`.
 */
export interface DigitRecognizer<Input> {
  /** Which shipped model this is, with its recipe and measured figures. */
  readonly info: ShippedModelInfo;
  /**
   * Recognizes one digit image of any size and either polarity, after MNIST-style normalization (crop to the ink,
   * fit 20×20, centre by mass in 28×28).
   *
   * @throws TypeError/RangeError for an input of the wrong kind or size; ImageFormatError for a blank image (and,
   *   from `./node`, a file that is not a PNG); DigitKitError after `dispose()`.
   */
  recognize(input: Input, options?: RecognizeOptions): Promise<DigitRecognition>;
  /** {@link recognize} for many images, one forward pass per 256; the results are in input order. */
  recognizeBatch(inputs: readonly Input[], options?: RecognizeOptions): Promise<DigitRecognition[]>;
  /**
   * Recognizes digits that are already MNIST-normalized 28×28 images (no normalization step): a `DigitDataset`
   * (bytes, scaled to [0, 1]) or a `[N, 28, 28, 1]` float32 tensor in [0, 1] (not disposed).
   */
  recognizeMnist(images: DigitDataset | tf.Tensor, options?: RecognizeMnistOptions): Promise<MnistRecognition>;
  /** Frees the model's weights; every later call throws a DigitKitError. */
  dispose(): void;
}

/** Reads and normalizes one input (the part that differs between `.` and `./node`). */
export type ReadDigit = (functionName: string, name: string, input: unknown) => NormalizedDigit | Promise<NormalizedDigit>;

const BATCH = 256;
const SIDE = 28;

function resolveTopK(functionName: string, options: RecognizeOptions | undefined): number {
  const { topK } = checkOptions(functionName, options, ['topK']);
  return checkInteger(functionName, 'options.topK', topK ?? 3, { min: 1, max: 10 });
}

/** Probabilities `[N × 10]` for normalized digits, `BATCH` per forward pass. */
async function classify(model: tfl.LayersModel, digits: readonly NormalizedDigit[]): Promise<Float32Array> {
  const out = new Float32Array(digits.length * 10);
  for (let start = 0; start < digits.length; start += BATCH) {
    const chunk = digits.slice(start, start + BATCH);
    const values = new Float32Array(chunk.length * SIDE * SIDE);
    chunk.forEach((digit, i) => {
      for (let p = 0; p < SIDE * SIDE; p++) values[i * SIDE * SIDE + p] = digit.pixels[p] / 255;
    });
    const probabilities = tf.tidy(() => model.predict(tf.tensor4d(values, [chunk.length, SIDE, SIDE, 1])) as tf.Tensor);
    try {
      out.set(await probabilities.data(), start * 10);
    } finally {
      probabilities.dispose();
    }
  }
  return out;
}

/**
 * Wraps a loaded model as a {@link DigitRecognizer} (internal: `loadDigitRecognizer` of `.` and `./node` call it
 * with their input readers).
 */
export function createDigitRecognizer<Input>(model: tfl.LayersModel, info: ShippedModelInfo, readDigit: ReadDigit): DigitRecognizer<Input> {
  let disposed = false;
  const checkAlive = (functionName: string): void => {
    if (disposed) {
      throw new DigitKitError(`${functionName}: expected a recognizer that is not disposed, got one after dispose(); load another with loadDigitRecognizer()`);
    }
  };
  const toRecognition = (digit: NormalizedDigit, probabilities: Float32Array, topK: number): DigitRecognition => {
    const top = topDigits(probabilities, topK);
    return { digit: top[0].digit, probabilities, top, pixels: digit.pixels, inverted: digit.inverted };
  };
  return {
    info,
    async recognize(input, options) {
      const fn = 'recognize';
      checkAlive(fn);
      const topK = resolveTopK(fn, options);
      const digit = await readDigit(fn, 'input', input);
      checkAlive(fn);
      const probabilities = await classify(model, [digit]);
      return toRecognition(digit, probabilities, topK);
    },
    async recognizeBatch(inputs, options) {
      const fn = 'recognizeBatch';
      checkAlive(fn);
      if (!Array.isArray(inputs)) throw new TypeError(`${fn}: expected inputs to be an array of images, got ${describeValue(inputs)}`);
      const topK = resolveTopK(fn, options);
      const digits: NormalizedDigit[] = [];
      for (let i = 0; i < inputs.length; i++) digits.push(await readDigit(fn, `inputs[${i}]`, inputs[i]));
      checkAlive(fn);
      const probabilities = await classify(model, digits);
      return digits.map((digit, i) => toRecognition(digit, probabilities.slice(i * 10, (i + 1) * 10), topK));
    },
    async recognizeMnist(images, options) {
      const fn = 'recognizeMnist';
      checkAlive(fn);
      const { batchSize } = checkOptions(fn, options, ['batchSize']);
      if (!(images instanceof tf.Tensor) && (typeof images !== 'object' || images === null || !('images' in images))) {
        throw new TypeError(`${fn}: expected images to be a DigitDataset or a [N, 28, 28, 1] tensor, got ${describeValue(images)}`);
      }
      const probabilities = await predictProbabilities(model, images, {
        batchSize: checkInteger(fn, 'options.batchSize', batchSize ?? BATCH, { min: 1 }),
      });
      const digits = Uint8Array.from(argmaxRows(probabilities, 10));
      return { count: digits.length, digits, probabilities };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      model.dispose();
    },
  };
}
