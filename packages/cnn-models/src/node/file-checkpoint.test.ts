import '@tensorflow/tfjs-backend-cpu';
import { IntegrityError, MismatchError } from '@digitkit/core';
import type { DigitDataset } from '@digitkit/mnist-data';
import * as tf from '@tensorflow/tfjs-core';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KILL_TEST_OPTIONS } from '../__fixtures__/kill-test-options.js';
import { maxAbsDifference, mnistSlice, smallModel, weightValues } from '../__fixtures__/test-data.js';
import type { BatchLog } from '../training/train-classifier.js';
import { createFileCheckpointStore } from './file-checkpoint-store.js';
import { loadModel } from './load-model.js';
import { saveModel } from './save-model.js';
import { trainClassifier } from './train-classifier.js';

let train: DigitDataset;
let validation: DigitDataset;
let root: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  train = await mnistSlice(0, 256);
  validation = await mnistSlice(256, 128);
  root = await mkdtemp(join(tmpdir(), 'cnn-models-ckpt-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('file checkpoints (Node)', () => {
  it('a process killed with SIGKILL after epoch 1 resumes from checkpointDir and ends like an uninterrupted run', async () => {
    const dir = join(root, 'killed');
    const child = fileURLToPath(new URL('../__fixtures__/train-until-killed.ts', import.meta.url));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', child, dir], { cwd: fileURLToPath(new URL('../..', import.meta.url)) }, (error) =>
        resolve((error as { signal?: NodeJS.Signals } | null)?.signal ?? null),
      );
    });
    expect(signal).toBe('SIGKILL');
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['checkpoint-1.bin', 'checkpoint.json']);

    const reference = smallModel('cpu', 3, { dropout: 0.3 });
    const referenceHistory = await trainClassifier(reference, train, { ...KILL_TEST_OPTIONS, validationData: validation });
    const resumed = smallModel('cpu', 77, { dropout: 0.3 });
    const batches: BatchLog[] = [];
    const history = await trainClassifier(resumed, train, {
      ...KILL_TEST_OPTIONS,
      validationData: validation,
      checkpointDir: dir,
      onBatchEnd: (b) => void batches.push(b),
    });
    expect(batches[0]).toMatchObject({ epoch: 2, batch: 0 });
    expect(history.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    for (let i = 0; i < 3; i++) expect(history.epochs[i].valLoss!).toBeCloseTo(referenceHistory.epochs[i].valLoss!, 4);
    expect(maxAbsDifference(await weightValues(resumed), await weightValues(reference))).toBeLessThan(1e-4);
    expect((await readdir(dir)).sort()).toEqual(['checkpoint-3.bin', 'checkpoint.json']);
    [reference, resumed].forEach((m) => m.dispose());
  }, 120_000);

  it('round-trips a checkpoint with optimizer slots and best weights', async () => {
    const dir = join(root, 'round-trip');
    const model = smallModel('cpu', 5);
    await trainClassifier(model, train, {
      epochs: 1,
      batchSize: 64,
      seed: 5,
      validationData: validation,
      earlyStopping: { patience: 3, restoreBestWeights: true },
      checkpointDir: dir,
    });
    const checkpoint = await createFileCheckpointStore(dir).load();
    expect(checkpoint?.epochsCompleted).toBe(1);
    expect(checkpoint?.finished).toBe(true);
    expect(checkpoint?.step).toBe(4);
    // Adam: iteration count, then first and second moments of the 4 trainable tensors
    expect(checkpoint?.optimizerWeights?.map((w) => w.name)[0]).toBe('iter');
    expect(Array.from(checkpoint!.optimizerWeights![0].values)).toEqual([4]);
    expect(checkpoint?.optimizerWeights).toHaveLength(1 + 2 * 4);
    expect(checkpoint?.bestWeights).toHaveLength(4);
    const weights = await weightValues(model);
    checkpoint!.modelWeights.forEach((w, i) => expect(Array.from(w.values)).toEqual(Array.from(weights[i])));
    expect(await createFileCheckpointStore(join(root, 'missing')).load()).toBeUndefined();
    model.dispose();
  });

  it('a damaged checkpoint is refused on resume with one line naming the file; a mismatching one says how to start over', async () => {
    const dir = join(root, 'damaged');
    const model = smallModel('cpu', 9);
    const options = { epochs: 2, batchSize: 64, seed: 9, checkpointDir: dir };
    await trainClassifier(model, train, { ...options, epochs: 1 });
    await expect(trainClassifier(model, train, { ...options, batchSize: 32 })).rejects.toThrow(
      new MismatchError({
        functionName: 'trainClassifier',
        subject: `the checkpoint in ${dir}`,
        expected: 'batchSize 32',
        found: 'batchSize 64 in the checkpoint',
        fix: `delete ${dir} or choose another output folder to start over`,
      }).message,
    );
    // 100 overwritten bytes (the reproduction) used to be resumed silently
    const bin = join(dir, 'checkpoint-1.bin');
    const bytes = await readFile(bin);
    bytes.fill(0x41, 200, 300);
    await writeFile(bin, bytes);
    const error = await trainClassifier(model, train, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrityError);
    expect((error as IntegrityError).file).toBe(bin);
    expect((error as Error).message).toMatch(/^createFileCheckpointStore: .*checkpoint-1\.bin: expected SHA-256 [0-9a-f]{64} \(from .*checkpoint\.json\), got SHA-256 [0-9a-f]{64} .*; the checkpoint is damaged: delete .* or choose another output folder to start over$/);
    model.dispose();
  });

  it('refuses options mistakes before training', async () => {
    const model = smallModel('cpu', 1);
    await expect(trainClassifier(model, train, { checkpointDir: '' })).rejects.toThrow(/expected checkpointDir to be a folder path/);
    await expect(trainClassifier(model, train, { checkpointDirectory: join(root, 'x') } as never)).rejects.toThrow(
      /trainClassifier: unknown option options\.checkpointDirectory \(did you mean checkpointDir\?\); known options: .*checkpointDir/,
    );
    await expect(
      trainClassifier(model, train, { checkpointDir: join(root, 'x'), checkpoint: createFileCheckpointStore(join(root, 'y')) }),
    ).rejects.toThrow(/either checkpointDir or checkpoint/);
    model.dispose();
  });
});

