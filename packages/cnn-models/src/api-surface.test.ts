import { expect, it } from 'vitest';
import * as universal from './index';
import * as node from './node';

it('the universal entry exports exactly these names', () => {
  expect(Object.keys(universal).sort()).toEqual([
    'countFlops',
    'createBatchNormCnn',
    'createLeNet5',
    'createMemoryCheckpointStore',
    'createModel',
    'createPaperCnn',
    'createSeCnn',
    'createStrongCnn',
    'deriveSeed',
    'evaluateModel',
    'evaluateRobustness',
    'float32ToFloat16Bits',
    'formatEpochLine',
    'initialEarlyStoppingState',
    'initialReduceLrOnPlateauState',
    'learningRateAt',
    'models',
    'predictProbabilities',
    'quantizeWeights',
    'recalibrateBatchNorm',
    'resolveEarlyStopping',
    'resolveReduceLrOnPlateau',
    'squeezeExcitation',
    'trainClassifier',
    'updateEarlyStopping',
    'updateReduceLrOnPlateau',
  ]);
});

it('the ./node entry exports exactly these names', () => {
  expect(Object.keys(node).sort()).toEqual([
    'createFileCheckpointStore',
    'fileSystemHandler',
    'loadModel',
    'saveModel',
    'trainClassifier',
  ]);
});
