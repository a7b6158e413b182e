import * as shipped from '../weights/shipped-models.cjs';

/** The model choices of `loadDigitRecognizer`. */
export type DigitRecognizerModel = 'single' | 'ensemble';

/** One model's part of a {@link ShippedModelInfo}: what it is, its recipe and its validation figures. */
export interface ShippedMemberInfo {
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
  /** Accuracy of the shipped weights on the run's validation images (the model-selection data), 0–1. */
  validationAccuracy: number | null;
  /** The command that trained the run (the recipe). */
  command: string;
  /** Seed of the run. */
  seed: number;
  /** Wall-clock training time of the run, seconds. */
  trainingSeconds: number | null;
  /**
   * The validation split the figures are on (`splitTrainValidation`, stratified): its seed and fraction. Absent in
   * files written before it was recorded (those used the run's seed and 0.1).
   */
  validationSplit?: { seed: number; fraction: number };
}

/**
 * What a shipped model is and how well it does (written by `scripts/import-run.ts` or `scripts/import-ensemble.ts`,
 * measured on the shipped file). For `'ensemble'` the top-level figures are the ensemble's: `parameters` and
 * `weightBytes` summed over the members, `architecture`/`quantization` the members' (joined with `' + '` where they
 * differ), `weightsSha256` the SHA-256 of the members' weights.bin bytes concatenated in order, `command` the
 * members' recipes joined with `'; '`, `seed` the first member's, `trainingSeconds` the members' sum (null if one
 * is unknown); each member's own are in `members`.
 */
export interface ShippedModelInfo extends ShippedMemberInfo {
  /** The model choice. */
  name: DigitRecognizerModel;
  /** Accuracy of the shipped (quantized) weights on the 10,000 MNIST test images, 0–1. */
  testAccuracy: number;
  /** `'ensemble'`: the members, in order (each measured on the same validation split). Absent for `'single'`. */
  members?: readonly (ShippedMemberInfo & {
    /** The member's float32 weights on the validation split, 0–1 (before quantization). */
    float32ValidationAccuracy: number;
    /** The member's shipped weights on the 10,000 test images, 0–1 (reported, not used for any choice). */
    testAccuracy: number;
  })[];
  /** `'ensemble'`: how the members' outputs are combined — `'mean of the members' softmax probabilities'`. */
  combination?: string;
}

/**
 * The models this version ships: `['single']`, and `'ensemble'` once `pnpm import-ensemble` has written its weights
 * (`weights/shipped-models.cjs` says which).
 */
export const SHIPPED_MODELS: readonly DigitRecognizerModel[] = Object.freeze([...shipped.SHIPPED_MODELS]);