describe('saveModel / loadModel errors', () => {
  it('name the function, what was expected and what was found', async () => {
    const model = smallModel('cpu', 1);
    const dir = join(root, 'broken');
    await expect(saveModel(model, dir, { quantize: 'int8' as 'uint8' })).rejects.toThrow(
      /saveModel: expected options.quantize to be one of 'float16', 'uint8', got the string "int8"/,
    );
    await expect(saveModel(model, dir, { quantise: 'float16' } as never)).rejects.toThrow(
      /saveModel: unknown option options.quantise \(did you mean quantize\?\); known options: quantize/,
    );
    await expect(saveModel({} as never, dir)).rejects.toThrow(/saveModel: expected model to be a tf.LayersModel, got an object/);
    await expect(loadModel(join(root, 'nothing-here'))).rejects.toThrow(/loadModel: cannot read .*model.json/);
    await saveModel(model, dir);
    await truncate(join(dir, 'weights.bin'), 100);
    await expect(loadModel(dir)).rejects.toThrow(/loadModel: .*weights.bin: expected \d+ bytes of weights \(from the manifest in .*\), got 100 bytes \(truncated\)/);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    json.weightsManifest[0].paths = ['../../etc/passwd'];
    await writeFile(join(dir, 'model.json'), JSON.stringify(json));
    await expect(loadModel(dir)).rejects.toThrow(/points outside/);
    await writeFile(join(dir, 'model.json'), '{ not json');
    await expect(loadModel(join(dir, 'model.json'))).rejects.toThrow(/loadModel: .*model.json: expected JSON, got a parse error/);
    model.dispose();
  });
});
