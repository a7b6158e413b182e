/** The page's training form, read and checked: out-of-range values are explained, never clamped. */
import type { ModelName } from '@digitkit/cnn-models';

/** Settings of one training run. */
export interface TrainingSettings {
  model: ModelName;
  /** Training images taken from the start of the 60,000 (a tenth of them is held out for validation). */
  trainSize: number;
  epochs: number;
  /** Seed of the initial weights, the shuffles, the dropout masks and the validation split. */
  seed: number;
}

/** The defaults: 97–98 % test accuracy in a few minutes of a laptop's single core (measured: README). */
export const DEFAULT_SETTINGS: TrainingSettings = { model: 'paper-bn-cnn', trainSize: 10_000, epochs: 3, seed: 1 };

/** Models the page offers. */
export const MODEL_CHOICES: ReadonlyArray<{ name: ModelName; label: string }> = [
  { name: 'paper-bn-cnn', label: "second paper's BatchNorm CNN (default)" },
  { name: 'paper-cnn', label: "first paper's CNN" },
  { name: 'lenet5', label: 'LeNet-5 (fastest)' },
  { name: 'se-cnn', label: 'squeeze-and-excitation CNN (slower, 3× the work)' },
  { name: 'strong-cnn', label: 'strong CNN (99.6 % recipe, slowest: 6× the work)' },
];

/** A field's problem, in words for the person who typed it. */
export interface SettingsProblem {
  field: 'model' | 'trainSize' | 'epochs' | 'seed';
  message: string;
}

/** Limits of the numeric fields. */
export const LIMITS = {
  trainSize: { min: 500, max: 60_000 },
  epochs: { min: 1, max: 20 },
  seed: { min: 0, max: 2 ** 31 - 1 },
} as const;

/**
 * Reads the raw form values. Returns the settings, or the problems (one per bad field) with a sentence that says
 * what is allowed, so the page can show it next to the field instead of silently using another value.
 */
export function readTrainingSettings(raw: {
  model: string;
  trainSize: string;
  epochs: string;
  seed: string;
}): { settings: TrainingSettings; problems: [] } | { settings?: undefined; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const model = MODEL_CHOICES.find((choice) => choice.name === raw.model)?.name;
  if (!model) problems.push({ field: 'model', message: `Unknown model "${raw.model}".` });
  const integer = (field: 'trainSize' | 'epochs' | 'seed', text: string, what: string): number => {
    const { min, max } = LIMITS[field];
    const value = Number(text.trim());
    if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
      const got = text.trim() === '' ? 'nothing' : `"${text.trim()}"`;
      problems.push({
        field,
        message: `${what} must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}; got ${got}.`,
      });
    }
    return value;
  };
  const trainSize = integer('trainSize', raw.trainSize, 'Training images');
  const epochs = integer('epochs', raw.epochs, 'Epochs');
  const seed = integer('seed', raw.seed, 'Seed');
  if (problems.length > 0 || !model) return { problems };
  return { settings: { model, trainSize, epochs, seed }, problems: [] };
}
