import {
  checkDataset, checkFiniteNumber, checkFunction, checkInteger, checkOptions, checkSeed, describeValue, type DigitDataset,
} from '@digitkit/core';
import type { AugmentOptions, CorruptionName } from '@digitkit/preprocess-augment';
import type { SemiSupervisedCheckpointStore } from './semi-supervised-checkpoint.js';
import type { SemiSupervisedEvaluation } from './semi-supervised-history.js';
import { checkCorruptionSettings } from './corrupt-randomly.js';

/** Options of {@link trainSemiSupervised}. */
export interface TrainSemiSupervisedOptions {
  /** Labelled validation part: the only data model selection (the best checkpoint) looks at. Required. */
  validationData: DigitDataset;
  /** Optimizer steps (one labelled batch, and `unlabelledRatio` times as many unlabelled images, each). Default `2000`. */
  steps?: number;
  /** Labelled images per step (drawn with replacement, seeded). Default `32`. */
  batchSize?: number;
  /** μ: unlabelled images per step per labelled one. Default `3` (FixMatch uses 7). */
  unlabelledRatio?: number;
  /** τ: a pseudo-label is kept when the weak view's top probability is at least this. Default `0.95`. */
  threshold?: number;
  /** λ_u: weight of the unlabelled loss. Default `1`. */
  unlabelledWeight?: number;
  /** Steps on the labelled loss alone before the unlabelled term starts. Default `0`. */
  warmupSteps?: number;
  /** Adam's learning rate at step 0; it decays as FixMatch's `cos(7πk / 16K)`. Default `1e-3`. */
  learningRate?: number;
  /** Weak augmentation (labelled batches and the pseudo-labelling view). Default `{ rotationDegrees: 10, shift: 2, zoom: 0.1 }`. */
  weakAugment?: Omit<AugmentOptions, 'seed'>;
  /** Geometric part of the strong augmentation. Default `{ rotationDegrees: 15, shift: 3, zoom: 0.15, shear: 10 }`. */
  strongAugment?: Omit<AugmentOptions, 'seed'>;
  /**
   * Corruptions of the strong view (one per image, before the geometry), from `@digitkit/preprocess-augment`'s
   * set. Default: gaussian/impulse noise, gaussian/motion blur, contrast, stripe, block occlusion, erode, dilate.
   * `[]` = geometry only.
   */
  strongCorruptions?: readonly CorruptionName[];
  /** Severity range of those corruptions. Default `[1, 2]`. */
  strongSeverity?: readonly [number, number];
  /**
   * Decay of an exponential moving average of the weights (with TF's warm-up `min(d, (1 + k) / (10 + k))`),
   * which is what is evaluated, selected and returned. `0` = off (the raw weights). Default `0.99`.
   */
  emaDecay?: number;
  /** Steps between validation evaluations (and checkpoints); the last step is always evaluated. Default `100`. */
  evaluateEvery?: number;
  /**
   * Self-training rounds on top of FixMatch (a growing pseudo-labelled set): at steps `r · steps / (R + 1)`,
   * r = 1…R, the evaluated weights label every unlabelled image (clean, inference mode) and the most confident
   * `r / R · selfTrainingFraction · count / numClasses` images of every predicted class join the labelled loss
   * (each step then adds `batchSize` of them, weakly augmented, to the labelled batch). `0` = plain FixMatch.
   * Ignored without unlabelled images. Default `0`.
   */
  selfTrainingRounds?: number;
  /** Share of the unlabelled images (per predicted class) pseudo-labelled at the last round, in (0, 1]. Default `0.5`. */
  selfTrainingFraction?: number;
  /** Seed of the batches, augmentations and corruptions. Default `0`. */
  seed?: number;
  /** Checkpoint store; the run continues from its checkpoint unless `resume` is false. */
  checkpoint?: SemiSupervisedCheckpointStore;
  /** Continue from `checkpoint` when it holds one. Default `true`. */
  resume?: boolean;
  /** Looked at before every step; an abort rejects with core's `AbortedError`. */
  signal?: AbortSignal;
  /** Awaited after every evaluation. */
  onEvaluation?: (log: SemiSupervisedEvaluation) => void | Promise<void>;
}

/** Settings after defaults and checks. */
export interface SemiSupervisedSettings {
  validationData: DigitDataset;
  steps: number;
  batchSize: number;
  unlabelledRatio: number;
  threshold: number;
  unlabelledWeight: number;
  warmupSteps: number;
  learningRate: number;
  weakAugment: Omit<AugmentOptions, 'seed'>;
  strongAugment: Omit<AugmentOptions, 'seed'>;
  strongCorruptions: CorruptionName[];
  strongSeverity: [number, number];
  emaDecay: number;
  evaluateEvery: number;
  selfTrainingRounds: number;
  selfTrainingFraction: number;
  seed: number;
  checkpoint: SemiSupervisedCheckpointStore | undefined;
  resume: boolean;
  signal: AbortSignal | undefined;
  onEvaluation: ((log: SemiSupervisedEvaluation) => void | Promise<void>) | undefined;
}

const KNOWN_OPTIONS = [
  'validationData', 'steps', 'batchSize', 'unlabelledRatio', 'threshold', 'unlabelledWeight', 'warmupSteps', 'learningRate',
  'weakAugment', 'strongAugment', 'strongCorruptions', 'strongSeverity', 'emaDecay', 'evaluateEvery', 'selfTrainingRounds', 'selfTrainingFraction', 'seed', 'checkpoint',
  'resume', 'signal', 'onEvaluation',
] as const;

