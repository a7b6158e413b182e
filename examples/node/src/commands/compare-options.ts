import type { ModelName } from '@digitkit/cnn-models';
import { Command, InvalidArgumentError } from 'commander';
import { backendOption, threadsOption, type BackendName } from '../lib/backend.js';
import { CLASSIC_MODELS, DEFAULT_COMPARE_CONFIG, type ClassicModelName, type CompareConfig } from '../lib/compare-config.js';
import { parseFraction, parseNonNegativeInteger, parsePositiveInteger, parsePositiveNumber } from '../lib/parse-options.js';
import { MODEL_NAMES } from '../lib/training-config.js';
import { UserError } from '../lib/user-error.js';
import type { CompareRequest } from './compare.js';

/** Raw flag values of `compare` (undefined = not given: the default decides). */
export interface CompareFlags {
  models?: ModelName[];
  classic?: ClassicModelName[];
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  validationFraction?: number;
  seed?: number;
  limit?: number;
  testLimit?: number;
  backend: BackendName;
  threads?: number;
  out?: string;
  resume?: string;
}

/** Commander parser of a comma-separated list whose items must be in `known`. */
function listOf<T extends string>(known: readonly T[], what: string) {
  return (value: string): T[] => {
    const items = value.split(',').map((item) => item.trim()).filter((item) => item !== '');
    const unknown = items.filter((item) => !known.includes(item as T));
    if (items.length === 0 || unknown.length > 0) {
      throw new InvalidArgumentError(`expected a comma-separated list of ${what} (${known.join(', ')}), got '${value}'.`);
    }
    return [...new Set(items)] as T[];
  };
}

/** Adds the flags of `digitkit compare`. */
export function addCompareOptions(command: Command): Command {
  const d = DEFAULT_COMPARE_CONFIG;
  return command
    .option('--models <list>', `CNNs from the cnn-models registry, comma-separated (default ${d.cnns.join(',')})`, listOf(MODEL_NAMES, 'registry models'))
    .option('--classic <list>', `classic models, comma-separated (default ${d.classic.join(',')})`, listOf(CLASSIC_MODELS, 'classic models'))
    .option('--epochs <n>', `epochs of every CNN (default ${d.epochs})`, parsePositiveInteger)
    .option('--batch-size <n>', `batch size of every CNN (default ${d.batchSize})`, parsePositiveInteger)
    .option('--learning-rate <x>', `one-cycle peak learning rate of every CNN (default ${d.learningRate})`, parsePositiveNumber)
    .option('--validation-fraction <x>', `held-out share for CNN selection and the stacking fit (default ${d.validationFraction})`, parseFraction)
    .option('--seed <n>', `seed of the split and every model (default ${d.seed})`, parseNonNegativeInteger)
    .option('--limit <n>', 'use the first n training images only (quick runs)', parsePositiveInteger)
    .option('--test-limit <n>', 'evaluate on the first n test images only (quick runs)', parsePositiveInteger)
    .addOption(backendOption())
    .addOption(threadsOption())
    .option('--out <dir>', 'comparison folder (default: runs/compare-<date>-<time>)')
    .option('--resume <dir>', 'continue the comparison in <dir> (its own settings; finished models are kept)');
}

const CONFIG_FLAGS = ['models', 'classic', 'epochs', 'batchSize', 'learningRate', 'validationFraction', 'seed', 'limit', 'testLimit', 'out'] as const;

/** Merges the defaults with the flags given into a {@link CompareRequest}. */
export function resolveCompareRequest(flags: CompareFlags, given: (flag: string) => boolean, command: string, now = new Date()): CompareRequest {
  if (flags.resume !== undefined) {
    const conflicting = CONFIG_FLAGS.filter((flag) => given(flag));
    if (conflicting.length > 0) {
      const names = conflicting.map((f) => `--${f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ');
      throw new UserError(`--resume continues a comparison with its own settings; drop ${names} (only --backend and --threads may change)`, { exitCode: 2 });
    }
    if (flags.resume.trim() === '') throw new UserError(`option '--resume <dir>': expected a comparison folder, got an empty string`, { exitCode: 2 });
  }
  if (flags.out !== undefined && flags.out.trim() === '') {
    throw new UserError(`option '--out <dir>': expected a folder path, got an empty string`, { exitCode: 2 });
  }
  const d = DEFAULT_COMPARE_CONFIG;
  const config: CompareConfig = {
    classic: flags.classic ?? d.classic,
    cnns: flags.models ?? d.cnns,
    epochs: flags.epochs ?? d.epochs,
    batchSize: flags.batchSize ?? d.batchSize,
    learningRate: flags.learningRate ?? d.learningRate,
    validationFraction: flags.validationFraction ?? d.validationFraction,
    seed: flags.seed ?? d.seed,
    limit: flags.limit ?? d.limit,
    testLimit: flags.testLimit ?? d.testLimit,
  };
  if (config.limit !== null && config.limit < 20) {
    throw new UserError(`option '--limit <n>': expected at least 20 training images (to split off validation), got ${config.limit}`, { exitCode: 2 });
  }
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, (c) => (c === 'T' ? '-' : ''));
  return {
    config,
    backend: flags.backend,
    threads: flags.threads,
    out: flags.resume ?? flags.out ?? `runs/compare-${stamp}`,
    resume: flags.resume !== undefined,
    command,
    progressBar: Boolean(process.stderr.isTTY),
  };
}
