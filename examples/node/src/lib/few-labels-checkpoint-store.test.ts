import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SemiSupervisedCheckpoint } from '@digitkit/cnn-models';
import { describe, expect, it } from 'vitest';
import { createFewLabelsCheckpointStore } from './few-labels-checkpoint-store.js';
import { UserError } from './user-error.js';

function checkpoint(step: number): SemiSupervisedCheckpoint {
  const tensor = (name: string, values: number[], dtype: 'float32' | 'int32' = 'float32') => ({
    name, shape: [values.length], dtype, values: dtype === 'int32' ? Int32Array.from(values) : Float32Array.from(values),
  });
  return {
    format: 'digitkit-semi-supervised-checkpoint', version: 1, step, finished: false,
    settings: { mode: 'fixmatch', seed: 3 },
    history: { mode: 'fixmatch', evaluations: [], bestStep: step, bestValAccuracy: 0.5, steps: step, rounds: [{ step: 1, perClass: [2, 3] }] },
    modelWeights: [tensor('w', [1.5, -2, 3.25]), tensor('b', [0.125])],
    emaWeights: [tensor('w', [1, 2, 3]), tensor('b', [4])],
    bestWeights: null,
    pseudoLabelled: { indices: [4, 9], labels: [1, 0] },
    optimizerWeights: [tensor('iter', [step], 'int32'), tensor('m', [0.1, 0.2, 0.3])],
    optimizerScalars: { accBeta1: 0.81 },
  };
}

describe('createFewLabelsCheckpointStore', () => {
  it('gives back what it saved (tensor values bit for bit) and keeps only the binary the JSON names', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'few-labels-store-')), 'checkpoint');
    const store = createFewLabelsCheckpointStore(dir, 'delete it');
    expect(await store.load()).toBeUndefined();
    await store.save(checkpoint(5));
    await store.save(checkpoint(10));
    expect(readdirSync(dir).sort()).toEqual(['checkpoint-10.bin', 'checkpoint.json']);
    const loaded = await store.load();
    expect(loaded).toEqual(checkpoint(10));
    expect(loaded!.optimizerWeights![0].values).toBeInstanceOf(Int32Array);
    // model 3 + 1, EMA 3 + 1, optimizer 1 + 3 values (no best weights), 4 bytes each.
    expect(readFileSync(join(dir, 'checkpoint-10.bin')).length).toBe(12 * 4);
  });

  it('refuses a binary that does not match its JSON, naming the fix', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'few-labels-store-')), 'checkpoint');
    const store = createFewLabelsCheckpointStore(dir, 'delete runs/x or pass another --out');
    await store.save(checkpoint(5));
    const bin = join(dir, 'checkpoint-5.bin');
    const bytes = readFileSync(bin);
    bytes[0] ^= 1;
    writeFileSync(bin, bytes);
    await expect(store.load()).rejects.toThrow(UserError);
    await expect(store.load()).rejects.toThrow(/does not match .*checkpoint\.json .*delete runs\/x or pass another --out/);
  });
});
