import { expect, it } from 'vitest';
import * as api from '../node.js';

it('the ./node entry exports exactly the documented API', () => {
  expect(Object.keys(api).sort()).toEqual(['createDataParallelTrainer', 'enableWasmThreads']);
});
