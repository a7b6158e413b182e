import { models } from '@digitkit/cnn-models';
import { describe, expect, it } from 'vitest';
import { batchNormMomentumFor, MODEL_NAMES, PRESET_CONFIGS } from './training-config.js';

describe('presets derived from the cnn-models registry', () => {
  it('--model accepts exactly the registry names', () => {
    expect(MODEL_NAMES).toEqual(Object.keys(models));
  });

  it("paper-cnn is the registry's recipe; paper-bn-cnn adds the second paper's over-sampling and augmentation", () => {
    for (const preset of ['paper-cnn', 'paper-bn-cnn'] as const) {
      const config = PRESET_CONFIGS[preset];
      const recipe = models[config.model].recommendedTraining;
      expect(config.model).toBe(preset);
      expect([config.epochs, config.batchSize, config.learningRate, config.validationFraction]).toEqual([
        recipe.epochs,
        recipe.batchSize,
        recipe.learningRate,
        recipe.validationFraction,
      ]);
      expect(config.patience).toBe(recipe.earlyStopping?.patience ?? 0);
    }
    expect(PRESET_CONFIGS['paper-cnn']).toMatchObject({ schedule: 'constant', augment: null, oversample: false });
    expect(PRESET_CONFIGS['paper-bn-cnn']).toMatchObject({ oversample: true, augment: { rotationDegrees: 10, shift: 2, zoom: 0.1 } });
  });

  it('main and best change only the documented fields of their model recipe', () => {
    expect(PRESET_CONFIGS.main).toMatchObject({ model: 'paper-bn-cnn', epochs: 3, batchSize: 64, learningRate: 3e-3, schedule: 'one-cycle', validationFraction: 0.1, patience: 0 });
    expect(PRESET_CONFIGS.best).toMatchObject({ model: 'strong-cnn', epochs: 10, learningRate: 3e-3, schedule: 'one-cycle', batchSize: models['strong-cnn'].recommendedTraining.batchSize });
  });

  it('a run of fewer than 1,000 steps gets BatchNorm momentum 0.9', () => {
    const base = PRESET_CONFIGS.main;
    expect(batchNormMomentumFor({ ...base, limit: 3000, epochs: 2 })).toBe(0.9);
    expect(batchNormMomentumFor(base)).toBe(0.99);
  });
});
