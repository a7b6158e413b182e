/** The model choices of `loadDigitRecognizer`. */
export type DigitRecognizerModel = 'single' | 'ensemble';

/** What a shipped model is and how well it does (written by `scripts/import-run.ts`, measured on the shipped file). */
export interface ShippedModelInfo {
  /** The model choice. */
  name: DigitRecognizerModel;
  /** The `@digitkit/cnn-models` registry architecture, e.g. `'strong-cnn'`. */
  architecture: string;
  /** Number of weights. */
  parameters: number;
  /** How the shipped weights are stored: `'uint8'` kernels with `'float16'` BatchNorm/bias vectors, etc. */
  quantization: string;
  /** Bytes of the shipped `weights.bin`. */
  weightBytes: number;
  /** SHA-256 of the shipped `weights.bin` (hex). */
  weightsSha256: string;
  /** Accuracy of the shipped (quantized) weights on the 10,000 MNIST test images, 0–1. */
  testAccuracy: number;
  /** Accuracy of the shipped weights on the run's validation images (the model-selection data), 0–1. */
  validationAccuracy: number | null;
  /** The command that trained the run (the recipe). */
  command: string;
  /** Seed of the run. */
  seed: number;
  /** Wall-clock training time of the run, seconds. */
  trainingSeconds: number | null;
}

/** The models this version ships. */
export const SHIPPED_MODELS: readonly DigitRecognizerModel[] = Object.freeze(['single']);
