import { Command, Option } from 'commander';
import { backendOption, threadsOption, type BackendName } from '../lib/backend.js';
import { parseFraction, parseNonNegativeInteger, parsePositiveInteger, parsePositiveIntegerList, parsePositiveNumber } from '../lib/parse-options.js';
import type { FewLabelsConfig } from '../lib/few-labels.js';
import type { ModelName } from '@digitkit/cnn-models';
import {
  DEFAULT_AUGMENT,
  batchNormMomentumFor,
  MODEL_NAMES,
  PRESET_CONFIGS,
  PRESETS,
  SCHEDULES,
  type LearningRateScheduleKind,
  type PresetName,
  type TrainingConfig,
} from '../lib/training-config.js';
import { UserError } from '../lib/user-error.js';
import type { TrainRequest } from './train.js';

/** Raw flag values of `train` (undefined = not given: the preset decides). */
export interface TrainFlags {
  preset?: PresetName;
  model?: ModelName;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  schedule?: LearningRateScheduleKind;
  learningRateDecay?: number;
  validationFraction?: number;
  patience?: number;
  augment?: boolean;
  oversample?: boolean;
  seed?: number;
  limit?: number;
  testLimit?: number;
  backend: BackendName;
  threads?: number;
  out?: string;
  resume?: string;
  labelsPerClass?: number[];
  unlabeled?: boolean;
  steps?: number;
  validationPerClass?: number;
  unlabeledRatio?: number;
  threshold?: number;
  warmupSteps?: number;
  selfTrainingRounds?: number;
  baseline?: boolean;
}

/** Adds the training flags to a command (used by `train` and by the default main job). */
export function addTrainOptions(command: Command): Command {
  return command
    .addOption(new Option('--preset <name>', 'recipe to start from (flags override it)').choices([...PRESETS]))
    .addOption(new Option('--model <name>', 'model from the @digitkit/cnn-models registry').choices([...MODEL_NAMES]))
    .option('--epochs <n>', 'total epochs (early stopping may end sooner)', parsePositiveInteger)
    .option('--batch-size <n>', 'examples per training step', parsePositiveInteger)
    .option('--learning-rate <x>', 'Adam learning rate (initial, or the peak of one-cycle)', parsePositiveNumber)
    .addOption(new Option('--schedule <name>', 'learning-rate schedule').choices([...SCHEDULES]))
    .option('--learning-rate-decay <x>', 'multiplier per epoch of the exponential schedule, in (0, 1]', parsePositiveNumber)
    .option('--validation-fraction <x>', 'held-out share of the training images for model selection', parseFraction)
    .option('--patience <n>', 'early stopping on validation loss after n epochs without improvement (0 = off)', parseNonNegativeInteger)
    .option('--augment', `augment training batches (${describeAugment()})`)
    .option('--no-augment', 'no augmentation (few labels: the supervised baseline trains on the labelled images as they are)')
    .option('--oversample', 'random over-sampling of the training part to the majority class count')
    .option('--no-oversample', 'no over-sampling')
    .option('--seed <n>', 'seed of the split, initialization, shuffles and augmentation', parseNonNegativeInteger)
    .option('--limit <n>', 'train on the first n training images only (quick runs)', parsePositiveInteger)
    .option('--test-limit <n>', 'evaluate on the first n test images only (quick runs)', parsePositiveInteger)
    .addOption(backendOption())
    .addOption(threadsOption())
    .option('--out <dir>', 'run folder (default: runs/<preset or model>-<date>-<time>)')
    .option('--resume <run>', "continue the run in <run> from its last finished epoch (its own settings; --epochs may extend it)")
    .option('--labels-per-class <list>', 'few labels: train on N labelled images per class (comma-separated N: one run each) instead of the whole training part', parsePositiveIntegerList)
    .option('--unlabeled', 'few labels: also train FixMatch on the rest of the training images without their labels (vs the supervised baseline)')
    .option('--steps <n>', `few labels: optimizer steps of every run (default ${FEW_LABELS_DEFAULTS.steps})`, parsePositiveInteger)
    .option('--validation-per-class <n>', `few labels: labelled validation images per class, for model selection only (default ${FEW_LABELS_DEFAULTS.validationPerClass})`, parsePositiveInteger)
    .option('--unlabeled-ratio <n>', `few labels: μ, unlabelled images per labelled one per step (default ${FEW_LABELS_DEFAULTS.unlabeledRatio})`, parsePositiveInteger)
    .option('--threshold <x>', `few labels: τ, pseudo-label confidence threshold in (0, 1] (default ${FEW_LABELS_DEFAULTS.threshold})`, parsePositiveNumber)
    .option('--warmup-steps <n>', `few labels: labelled-only steps before the unlabelled term (default ${FEW_LABELS_DEFAULTS.warmupSteps})`, parseNonNegativeInteger)
    .option('--no-baseline', 'few labels: with --unlabeled, skip the supervised baseline (e.g. run it in another process: the same command without --unlabeled)')
    .option('--self-training-rounds <n>', `few labels: rounds of a growing pseudo-labelled set on top of FixMatch, 0 = plain FixMatch (default ${FEW_LABELS_DEFAULTS.selfTrainingRounds})`, parseNonNegativeInteger);
}

