import { IntegrityError, createRng } from '@digitkit/core';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TrainingCheckpoint } from '../training/checkpoint-store.js';
import { createFileCheckpointStore } from './file-checkpoint-store.js';

let root: string;
let json: string;
let bin: Uint8Array;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cnn-models-ckpt-fuzz-'));
  const checkpoint: TrainingCheckpoint = {
    format: 'digitkit-training-checkpoint',
    version: 1,
    epochsCompleted: 3,
    finished: false,
    seed: 7,
    settings: { batchSize: 32, trainCount: 1000, optimizer: 'adam' },
    step: 30,
    learningRate: 0.001,
    earlyStopping: { wait: 1, best: 0.3, bestEpoch: 2, stoppedEpoch: null } as unknown as TrainingCheckpoint['earlyStopping'],
    reduceLrOnPlateau: null,
    history: { epochs: [{ epoch: 1, loss: 0.5 }], stoppedEarly: false } as unknown as TrainingCheckpoint['history'],
    modelWeights: [
      { name: 'k', shape: [4, 3], dtype: 'float32', values: Float32Array.from({ length: 12 }, (_, i) => i / 10) },
      { name: 'b', shape: [3], dtype: 'float32', values: Float32Array.from([1, 2, 3]) },
    ],
    optimizerWeights: [{ name: 'iter', shape: [], dtype: 'int32', values: Int32Array.from([30]) }],
    bestWeights: null,
  };
  await createFileCheckpointStore(join(root, 'source')).save(checkpoint);
  json = await readFile(join(root, 'source', 'checkpoint.json'), 'utf8');
  bin = new Uint8Array(await readFile(join(root, 'source', 'checkpoint-3.bin')));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const HOSTILE: unknown[] = [-1, 0, 3, 1.5, 1e9, 2 ** 53, 1e308, null, true, 'x', '', [], {}, [1e9, 1e9], 'checkpoint-3.bin', '../x'];

function leaves(value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const path = [...prefix, Array.isArray(value) ? Number(key) : key];
      out.push(path);
      leaves(child, path, out);
    }
  }
  return out;
}

it('400 seeded mutations of checkpoint.json and the binary: each loads or throws an IntegrityError in one line', async () => {
  const random = createRng(7_031);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const outcomes: Record<string, number> = {};
  const unexpected: string[] = [];
  for (let trial = 0; trial < 400; trial++) {
    let text = json;
    let bytes = bin.slice();
    const kind = pick(['json-bytes', 'json-structure', 'json-structure', 'binary', 'binary-rechecksummed'] as const);
    if (kind === 'json-bytes') {
      const encoded = new TextEncoder().encode(json);
      if (random() < 0.3) text = new TextDecoder().decode(encoded.subarray(0, Math.floor(random() * encoded.length)));
      else {
        for (let i = 0; i < 1 + Math.floor(random() * 6); i++) encoded[Math.floor(random() * encoded.length)] = Math.floor(random() * 256);
        text = new TextDecoder().decode(encoded);
      }
    } else if (kind === 'json-structure') {
      const parsed = JSON.parse(json) as Record<string, unknown>;
      for (let i = 0; i < 1 + Math.floor(random() * 3); i++) {
        const path = pick(leaves(parsed));
        let parent = parsed as Record<string | number, unknown>;
        for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
        if (random() < 0.2 && !Array.isArray(parent)) delete parent[path[path.length - 1]];
        else parent[path[path.length - 1]] = structuredClone(pick(HOSTILE));
      }
      text = JSON.stringify(parsed);
    } else {
      if (random() < 0.2) bytes = bytes.subarray(0, Math.floor(random() * bytes.length));
      else for (let i = 0; i < 1 + Math.floor(random() * 4); i++) bytes[Math.floor(random() * bytes.length)] = random() < 0.5 ? 0xff : Math.floor(random() * 256);
      if (kind === 'binary-rechecksummed') {
        const parsed = JSON.parse(json);
        parsed.weightsSha256 = createHash('sha256').update(bytes).digest('hex');
        parsed.weightsBytes = bytes.byteLength;
        text = JSON.stringify(parsed);
      }
    }
    const dir = join(root, `trial-${trial % 4}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir);
    await writeFile(join(dir, 'checkpoint.json'), text);
    await writeFile(join(dir, 'checkpoint-3.bin'), bytes);
    try {
      await createFileCheckpointStore(dir).load();
      outcomes[`${kind}: loaded`] = (outcomes[`${kind}: loaded`] ?? 0) + 1;
    } catch (error) {
      const ok = error instanceof IntegrityError && !(error as Error).message.includes('\n');
      if (!ok) unexpected.push(`trial ${trial} (${kind}): ${(error as Error)?.name}: ${(error as Error)?.message}`.slice(0, 300));
      outcomes[`${kind}: ${ok ? 'IntegrityError' : 'other'}`] = (outcomes[`${kind}: ${ok ? 'IntegrityError' : 'other'}`] ?? 0) + 1;
    }
  }
  console.log(outcomes);
  expect(unexpected).toEqual([]);
  expect(outcomes['binary: IntegrityError']).toBeGreaterThan(20);
  expect(outcomes['json-structure: IntegrityError']).toBeGreaterThan(20);
}, 120_000);
