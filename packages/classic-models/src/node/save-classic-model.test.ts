import { FileSystemError, IntegrityError } from '@digitkit/core';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@digitkit/test-utils';
import { fitKNearestNeighbors } from '../k-nearest-neighbors.js';
import { fitLogisticRegression } from '../linear/logistic-regression.js';
import { fitSupportVectorMachine } from '../support-vector-machine.js';
import { fitPca } from '../pca.js';
import { mnistSubset } from '../test-support/mnist.js';
import { loadClassicModel } from './load-classic-model.js';
import { saveClassicModel } from './save-classic-model.js';
import type { DigitDataset } from '@digitkit/core';
import type { PcaModel } from '../pca.js';

let folder: string;
let train: DigitDataset;
let test: DigitDataset;
beforeAll(async () => {
  await useBackend('cpu');
  folder = await mkdtemp(join(tmpdir(), 'classic-models-'));
  ({ train, test } = await mnistSubset(300, 50));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('saveClassicModel / loadClassicModel', () => {
  it('round-trips every model kind: same predictions, SHA-256 of weights.bin in model.json', async () => {
    const models = [
      fitKNearestNeighbors(train, { k: 3 }),
      fitLogisticRegression(train, { maxIterations: 20 }),
      await fitSupportVectorMachine(train, { approximation: { components: 50 }, maxIterations: 50 }),
    ];
    for (const [i, model] of models.entries()) {
      const dir = join(folder, `model-${i}`);
      const info = await saveClassicModel(model, dir);
      const bytes = await readFile(info.weightsPath);
      expect(info.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(JSON.parse(await readFile(info.modelPath, 'utf8')).weightsSha256).toBe(info.sha256);
      const loaded = await loadClassicModel(dir);
      expect(loaded.kind).toBe(model.kind);
      expect(Array.from(await (loaded as typeof model).predictProbabilities(test))).toEqual(Array.from(await model.predictProbabilities(test)));
    }
    // 64 features keep the eigen-decomposition small.
    const values = Float32Array.from({ length: 300 * 64 }, (_, i) => train.images[Math.floor(i / 64) * 784 + 300 + (i % 64)] / 255);
    const pca = await fitPca({ values, count: 300, numFeatures: 64 }, { components: 5 });
    await saveClassicModel(pca, join(folder, 'pca'));
    expect(Array.from(((await loadClassicModel(join(folder, 'pca'))) as PcaModel).axes)).toEqual(Array.from(pca.axes));
  });

  it('a changed byte in weights.bin is an IntegrityError naming the file and both checksums; a missing folder a FileSystemError', async () => {
    const dir = join(folder, 'tampered');
    const info = await saveClassicModel(fitLogisticRegression(train, { maxIterations: 5 }), dir);
    const bytes = await readFile(info.weightsPath);
    bytes[10] ^= 1;
    await writeFile(info.weightsPath, bytes);
    const error = await loadClassicModel(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrityError);
    expect((error as IntegrityError).file).toBe(info.weightsPath);
    expect((error as Error).message).toContain(info.sha256);
    await expect(loadClassicModel(join(folder, 'nothing-here'))).rejects.toBeInstanceOf(FileSystemError);
    await writeFile(join(dir, 'model.json'), '{not json');
    await expect(loadClassicModel(dir)).rejects.toBeInstanceOf(IntegrityError);
  });
});
