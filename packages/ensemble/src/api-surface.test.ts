import { expect, it } from 'vitest';
import * as api from './index.js';

it('exports exactly the documented API', () => {
  expect(Object.keys(api).sort()).toEqual([
    'argmaxRows',
    'bootstrapIndices',
    'fitCrossValidatedStacking',
    'fitLogisticRegression',
    'fitSoftVoteWeights',
    'fitStackingClassifier',
    'hardVote',
    'outOfBagIndices',
    'predictLogisticRegression',
    'predictMembers',
    'softVote',
    'stratifiedFolds',
    'trainBaggingEnsemble',
  ]);
});
