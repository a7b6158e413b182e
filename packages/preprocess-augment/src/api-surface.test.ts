import { describe, expect, it } from 'vitest';
import * as api from './index.js';
import * as nodeApi from './node.js';

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
      'toGrayImage',
      'toImageTensor',
      'toMnistDigit',
      'toUint8Images',
      'unflattenImages',
    ]);
  });
  it('exports exactly these names from ./node', () => {
    expect(Object.keys(nodeApi).sort()).toEqual(['DEFAULT_PNG_MAX_PIXELS', 'decodePng', 'readPngFile']);
  });
});
