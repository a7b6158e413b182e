/**
 * The shipped ensemble, both ways: while weights/shipped-models.cjs says no ensemble ships, the ensemble file is
 * absent and `loadDigitRecognizer({ model: 'ensemble' })` rejects with a ModelNotShippedError (checked, not
 * skipped); once `pnpm import-ensemble` has shipped one, the file is within the 2 MB budget, its members are what its
 * info says, and the shipped (quantized) ensemble scores on the full 10,000-image MNIST test set at least what its
 * info and the README claim. The independent truths are the MNIST test labels and SHA-256.
 */
import { sha256 } from '@digitkit/core/node';
import { loadMnist } from '@digitkit/mnist-data/node';
import { expectNoTensorLeak, useBackend } from '@digitkit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readEmbeddedEnsemble } from '../scripts/embed-ensemble.js';
import { ModelNotShippedError, SHIPPED_MODELS, loadDigitRecognizer } from './index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ensemblePath = join(root, 'weights', 'ensemble', 'embedded.cjs');
const shipsEnsemble = SHIPPED_MODELS.includes('ensemble');

describe('the ensemble switch', () => {
  it('says the ensemble ships exactly when its weights file is in the package', async () => {
    expect(existsSync(ensemblePath)).toBe(shipsEnsemble);
    const switchText = await readFile(join(root, 'weights', 'shipped-models.cjs'), 'utf8');
    expect(switchText.includes("import('./ensemble/embedded.cjs')")).toBe(shipsEnsemble);
    const files = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')).files as string[];
    expect(files).toEqual(expect.arrayContaining(['weights/shipped-models.cjs', 'weights/ensemble']));
  });

  it.runIf(!shipsEnsemble)('NO ENSEMBLE SHIPPED: loadDigitRecognizer({ model: "ensemble" }) rejects with a ModelNotShippedError', async () => {
    await useBackend('wasm');
    const before = tf.memory().numTensors;
    const error = await loadDigitRecognizer({ model: 'ensemble' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelNotShippedError);
    expect((error as ModelNotShippedError).shipped).toEqual(['single']);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe.runIf(shipsEnsemble)('the shipped ensemble [wasm]', () => {
  it('is within 2 MB on disk and holds the members its info describes', async () => {
    expect((await stat(ensemblePath)).size).toBeLessThanOrEqual(2_000_000);
    const { members, info } = await readEmbeddedEnsemble(ensemblePath); // checks each member's SHA-256
    const described = info.members as { weightsSha256: string; weightBytes: number }[];
    expect(members.length).toBeGreaterThanOrEqual(2);
    expect(described.map((m) => m.weightsSha256)).toEqual(members.map((m) => sha256(m.weights)));
    expect(info.weightBytes).toBe(members.reduce((sum, m) => sum + m.weights.byteLength, 0));
    expect(info.weightsSha256).toBe(sha256(Buffer.concat(members.map((m) => m.weights))));
  });

  it('scores at least the accuracy its info and the README claim on the full test set, leaking no tensor; dispose frees every member', async () => {
    await useBackend('wasm');
    const before = tf.memory().numTensors;
    const recognizer = await loadDigitRecognizer({ model: 'ensemble' });
    const test = (await loadMnist({ limit: { train: 1 } })).test;
    expect(test.count).toBe(10_000);
    const { digits } = await expectNoTensorLeak(() => recognizer.recognizeMnist(test));
    let correct = 0;
    for (let i = 0; i < test.count; i++) if (digits[i] === test.labels[i]) correct++;
    console.log(`shipped ensemble (${recognizer.info.members?.length} members): ${correct}/${test.count} = ${(correct / 100).toFixed(2)} % on the MNIST test set`);
    expect(recognizer.info.name).toBe('ensemble');
    expect(correct / test.count).toBeGreaterThanOrEqual(recognizer.info.testAccuracy - 1e-9);
    const claimed = (100 * recognizer.info.testAccuracy).toFixed(2);
    expect(await readFile(join(root, 'README.md'), 'utf8')).toContain(`**${claimed} %**`);
    recognizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 1_800_000);
});