/** Defaults of the few-labels runs (`--labels-per-class`); the measured recipe (examples/node README, "Few labels"). */
export const FEW_LABELS_DEFAULTS: Omit<FewLabelsConfig, 'labelsPerClass' | 'unlabeled' | 'baseline' | 'seed' | 'limit' | 'testLimit'> = {
  validationPerClass: 10,
  model: 'lenet5',
  steps: 2500,
  batchSize: 32,
  unlabeledRatio: 2,
  threshold: 0.95,
  unlabeledWeight: 1,
  warmupSteps: 0,
  learningRate: 2e-3,
  emaDecay: 0.99,
  evaluateEvery: 100,
  selfTrainingRounds: 3,
  selfTrainingFraction: 0.5,
};

const FEW_LABELS_FLAGS = [
  'labelsPerClass', 'unlabeled', 'steps', 'validationPerClass', 'unlabeledRatio', 'threshold', 'warmupSteps', 'selfTrainingRounds', 'baseline',
] as const;
/** Flags of a whole-training-set run that mean nothing for a few-labels run. */
const NOT_FEW_LABELS_FLAGS = [
  'preset', 'epochs', 'schedule', 'learningRateDecay', 'validationFraction', 'patience', 'oversample',
] as const;

/** The few-labels part of a request (`--labels-per-class` given), or undefined. */
function resolveFewLabels(flags: TrainFlags, given: (flag: string) => boolean): FewLabelsConfig | undefined {
  if (flags.labelsPerClass === undefined) {
    const stray = FEW_LABELS_FLAGS.filter((flag) => given(flag));
    if (stray.length > 0) {
      throw new UserError(`${stray.map((f) => `--${kebab(f)}`).join(', ')} ${stray.length === 1 ? 'needs' : 'need'} --labels-per-class`, { exitCode: 2 });
    }
    return undefined;
  }
  const conflicting = NOT_FEW_LABELS_FLAGS.filter((flag) => given(flag));
  if (conflicting.length > 0) {
    throw new UserError(`--labels-per-class runs its own recipe; drop ${conflicting.map((f) => `--${kebab(f)}`).join(', ')}`, { exitCode: 2 });
  }
  if (flags.baseline === false && !flags.unlabeled) {
    throw new UserError('--no-baseline needs --unlabeled (without it the baseline is the only run)', { exitCode: 2 });
  }
  if (flags.augment === false && flags.unlabeled && flags.baseline === false) {
    throw new UserError('--no-augment applies to the supervised baseline, which --no-baseline skips (FixMatch keeps its own views)', { exitCode: 2 });
  }
  if (flags.threshold !== undefined && flags.threshold > 1) {
    throw new UserError(`option '--threshold <x>': expected a number in (0, 1], got '${flags.threshold}'`, { exitCode: 2 });
  }
  const d = FEW_LABELS_DEFAULTS;
  return {
    ...d,
    labelsPerClass: [...new Set(flags.labelsPerClass)],
    unlabeled: Boolean(flags.unlabeled),
    baseline: flags.baseline !== false,
    baselineAugment: flags.augment !== false,
    model: flags.model ?? d.model,
    steps: flags.steps ?? d.steps,
    batchSize: flags.batchSize ?? d.batchSize,
    learningRate: flags.learningRate ?? d.learningRate,
    validationPerClass: flags.validationPerClass ?? d.validationPerClass,
    unlabeledRatio: flags.unlabeledRatio ?? d.unlabeledRatio,
    threshold: flags.threshold ?? d.threshold,
    warmupSteps: flags.warmupSteps ?? d.warmupSteps,
    selfTrainingRounds: flags.selfTrainingRounds ?? d.selfTrainingRounds,
    evaluateEvery: Math.max(1, Math.min(d.evaluateEvery, Math.ceil((flags.steps ?? d.steps) / 10))),
    seed: flags.seed ?? 42,
    limit: flags.limit ?? null,
    testLimit: flags.testLimit ?? null,
  };
}

