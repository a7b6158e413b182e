import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('public API', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(api).sort()).toEqual([
      'augmentBatch',
      'augmentImages',
      'classDistribution',
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
