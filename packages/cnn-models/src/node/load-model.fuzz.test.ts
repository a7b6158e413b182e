import { FileSystemError, IntegrityError, createRng } from '@digitkit/core';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadModel } from './load-model.js';
import { saveModel } from './save-model.js';

let root: string;
let modelJson: string;
let weights: Uint8Array;

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'cnn-models-fuzz-'));
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [12], units: 6, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
      tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  await saveModel(model, join(root, 'source'), { quantize: undefined });
  model.dispose();
  modelJson = await readFile(join(root, 'source', 'model.json'), 'utf8');
  weights = new Uint8Array(await readFile(join(root, 'source', 'weights.bin')));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const HOSTILE_VALUES: unknown[] = [-1, 0, 1.5, 1e9, 2 ** 53, -(2 ** 31), 1e308, null, true, 'x', '', [], {}, [1e9, 1e9], [-1]];

/** Every path to a value inside a JSON value (objects and arrays). */
function paths(value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const path = [...prefix, Array.isArray(value) ? Number(key) : key];
      out.push(path);
      paths(child, path, out);
    }
  }
  return out;
}

/** One mutated model folder: bytes of model.json, structure of model.json, or the weights (with or without a fresh checksum). */
function mutate(random: () => number): { json: string; bin: Uint8Array; kind: string } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const bin = weights.slice();
  const kind = pick(['json-bytes', 'json-structure', 'json-structure', 'weights', 'weights-rechecksummed', 'legacy-weights'] as const);
  if (kind === 'json-bytes') {
    const bytes = new TextEncoder().encode(modelJson);
    const mode = random();
    if (mode < 0.3) return { json: new TextDecoder().decode(bytes.subarray(0, Math.floor(random() * bytes.length))), bin, kind };
    for (let i = 0, n = 1 + Math.floor(random() * 8); i < n; i++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
    return { json: new TextDecoder().decode(bytes), bin, kind };
  }
  const json = JSON.parse(modelJson) as Record<string, unknown>;
  if (kind === 'json-structure') {
    for (let i = 0, n = 1 + Math.floor(random() * 3); i < n; i++) {
      const path = pick(paths(json));
      let parent = json as Record<string | number, unknown>;
      for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
      const last = path[path.length - 1];
      if (random() < 0.2 && !Array.isArray(parent)) delete parent[last];
      else parent[last] = structuredClone(pick(HOSTILE_VALUES));
    }
    return { json: JSON.stringify(json), bin, kind };
  }
  const mode = random();
  if (mode < 0.15) return { json: JSON.stringify(json), bin: bin.subarray(0, Math.floor(random() * bin.length)), kind };
  if (mode < 0.25) return { json: JSON.stringify(json), bin: new Uint8Array([...bin, 1, 2, 3, 4]), kind };
  for (let i = 0, n = 1 + Math.floor(random() * 6); i < n; i++) bin[Math.floor(random() * bin.length)] = random() < 0.5 ? 0xff : Math.floor(random() * 256);
  const checksums = json.weightsSha256 as Record<string, string>;
  if (kind === 'weights-rechecksummed') checksums['./weights.bin'] = createHash('sha256').update(bin).digest('hex');
  if (kind === 'legacy-weights') delete json.weightsSha256;
  return { json: JSON.stringify(json), bin, kind };
}

it('600 seeded mutations of model.json and weights.bin: each loads or throws IntegrityError/FileSystemError; no tensor leaks, memory bounded', async () => {
  const random = createRng(20_261_201);
  const tensorsBefore = tf.memory().numTensors;
  const rssBefore = process.memoryUsage().rss;
  const outcomes: Record<string, number> = {};
  const unexpected: string[] = [];
  for (let trial = 0; trial < 600; trial++) {
    const { json, bin, kind } = mutate(random);
    const dir = join(root, `trial-${trial % 8}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir);
    await writeFile(join(dir, 'model.json'), json);
    await writeFile(join(dir, 'weights.bin'), bin);
    try {
      const model = await loadModel(dir);
      tf.tidy(() => {
        model.predict(tf.zeros([1, 12]));
      });
      model.dispose();
      outcomes[`${kind}: loaded`] = (outcomes[`${kind}: loaded`] ?? 0) + 1;
    } catch (error) {
      const typed = error instanceof IntegrityError || error instanceof FileSystemError;
      if (!typed) unexpected.push(`trial ${trial} (${kind}): ${(error as Error)?.name}: ${(error as Error)?.message}`.slice(0, 300));
      else if ((error as Error).message.includes('\n')) unexpected.push(`trial ${trial} (${kind}): message on several lines`);
      const key = `${kind}: ${typed ? (error as Error).name : 'other'}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    }
  }
  console.log(outcomes);
  expect(unexpected).toEqual([]);
  // the fuzzer reaches every path: some mutations load, checksums and malformed JSON are caught
  expect(outcomes['weights: IntegrityError']).toBeGreaterThan(20);
  expect(outcomes['json-bytes: IntegrityError']).toBeGreaterThan(20);
  expect(outcomes['json-structure: IntegrityError']).toBeGreaterThan(20);
  expect(Object.keys(outcomes).some((k) => k.endsWith('loaded'))).toBe(true);
  expect(tf.memory().numTensors).toBe(tensorsBefore);
  expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 2 ** 20);
}, 300_000);