function describeAugment(): string {
  const a = DEFAULT_AUGMENT;
  return `rotation ±${a.rotationDegrees}°, shift ±${a.shift}px, zoom ±${Number(a.zoom) * 100}%, shear ±${a.shear}°`;
}

const CONFIG_FLAGS = [
  'preset', 'model', 'batchSize', 'learningRate', 'schedule', 'learningRateDecay', 'validationFraction', 'patience', 'augment',
  'oversample', 'seed', 'limit', 'testLimit', ...FEW_LABELS_FLAGS,
] as const;

/** Merges a preset with the flags given on the command line into a {@link TrainRequest}. */
export function resolveTrainRequest(flags: TrainFlags, given: (flag: string) => boolean, command: string, now = new Date()): TrainRequest {
  if (flags.resume !== undefined) {
    const conflicting = CONFIG_FLAGS.filter((flag) => given(flag));
    if (conflicting.length > 0 || given('out')) {
      const names = [...conflicting, ...(given('out') ? ['out'] : [])].map((f) => `--${kebab(f)}`).join(', ');
      throw new UserError(`--resume continues a run with its own settings; drop ${names} (only --epochs, --backend and --threads may change)`, {
        exitCode: 2,
      });
    }
  }
  if (flags.out !== undefined && flags.out.trim() === '') {
    throw new UserError(`option '--out <dir>': expected a folder path, got an empty string`, { exitCode: 2 });
  }
  if (flags.resume !== undefined && flags.resume.trim() === '') {
    throw new UserError(`option '--resume <run>': expected a run folder, got an empty string`, { exitCode: 2 });
  }
  const fewLabels = flags.resume === undefined ? resolveFewLabels(flags, given) : undefined;
  const preset = flags.preset ?? 'main';
  const base = PRESET_CONFIGS[preset];
  const config: TrainingConfig = {
    model: flags.model ?? base.model,
    epochs: flags.epochs ?? base.epochs,
    batchSize: flags.batchSize ?? base.batchSize,
    learningRate: flags.learningRate ?? base.learningRate,
    schedule: flags.schedule ?? (given('learningRateDecay') ? 'exponential' : base.schedule),
    learningRateDecay: flags.learningRateDecay ?? base.learningRateDecay,
    validationFraction: flags.validationFraction ?? base.validationFraction,
    patience: flags.patience ?? base.patience,
    augment: given('augment') ? (flags.augment ? (base.augment ?? DEFAULT_AUGMENT) : null) : base.augment,
    oversample: given('oversample') ? Boolean(flags.oversample) : base.oversample,
    seed: flags.seed ?? base.seed,
    limit: flags.limit ?? base.limit,
    testLimit: flags.testLimit ?? base.testLimit,
    batchNormMomentum: base.batchNormMomentum,
  };
  config.batchNormMomentum = batchNormMomentumFor(config);
  if (config.learningRateDecay > 1) {
    throw new UserError(`option '--learning-rate-decay <x>': expected a number in (0, 1], got '${config.learningRateDecay}'`, { exitCode: 2 });
  }
  if (config.limit !== null && config.limit < 20) {
    throw new UserError(`option '--limit <n>': expected at least 20 training images (to split off validation), got ${config.limit}`, {
      exitCode: 2,
    });
  }
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, (c) => (c === 'T' ? '-' : ''));
  const out = flags.resume ?? flags.out ?? (fewLabels ? `runs/few-labels-${stamp}` : `runs/${flags.preset ?? (flags.model ? config.model : 'main')}-${stamp}`);
  // When resuming, --epochs given → extend; otherwise the run's own epochs (read from run.json later).
  return {
    config,
    preset,
    backend: flags.backend,
    threads: flags.threads,
    out,
    resume: flags.resume !== undefined,
    epochsGiven: given('epochs'),
    command,
    progressBar: Boolean(process.stderr.isTTY),
    ...(fewLabels ? { fewLabels } : {}),
  };
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
