import { expect, it } from 'vitest';
import * as universal from './index.js';
import * as node from './node.js';

it('the universal entry exports exactly these names', () => {
  expect(Object.keys(universal).sort()).toEqual([
    'DEFAULT_STRONG_AUGMENT',
    'DEFAULT_STRONG_CORRUPTIONS',
    'DEFAULT_WEAK_AUGMENT',
    'SeededDropout',
    'corruptRandomly',
    'countFlops',
    'createBatchNormCnn',
    'createLeNet5',
    'createMemoryCheckpointStore',
    'createMemorySemiSupervisedStore',
    'createModel',
    'createPaperCnn',
    'createSeCnn',
    'createStrongCnn',
    'deriveSeed',
    'evaluateModel',
    'evaluateRobustness',
    'fineTune',
    'float32ToFloat16Bits',
    'formatEpochLine',
    'freezeLayers',
    'initialEarlyStoppingState',
    'initialReduceLrOnPlateauState',
    'learningRateAt',
    'models',
    'predictProbabilities',
    'quantizeWeights',
    'recalibrateBatchNorm',
    'replaceHead',
    'resolveEarlyStopping',
    'resolveReduceLrOnPlateau',
    'samplePerClass',
    'seededDropout',
    'selectClasses',
    'setDropoutStream',
    'splitFewLabels',
    'squeezeExcitation',
    'toUnlabelledImages',
    'trainClassifier',
    'trainSemiSupervised',
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
