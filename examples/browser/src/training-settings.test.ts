import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, readTrainingSettings } from './training-settings.js';

const form = (overrides: Partial<Record<'model' | 'trainSize' | 'epochs' | 'seed', string>> = {}) => ({
  model: 'paper-bn-cnn',
  trainSize: '10000',
  epochs: '3',
  seed: '1',
  ...overrides,
});

describe('readTrainingSettings', () => {
  it('reads a valid form, and the defaults are valid', () => {
    expect(readTrainingSettings(form())).toEqual({
      settings: { model: 'paper-bn-cnn', trainSize: 10_000, epochs: 3, seed: 1 },
      problems: [],
    });
    const defaults = readTrainingSettings({
      model: DEFAULT_SETTINGS.model,
      trainSize: String(DEFAULT_SETTINGS.trainSize),
      epochs: String(DEFAULT_SETTINGS.epochs),
      seed: String(DEFAULT_SETTINGS.seed),
    });
    expect(defaults.settings).toEqual(DEFAULT_SETTINGS);
  });

  it('explains out-of-range and malformed values instead of clamping them', () => {
    const { settings, problems } = readTrainingSettings(form({ trainSize: '70000', epochs: '0', seed: '1.5' }));
    expect(settings).toBeUndefined();
    expect(problems).toEqual([
      { field: 'trainSize', message: 'Training images must be a whole number from 500 to 60,000; got "70000".' },
      { field: 'epochs', message: 'Epochs must be a whole number from 1 to 20; got "0".' },
      { field: 'seed', message: 'Seed must be a whole number from 0 to 2,147,483,647; got "1.5".' },
    ]);
    expect(readTrainingSettings(form({ epochs: '' })).problems).toEqual([
      { field: 'epochs', message: 'Epochs must be a whole number from 1 to 20; got nothing.' },
    ]);
    expect(readTrainingSettings(form({ model: 'resnet' })).problems).toEqual([
      { field: 'model', message: 'Unknown model "resnet".' },
    ]);
  });

  it('accepts the bounds themselves', () => {
    expect(readTrainingSettings(form({ trainSize: '500', epochs: '20', seed: '0' })).problems).toEqual([]);
    expect(readTrainingSettings(form({ trainSize: '60000', epochs: '1', seed: '2147483647' })).problems).toEqual([]);
  });
});
