import { expect, it } from 'vitest';
import * as metrics from './index.js';

it('exports exactly the documented API', () => {
  expect(Object.keys(metrics).sort()).toEqual([
    'accuracy',
    'balancedAccuracy',
    'classificationReport',
    'cohenKappa',
    'confusionMatrix',
    'evaluateClassifier',
    'expectedCalibrationError',
    'logLoss',
    'matthewsCorrcoef',
    'mostConfusedPairs',
    'perClassRocAuc',
    'precisionRecallF1',
    'rocAucOvr',
    'rocCurve',
    'topKAccuracy',
  ]);
});
