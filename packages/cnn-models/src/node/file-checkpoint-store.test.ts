import { IntegrityError, MismatchError } from '@digitkit/core';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCheckpointMatches } from '../persistence/check-checkpoint-matches.js';
import { createMemoryCheckpointStore, type TrainingCheckpoint } from '../training/checkpoint-store.js';
import { createFileCheckpointStore } from './file-checkpoint-store.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cnn-models-store-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A checkpoint with known values: a 2×3 kernel, a bias, Adam's iteration count and moments, best weights. */
function sampleCheckpoint(epochsCompleted: number): TrainingCheckpoint {
  const kernel = { name: 'dense/kernel', shape: [2, 3], dtype: 'float32' as const, values: Float32Array.from([0.5, -1, 2, 0.25, 3, -4]) };
  const bias = { name: 'dense/bias', shape: [3], dtype: 'float32' as const, values: Float32Array.from([0.1, 0.2, 0.3]) };
  return {
    format: 'digitkit-training-checkpoint',
    version: 1,
    epochsCompleted,
    finished: false,
    seed: 7,
    settings: { batchSize: 32, trainCount: 1000, optimizer: 'adam' },
    step: 10 * epochsCompleted,
    learningRate: 0.001,
    earlyStopping: null,
    reduceLrOnPlateau: null,
    history: { epochs: [], stoppedEarly: false } as unknown as TrainingCheckpoint['history'],
    modelWeights: [kernel, bias],
    optimizerWeights: [
      { name: 'iter', shape: [], dtype: 'int32', values: Int32Array.from([10 * epochsCompleted]) },
      { name: 'm', shape: [3], dtype: 'float32', values: Float32Array.from([1e-3, 2e-3, 3e-3]) },
    ],
    bestWeights: [bias],
  };
}

const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function savedFolder(name: string, epochs = 2): Promise<string> {
  const dir = join(root, name);
  await createFileCheckpointStore(dir).save(sampleCheckpoint(epochs));
  return dir;
}

async function rewriteJson(dir: string, edit: (json: Record<string, any>) => void): Promise<void> {
  const json = JSON.parse(await readFile(join(dir, 'checkpoint.json'), 'utf8'));
  edit(json);
  await writeFile(join(dir, 'checkpoint.json'), JSON.stringify(json));
}

async function integrityError(dir: string): Promise<IntegrityError> {
  const error = await createFileCheckpointStore(dir)
    .load()
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(IntegrityError);
  expect((error as Error).message).not.toContain('\n');
  expect((error as Error).message).toContain(`delete ${dir} or choose another output folder to start over`);
  return error as IntegrityError;
}

