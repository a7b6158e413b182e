import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('public API', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(api).sort()).toEqual([
      'CORRUPTIONS',
      'MAX_SEVERITY',
      'augmentBatch',
      'augmentImages',
      'classDistribution',
      'corruptDataset',
      'describeCorruption',
      'deskew',
      'drawAugmentation',
      'flattenImages',
      'imageMoments',
      'meanImagePerClass',
      'normalize',
      'oneHot',
      'pixelCorrelation',
      'pixelStatistics',
      'projectiveTransform',
      'randomOverSample',
      'rgbaToGray',
      'summarizeDataset',
      'toImageTensor',
      'toMnistDigit',
      'toUint8Images',
      'unflattenImages',
    ]);
  });
});