/** The default weak augmentation: small rotations, shifts and zooms. */
export const DEFAULT_WEAK_AUGMENT: Omit<AugmentOptions, 'seed'> = Object.freeze({ rotationDegrees: 10, shift: 2, zoom: 0.1 });
/** The default geometric part of the strong augmentation. */
export const DEFAULT_STRONG_AUGMENT: Omit<AugmentOptions, 'seed'> = Object.freeze({ rotationDegrees: 15, shift: 3, zoom: 0.15, shear: 10 });
/** The default corruptions of the strong view. */
export const DEFAULT_STRONG_CORRUPTIONS: readonly CorruptionName[] = Object.freeze([
  'gaussian-noise', 'impulse-noise', 'gaussian-blur', 'motion-blur', 'contrast', 'stripe', 'block-occlusion', 'erode', 'dilate',
] as CorruptionName[]);

/** Checks every option and applies the defaults (before any work). */
export function resolveSemiSupervisedSettings(functionName: string, options: TrainSemiSupervisedOptions): SemiSupervisedSettings {
  if (options === undefined || options === null || typeof options !== 'object') {
    throw new TypeError(`${functionName}: expected options { validationData, … }, got ${describeValue(options)}`);
  }
  checkOptions(functionName, options, KNOWN_OPTIONS);
  if (options.validationData === undefined) {
    throw new TypeError(`${functionName}: expected options.validationData (a labelled DigitDataset for model selection), got undefined`);
  }
  checkDataset(functionName, options.validationData, { name: 'options.validationData' });
  const corruption = checkCorruptionSettings(
    functionName,
    options.strongCorruptions ?? DEFAULT_STRONG_CORRUPTIONS,
    options.strongSeverity ?? [1, 2],
  );
  const augment = (name: string, value: unknown, fallback: Omit<AugmentOptions, 'seed'>): Omit<AugmentOptions, 'seed'> => {
    if (value === undefined) return { ...fallback };
    if (typeof value !== 'object' || value === null) throw new TypeError(`${functionName}: expected options.${name} to be augmentBatch options, got ${describeValue(value)}`);
    if ('seed' in value) throw new TypeError(`${functionName}: options.${name}.seed is not allowed (seeds derive from options.seed)`);
    return { ...(value as Omit<AugmentOptions, 'seed'>) };
  };
  if (options.checkpoint !== undefined) {
    const store = options.checkpoint as Partial<SemiSupervisedCheckpointStore>;
    checkFunction(functionName, 'options.checkpoint.load', store?.load);
    checkFunction(functionName, 'options.checkpoint.save', store?.save);
  }
  if (options.onEvaluation !== undefined) checkFunction(functionName, 'options.onEvaluation', options.onEvaluation);
  if (options.signal !== undefined && !(typeof options.signal === 'object' && options.signal !== null && 'aborted' in options.signal)) {
    throw new TypeError(`${functionName}: expected options.signal to be an AbortSignal, got ${describeValue(options.signal)}`);
  }
  if (options.resume !== undefined && typeof options.resume !== 'boolean') {
    throw new TypeError(`${functionName}: expected options.resume to be a boolean, got ${describeValue(options.resume)}`);
  }
  return {
    validationData: options.validationData,
    steps: checkInteger(functionName, 'options.steps', options.steps ?? 2000, { min: 1 }),
    batchSize: checkInteger(functionName, 'options.batchSize', options.batchSize ?? 32, { min: 1 }),
    unlabelledRatio: checkInteger(functionName, 'options.unlabelledRatio', options.unlabelledRatio ?? 3, { min: 1 }),
    threshold: checkFiniteNumber(functionName, 'options.threshold', options.threshold ?? 0.95, { min: 0, max: 1 }),
    unlabelledWeight: checkFiniteNumber(functionName, 'options.unlabelledWeight', options.unlabelledWeight ?? 1, { min: 0 }),
    warmupSteps: checkInteger(functionName, 'options.warmupSteps', options.warmupSteps ?? 0, { min: 0 }),
    learningRate: checkFiniteNumber(functionName, 'options.learningRate', options.learningRate ?? 1e-3, { greaterThan: 0 }),
    weakAugment: augment('weakAugment', options.weakAugment, DEFAULT_WEAK_AUGMENT),
    strongAugment: augment('strongAugment', options.strongAugment, DEFAULT_STRONG_AUGMENT),
    strongCorruptions: corruption.corruptions,
    strongSeverity: corruption.severity,
    emaDecay: checkFiniteNumber(functionName, 'options.emaDecay', options.emaDecay ?? 0.99, { min: 0, lessThan: 1 }),
    evaluateEvery: checkInteger(functionName, 'options.evaluateEvery', options.evaluateEvery ?? 100, { min: 1 }),
    selfTrainingRounds: checkInteger(functionName, 'options.selfTrainingRounds', options.selfTrainingRounds ?? 0, { min: 0 }),
    selfTrainingFraction: checkFiniteNumber(functionName, 'options.selfTrainingFraction', options.selfTrainingFraction ?? 0.5, { greaterThan: 0, max: 1 }),
    seed: checkSeed(functionName, 'options.seed', options.seed ?? 0),
    checkpoint: options.checkpoint,
    resume: options.resume ?? true,
    signal: options.signal,
    onEvaluation: options.onEvaluation,
  };
}