describe('createFileCheckpointStore', () => {
  it('writes checkpoint.json + checkpoint-<epoch>.bin with the SHA-256 and size of the binary, and reads the same values back', async () => {
    const dir = await savedFolder('round-trip');
    expect((await readdir(dir)).sort()).toEqual(['checkpoint-2.bin', 'checkpoint.json']);
    const bin = await readFile(join(dir, 'checkpoint-2.bin'));
    // 6 + 3 float32 + 1 int32 + 3 float32 + 3 float32 (best) = 16 values of 4 bytes
    expect(bin.byteLength).toBe(64);
    const json = JSON.parse(await readFile(join(dir, 'checkpoint.json'), 'utf8'));
    expect(json.weightsSha256).toBe(sha256Hex(bin));
    expect(json.weightsBytes).toBe(64);
    const loaded = await createFileCheckpointStore(dir).load();
    expect(Array.from(loaded!.modelWeights[0].values)).toEqual([0.5, -1, 2, 0.25, 3, -4]);
    expect(loaded!.optimizerWeights![0]).toEqual({ name: 'iter', shape: [], dtype: 'int32', values: Int32Array.from([20]) });
    expect(Array.from(loaded!.bestWeights![0].values)).toEqual(Array.from(Float32Array.from([0.1, 0.2, 0.3])));
    expect(loaded).not.toHaveProperty('weightsSha256');
    // the next epoch replaces the binary; the older one is removed
    await createFileCheckpointStore(dir).save(sampleCheckpoint(3));
    expect((await readdir(dir)).sort()).toEqual(['checkpoint-3.bin', 'checkpoint.json']);
  });

  it('a second save of the same epoch never overwrites the binary the current checkpoint.json names', async () => {
    const dir = await savedFolder('same-epoch', 2);
    const before = await readFile(join(dir, 'checkpoint-2.bin'));
    const again = sampleCheckpoint(2);
    again.finished = true;
    again.modelWeights[0].values[0] = 9;
    await createFileCheckpointStore(dir).save(again);
    expect((await readdir(dir)).sort()).toEqual(['checkpoint-2-1.bin', 'checkpoint.json']);
    const loaded = await createFileCheckpointStore(dir).load();
    expect(loaded!.finished).toBe(true);
    expect(loaded!.modelWeights[0].values[0]).toBe(9);
    // the state a kill between the two renames leaves: the old JSON still finds its old binary, intact
    const killed = await savedFolder('same-epoch-killed', 2);
    await writeFile(join(killed, 'checkpoint-2-1.bin'), new Uint8Array(64));
    expect(Array.from(await readFile(join(killed, 'checkpoint-2.bin')))).toEqual(Array.from(before));
    expect((await createFileCheckpointStore(killed).load())!.modelWeights[0].values[0]).toBe(0.5);
  });

  it('reads the folder once: a second load returns what the first read (the caller and trainClassifier share it); last summarizes it', async () => {
    const dir = await savedFolder('read-once', 4);
    const store = createFileCheckpointStore(dir);
    expect(store.last).toBeUndefined();
    const first = await store.load();
    expect(store.last).toEqual({ epochsCompleted: 4, finished: false, step: 40, weightsPath: join(dir, 'checkpoint-4.bin') });
    // were the folder read again, this would be seen (and refused: the checksum no longer matches)
    await writeFile(join(dir, 'checkpoint-4.bin'), new Uint8Array(64));
    expect(await store.load()).toBe(first);
    // a save replaces what the store holds; last follows it without a read
    await store.save(sampleCheckpoint(5));
    expect(store.last).toMatchObject({ epochsCompleted: 5, step: 50 });
    expect((await store.load())!.epochsCompleted).toBe(5);
    expect(await createFileCheckpointStore(join(root, 'nothing-here')).load()).toBeUndefined();
  });

  it('one changed byte in the binary is an IntegrityError naming it, with both checksums and the fix', async () => {
    const dir = await savedFolder('flipped');
    const bin = await readFile(join(dir, 'checkpoint-2.bin'));
    const recorded = sha256Hex(bin);
    bin[5] ^= 0x10;
    await writeFile(join(dir, 'checkpoint-2.bin'), bin);
    const error = await integrityError(dir);
    expect(error.file).toBe(join(dir, 'checkpoint-2.bin'));
    expect(error.message).toMatch(new RegExp(`^createFileCheckpointStore: .*checkpoint-2\\.bin: expected SHA-256 ${recorded} \\(from .*checkpoint\\.json\\), got SHA-256 ${sha256Hex(bin)} `));
  });

  it('a truncated binary is refused before it is read', async () => {
    const dir = await savedFolder('truncated');
    await truncate(join(dir, 'checkpoint-2.bin'), 10);
    const error = await integrityError(dir);
    expect(error.message).toMatch(/checkpoint-2\.bin: expected 64 bytes \(from .*checkpoint\.json\), got 10 bytes \(the file is truncated\)/);
  });

  it('non-finite values are refused even with a matching checksum, naming the tensor', async () => {
    const dir = await savedFolder('nan');
    const bin = new Uint8Array(await readFile(join(dir, 'checkpoint-2.bin')));
    new Float32Array(bin.buffer)[7] = Number.NaN; // modelWeights[1] (the bias), index 1
    await writeFile(join(dir, 'checkpoint-2.bin'), bin);
    await rewriteJson(dir, (json) => {
      json.weightsSha256 = sha256Hex(bin);
    });
    const error = await integrityError(dir);
    expect(error.message).toMatch(/expected finite values, got NaN at index 1 of modelWeights\[1\] \(dense\/bias\)/);
  });

  it('a checkpoint written before checksums still loads; its non-finite values are still refused', async () => {
    const dir = await savedFolder('legacy');
    await rewriteJson(dir, (json) => {
      delete json.weightsSha256;
      delete json.weightsBytes;
    });
    expect((await createFileCheckpointStore(dir).load())!.epochsCompleted).toBe(2);
    const bin = new Uint8Array(await readFile(join(dir, 'checkpoint-2.bin')));
    new Float32Array(bin.buffer)[0] = Number.POSITIVE_INFINITY;
    await writeFile(join(dir, 'checkpoint-2.bin'), bin);
    expect((await integrityError(dir)).message).toMatch(/got Infinity at index 0 of modelWeights\[0\]/);
  });

  it('a malformed checkpoint.json is an IntegrityError naming the field', async () => {
    const cases: Array<[(json: Record<string, any>) => void, RegExp]> = [
      [(j) => void (j.format = 'other'), /expected a digitkit training checkpoint/],
      [(j) => void (j.version = 2), /expected checkpoint format version 1, got version 2/],
      [(j) => void (j.weightsFile = '../../etc/passwd'), /expected weightsFile to name a checkpoint-<epoch>\[-<n>\]\.bin file in the same folder/],
      [(j) => void (j.epochsCompleted = -1), /expected epochsCompleted to be a non-negative integer, got -1/],
      [(j) => void (j.modelWeights[0].shape = [1e9, 1e9]), /expected modelWeights\[0\]\.length to be 1000000000000000000 \(the product of its shape\), got 6/],
      [(j) => void (j.modelWeights[0].offset = 3), /expected modelWeights\[0\]\.offset to be a non-negative multiple of 4, got 3/],
      [(j) => void (j.optimizerWeights = 'x'), /expected optimizerWeights to be an array of tensor references/],
      [(j) => void (j.modelWeights[1].offset = 1_000_000), /expected at least 1000012 bytes for modelWeights\[1\], got 64 bytes/],
    ];
    for (const [index, [edit, message]] of cases.entries()) {
      const dir = await savedFolder(`malformed-${index}`);
      await rewriteJson(dir, edit);
      expect((await integrityError(dir)).message).toMatch(message);
    }
    const huge = await savedFolder('huge-json');
    await truncate(join(huge, 'checkpoint.json'), 65 * 2 ** 20); // sparse: nothing is written
    expect((await integrityError(huge)).message).toMatch(/expected a checkpoint\.json of at most 67108864 bytes .*, got 68157440 bytes/);
    const dir = await savedFolder('not-json');
    await writeFile(join(dir, 'checkpoint.json'), '{"format": "digitkit-');
    expect((await integrityError(dir)).message).toMatch(/checkpoint\.json: expected JSON, got a parse error/);
  });

  it('temp files of killed writes are removed on the next load (resume) and save; those of a live process are kept', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const live = spawn('sleep', ['60']);
    try {
      const stale = `.checkpoint-1.bin.${dead}.0a1b2c3d.tmp`;
      const inProgress = `.checkpoint-1.bin.${live.pid}.deadbeef.tmp`;
      const dir = await savedFolder('temp-files', 1);
      await writeFile(join(dir, stale), 'half a write');
      await writeFile(join(dir, inProgress), 'a write in progress');
      await createFileCheckpointStore(dir).load();
      expect((await readdir(dir)).sort()).toEqual([inProgress, 'checkpoint-1.bin', 'checkpoint.json']);
      const fresh = join(root, 'temp-files-save');
      await mkdir(fresh);
      await writeFile(join(fresh, `.checkpoint.json.${dead}.00000000.tmp`), '{');
      await createFileCheckpointStore(fresh).save(sampleCheckpoint(1));
      expect((await readdir(fresh)).sort()).toEqual(['checkpoint-1.bin', 'checkpoint.json']);
    } finally {
      live.kill();
    }
  });

  it('options are closed', () => {
    expect(() => createFileCheckpointStore(join(root, 'x'), { startOverHnt: 'x' } as never)).toThrow(
      /createFileCheckpointStore: unknown option options\.startOverHnt \(did you mean startOverHint\?\); known options: startOverHint/,
    );
    expect(() => createFileCheckpointStore('')).toThrow(/createFileCheckpointStore: expected dir to be a non-empty string, got the string ""/);
  });
});

