import { describe, expect, it } from 'vitest';
import * as universal from './index.js';
import * as node from './node.js';

describe('public API surface', () => {
  it('the universal entry exports exactly these values', () => {
    expect(Object.keys(universal).sort()).toEqual([
      'DigitKitError',
      'FileSystemError',
      'IdxFormatError',
      'batches',
      'createRng',
      'encodeIdx',
      'loadIdx',
      'loadMnistFromBuffers',
      'loadMnistFromUrls',
      'parseIdx',
      'splitTrainValidation',
      'subsetDataset',
      'toTensors',
    ]);
  });

  it('the ./node entry exports exactly loadMnist', () => {
    expect(Object.keys(node).sort()).toEqual(['loadMnist']);
  });
});
