import { expect, it } from 'vitest';
import * as metrics from './index.js';

it('exports exactly the documented API', () => {
  expect(Object.keys(metrics).sort()).toEqual([
    'MAX_OVERLAP_MODELS',
    'accuracy',
    'balancedAccuracy',
    'classificationReport',
    'cohenKappa',
    'confusionMatrix',
    'errorOverlap',
    'evaluateClassifier',
    'expectedCalibrationError',
    'logLoss',
    'matthewsCorrcoef',
    'mcnemarTest',
    'mostConfusedPairs',
    'perClassRocAuc',
    'precisionRecallF1',
    'rocAucOvr',
    'rocCurve',
    'topKAccuracy',
  ]);
});