describe('checkCheckpointMatches', () => {
  const expected = (overrides: Partial<{ batchSize: number; seed: number; shape: number[] }> = {}) => ({
    settings: { batchSize: overrides.batchSize ?? 32, trainCount: 1000, optimizer: 'adam' },
    seed: overrides.seed,
    weights: [
      { name: 'dense/kernel', shape: overrides.shape ?? [2, 3] },
      { name: 'dense/bias', shape: [3] },
    ],
  });

  it('accepts the run that wrote the checkpoint', () => {
    expect(() => checkCheckpointMatches('trainClassifier', sampleCheckpoint(1), expected({ seed: 7 }))).not.toThrow();
  });

  it('a file store names its folder and says how to start over without speaking of API options', () => {
    const dir = join(root, 'run', 'checkpoint');
    const store = createFileCheckpointStore(dir);
    const error = (() => {
      try {
        checkCheckpointMatches('trainClassifier', sampleCheckpoint(1), expected({ batchSize: 64 }), store);
      } catch (e) {
        return e as MismatchError;
      }
    })();
    expect(error).toBeInstanceOf(MismatchError);
    expect(error!.message).toBe(
      `trainClassifier: the checkpoint in ${dir} does not match: expected batchSize 64, got batchSize 32 in the checkpoint; delete ${dir} or choose another output folder to start over`,
    );
    const cli = createFileCheckpointStore(dir, { startOverHint: 'run without --resume to start over' });
    expect(() => checkCheckpointMatches('trainClassifier', sampleCheckpoint(1), expected({ seed: 8 }), cli)).toThrow(
      /expected seed 8, got seed 7 in the checkpoint; run without --resume to start over$/,
    );
    expect(() => checkCheckpointMatches('trainClassifier', sampleCheckpoint(1), expected({ shape: [2, 4] }), store)).toThrow(
      /expected weight 0 \(dense\/kernel\) of shape \[2, 4\], got shape \[2, 3\] in the checkpoint/,
    );
  });

  it('a store without a hint (memory) gets the API wording', () => {
    expect(() => checkCheckpointMatches('trainClassifier', sampleCheckpoint(1), expected({ batchSize: 8 }), createMemoryCheckpointStore())).toThrow(
      /^trainClassifier: the checkpoint does not match: expected batchSize 8, got batchSize 32 in the checkpoint; pass resume: false \(or another checkpoint store\) to start over$/,
    );
  });
});
