/** Issue 13: every options object of the package is closed — an unknown key is a TypeError that names it. */
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import type { DigitDataset } from './digit-dataset.js';
import { batches, encodeIdx, loadIdx, loadMnistFromBuffers, loadMnistFromUrls, parseIdx, splitTrainValidation, toTensors } from './index.js';
import { loadMnist } from './node.js';

const ds: DigitDataset = { images: new Uint8Array(8), labels: Uint8Array.of(0, 1), count: 2, rows: 2, cols: 2, numClasses: 2 };
const idx = encodeIdx({ shape: [2], data: Uint8Array.of(0, 1) });
const buffers = { trainImages: idx, trainLabels: idx, testImages: idx, testLabels: idx };
const urls = { trainImages: 'http://x/a', trainLabels: 'http://x/b', testImages: 'http://x/c', testLabels: 'http://x/d' };

// [function, call with extra options, a known key to misspell]; async calls must reject before any I/O.
const calls: Array<[string, (extra: Record<string, unknown>) => unknown, string]> = [
  ['splitTrainValidation', (o) => splitTrainValidation(ds, o), 'validationFraction'],
  ['batches', (o) => batches(ds, { batchSize: 1, ...o }), 'dropRemainder'],
  ['toTensors', (o) => toTensors(ds, o), 'normalize'],
  ['parseIdx', (o) => parseIdx(idx, o), 'source'],
  ['encodeIdx', (o) => encodeIdx({ shape: [1], data: Uint8Array.of(1), ...o }), 'dtype'],
  ['loadIdx', (o) => loadIdx(idx, o), 'decompress'],
  ['loadMnistFromBuffers', (o) => loadMnistFromBuffers(buffers, o), 'transpose'],
  ['loadMnistFromUrls', (o) => loadMnistFromUrls(urls, { fetch: () => Promise.reject(new Error('no I/O expected')), ...o }), 'numClasses'],
  ['loadMnist', (o) => loadMnist({ dir: '/nonexistent', ...o }), 'limit'],
];

/** The error `call` throws or rejects with (sync or async), or undefined. */
const thrownBy = (call: () => unknown): Promise<unknown> =>
  Promise.resolve()
    .then(call)
    .then(() => undefined, (error: unknown) => error);

describe('closed options', () => {
  for (const [name, call, known] of calls) {
    it(`${name}: a typo of ${known} is a TypeError with a did-you-mean; an unrelated key is named too`, async () => {
      const typo = `${known}s`;
      const error = await thrownBy(() => call({ [typo]: 1 }));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(new RegExp(`^${name}: unknown option (options|input)\\.${typo} \\(did you mean ${known}\\?\\); known options: `));
      const unrelated = await thrownBy(() => call({ verbose: true }));
      expect((unrelated as Error).message).toMatch(new RegExp(`^${name}: unknown option (options|input)\\.verbose; known options: .*${known}`));
    });
  }

  it('nested objects are closed too: limit, files, urls, buffers', async () => {
    await expect(loadMnist({ limit: { train: 1, tests: 1 } as never })).rejects.toThrow(/^loadMnist: unknown option limit\.tests \(did you mean test\?\)/);
    await expect(loadMnist({ files: { ...urls, testLabelz: 'x' } as never })).rejects.toThrow(/unknown option files\.testLabelz \(did you mean testLabels\?\)/);
    await expect(loadMnistFromUrls({ ...urls, trainImage: 'x' } as never)).rejects.toThrow(/unknown option urls\.trainImage/);
    await expect(loadMnistFromBuffers({ ...buffers, extra: idx } as never)).rejects.toThrow(/unknown option buffers\.extra/);
  });
});
