import { Command, Option } from 'commander';
import { BACKENDS, type BackendName } from '../lib/backend.js';
import { parseFraction, parseNonNegativeInteger, parsePositiveInteger, parsePositiveNumber } from '../lib/parse-options.js';
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
  out?: string;
  resume?: string;
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
    .option('--no-augment', 'no augmentation')
    .option('--oversample', 'random over-sampling of the training part to the majority class count')
    .option('--no-oversample', 'no over-sampling')
    .option('--seed <n>', 'seed of the split, initialization, shuffles and augmentation', parseNonNegativeInteger)
    .option('--limit <n>', 'train on the first n training images only (quick runs)', parsePositiveInteger)
    .option('--test-limit <n>', 'evaluate on the first n test images only (quick runs)', parsePositiveInteger)
    .addOption(new Option('--backend <name>', 'tfjs backend (tensorflow needs @tensorflow/tfjs-node installed)').choices([...BACKENDS]).default('wasm'))
    .option('--out <dir>', 'run folder (default: runs/<preset or model>-<date>-<time>)')
    .option('--resume <run>', "continue the run in <run> from its last finished epoch (its own settings; --epochs may extend it)");
}

function describeAugment(): string {
  const a = DEFAULT_AUGMENT;
  return `rotation ±${a.rotationDegrees}°, shift ±${a.shift}px, zoom ±${Number(a.zoom) * 100}%, shear ±${a.shear}°`;
}

const CONFIG_FLAGS = [
  'preset', 'model', 'batchSize', 'learningRate', 'schedule', 'learningRateDecay', 'validationFraction', 'patience', 'augment',
  'oversample', 'seed', 'limit', 'testLimit',
] as const;

/** Merges a preset with the flags given on the command line into a {@link TrainRequest}. */
export function resolveTrainRequest(flags: TrainFlags, given: (flag: string) => boolean, command: string, now = new Date()): TrainRequest {
  if (flags.resume !== undefined) {
    const conflicting = CONFIG_FLAGS.filter((flag) => given(flag));
    if (conflicting.length > 0 || given('out')) {
      const names = [...conflicting, ...(given('out') ? ['out'] : [])].map((f) => `--${kebab(f)}`).join(', ');
      throw new UserError(`--resume continues a run with its own settings; drop ${names} (only --epochs and --backend may change)`, {
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
  const out = flags.resume ?? flags.out ?? `runs/${flags.preset ?? (flags.model ? config.model : 'main')}-${stamp}`;
  // When resuming, --epochs given → extend; otherwise the run's own epochs (read from run.json later).
  return {
    config,
    preset,
    backend: flags.backend,
    out,
    resume: flags.resume !== undefined,
    epochsGiven: given('epochs'),
    command,
    progressBar: Boolean(process.stderr.isTTY),
  };
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
