import { expect, it } from 'vitest';
import * as recognizer from './index.js';
import * as recognizerNode from './node.js';

it('exports exactly the documented API', () => {
  expect(Object.keys(recognizer).sort()).toEqual(['ModelNotShippedError', 'SHIPPED_MODELS', 'loadDigitRecognizer']);
});

it('./node exports the same names (its loadDigitRecognizer also reads PNG bytes and paths)', () => {
  expect(Object.keys(recognizerNode).sort()).toEqual(['ModelNotShippedError', 'SHIPPED_MODELS', 'loadDigitRecognizer']);
  expect(recognizerNode.ModelNotShippedError).toBe(recognizer.ModelNotShippedError);
  expect(recognizerNode.SHIPPED_MODELS).toBe(recognizer.SHIPPED_MODELS);
  // Its own loader (PNG bytes and paths), not the universal one re-exported.
  expect(recognizerNode.loadDigitRecognizer).not.toBe(recognizer.loadDigitRecognizer);
});
