import { IntegrityError, checkOptions, checkString, describeValue } from '@digitkit/core';
import { makeFolder, removeStaleTempFiles, sha256, writeFileAtomic } from '@digitkit/core/node';
import { readFile, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckpointStore, SerializedTensor, TrainingCheckpoint } from '../training/checkpoint-store.js';
import { fileSystemFailure } from './file-system-failure.js';
import { readVerifiedFile } from './read-verified-file.js';

/** File name of the checkpoint's JSON part. */
export const CHECKPOINT_JSON = 'checkpoint.json';

const FN = 'createFileCheckpointStore';
const OPTION_KEYS = ['startOverHint'] as const;
const WEIGHTS_FILE = /^checkpoint-\d+(-\d+)?\.bin$/;
/** Largest `checkpoint.json` read (64 MiB): settings, history and the tensor index, never the tensors. */
const MAX_CHECKPOINT_JSON_BYTES = 64 * 2 ** 20;

/** Options of {@link createFileCheckpointStore}. */
export interface FileCheckpointStoreOptions {
  /**
   * The fix named when the stored checkpoint does not fit the run (a `MismatchError`). Default
   * `"delete <dir> or choose another output folder to start over"`; a CLI can name its own flags here.
   */
  startOverHint?: string;
}

/** What a file checkpoint store last read or wrote (without the weights). */
export interface CheckpointSummary {
  /** Epochs finished. */
  epochsCompleted: number;
  /** The run finished (all epochs done or stopped early). */
  finished: boolean;
  /** Global step count (batches done). */
  step: number;
  /** Path of the binary file holding the tensors. */
  weightsPath: string;
}

/** A {@link CheckpointStore} in a folder, as returned by {@link createFileCheckpointStore}. */
export interface FileCheckpointStore extends CheckpointStore {
  /** The folder. */
  readonly location: string;
  /** The fix of a checkpoint mismatch. */
  readonly startOverHint: string;
  /**
   * The checkpoint this store last read (`load`) or wrote (`save`), summarized; `undefined` before either, or
   * when `load` found none. Lets a caller report progress (e.g. "interrupted after epoch 3") without reading the
   * folder again.
   */
  readonly last: CheckpointSummary | undefined;
}

interface TensorRef {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  offset: number;
  length: number;
}

type StoredCheckpoint = Omit<TrainingCheckpoint, 'modelWeights' | 'optimizerWeights' | 'bestWeights'> & {
  weightsFile: string;
  /** Size of `weightsFile` (absent in checkpoints written before checksums). */
  weightsBytes?: number;
  /** SHA-256 of `weightsFile` (absent in checkpoints written before checksums: then only its size is checked). */
  weightsSha256?: string;
  modelWeights: TensorRef[];
  optimizerWeights: TensorRef[] | null;
  bestWeights: TensorRef[] | null;
};

/**
 * A checkpoint store in a folder: `checkpoint.json` (epoch, seed, callback states, history, tensor index and the
 * SHA-256 of the binary file) and `checkpoint-<epoch>.bin` (model weights, optimizer slots, best weights). The
 * binary file is written first and the JSON, which names it, second — both atomically (temp file + fsync +
 * rename) — so a process killed at any moment leaves the previous complete checkpoint or the new one. Older binary
 * files are then removed, and temp files left by killed writes are removed on the first `load` or `save`.
 *
 * The folder is read once: `load` keeps what it read and returns it again until the next `save`, so a caller
 * (a CLI showing "resuming from epoch 3") and `trainClassifier` share one read; `last` summarizes the checkpoint
 * last read or written.
 *
 * `load` verifies the checkpoint: the JSON's structure, the binary's size and SHA-256 (checkpoints written before
 * checksums are checked for size only) and finite values.
 *
 * @param dir - Folder of the checkpoint (created when missing).
 * @param options - `startOverHint`. Closed: an unknown key is a TypeError naming it.
 * @throws (from `load`/`save`) FileSystemError naming the file, the problem and a fix; IntegrityError (from
 *   `load`) when a file is not what was written.
 */
export function createFileCheckpointStore(dir: string, options: FileCheckpointStoreOptions = {}): FileCheckpointStore {
  checkString(FN, 'dir', dir);
  const resolved = checkOptions(FN, options, OPTION_KEYS);
  const startOverHint =
    resolved.startOverHint === undefined
      ? `delete ${dir} or choose another output folder to start over`
      : checkString(FN, 'options.startOverHint', resolved.startOverHint);
  let cached: TrainingCheckpoint | undefined;
  let last: CheckpointSummary | undefined;
  let cleaned = false;

  const cleanOnce = async () => {
    if (cleaned) return;
    await removeStaleTempFiles(dir).catch((error: unknown) => {
      throw fileSystemFailure(error, { functionName: FN, operation: 'read the folder', path: dir });
    });
    cleaned = true;
  };

  return {
    location: dir,
    startOverHint,
    get last() {
      return last;
    },

    async load() {
      if (cached !== undefined) return cached;
      await cleanOnce();
      const jsonPath = join(dir, CHECKPOINT_JSON);
      let text: string;
      try {
        const info = await stat(jsonPath);
        if (info.size > MAX_CHECKPOINT_JSON_BYTES) {
          throw new IntegrityError({
            functionName: FN,
            file: jsonPath,
            expected: `a checkpoint.json of at most ${MAX_CHECKPOINT_JSON_BYTES} bytes (the tensors live in the .bin file)`,
            found: `${info.size} bytes`,
            fix: `the checkpoint is damaged: ${startOverHint}`,
          });
        }
        text = await readFile(jsonPath, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw fileSystemFailure(error, { functionName: FN, operation: 'read', path: jsonPath });
      }
      const stored = parseStoredCheckpoint(jsonPath, text, startOverHint);
      const weightsPath = join(dir, stored.weightsFile);
      const bytes = await readVerifiedFile(weightsPath, {
        functionName: FN,
        expectedBytes: stored.weightsBytes ?? endOfTensors(stored),
        describedBy: jsonPath,
        sha256: stored.weightsSha256,
        fix: `the checkpoint is damaged: ${startOverHint}`,
        missingFix: `the checkpoint is incomplete: ${startOverHint}`,
      });
      const checkpoint = readTensors(stored, bytes, weightsPath, startOverHint);
      cached = checkpoint;
      last = summarize(checkpoint, weightsPath);
      return checkpoint;
    },

    async save(checkpoint) {
      await makeFolder(dir, { functionName: FN }).catch((error: unknown) => {
        throw fileSystemFailure(error, { functionName: FN, operation: 'create the folder', path: dir });
      });
      await cleanOnce();
      // Never overwrite a binary the current checkpoint.json may name (a second save of the same epoch, a run
      // started over): a kill between the two renames must leave the previous checkpoint whole.
      const present = new Set(await readdir(dir).catch(() => [] as string[]));
      let weightsFile = `checkpoint-${checkpoint.epochsCompleted}.bin`;
      for (let k = 1; present.has(weightsFile); k++) weightsFile = `checkpoint-${checkpoint.epochsCompleted}-${k}.bin`;
      const { stored, data } = packCheckpoint(checkpoint, weightsFile);
      const weightsPath = join(dir, weightsFile);
      const jsonPath = join(dir, CHECKPOINT_JSON);
      cached = undefined;
      for (const [file, content] of [[weightsPath, data], [jsonPath, JSON.stringify(stored)]] as const) {
        await writeFileAtomic(file, content, { functionName: FN, createFolder: false }).catch((error: unknown) => {
          throw fileSystemFailure(error, { functionName: FN, operation: 'write', path: file });
        });
      }
      last = summarize(checkpoint, weightsPath);
      for (const file of await readdir(dir).catch(() => [] as string[])) {
        if (WEIGHTS_FILE.test(file) && file !== weightsFile) await unlink(join(dir, file)).catch(() => undefined);
      }
    },
  };
}

function summarize(checkpoint: TrainingCheckpoint, weightsPath: string): CheckpointSummary {
  return { epochsCompleted: checkpoint.epochsCompleted, finished: checkpoint.finished, step: checkpoint.step, weightsPath };
}

/** Lays the tensors out in one buffer and indexes them in the JSON part, with the buffer's size and SHA-256. */
function packCheckpoint(checkpoint: TrainingCheckpoint, weightsFile: string): { stored: StoredCheckpoint; data: Uint8Array } {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const index = (tensors: SerializedTensor[] | null): TensorRef[] | null =>
    tensors === null
      ? null
      : tensors.map((t) => {
          const bytes = new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength);
          chunks.push(bytes);
          const ref: TensorRef = { name: t.name, shape: t.shape, dtype: t.dtype, offset, length: t.values.length };
          offset += bytes.byteLength;
          return ref;
        });
  const modelWeights = index(checkpoint.modelWeights) ?? [];
  const optimizerWeights = index(checkpoint.optimizerWeights);
  const bestWeights = index(checkpoint.bestWeights);
  const data = new Uint8Array(offset);
  let position = 0;
  for (const chunk of chunks) {
    data.set(chunk, position);
    position += chunk.byteLength;
  }
  const stored: StoredCheckpoint = {
    ...checkpoint,
    weightsFile,
    weightsBytes: data.byteLength,
    weightsSha256: sha256(data),
    modelWeights,
    optimizerWeights,
    bestWeights,
  };
  return { stored, data };
}

/** Parses and checks `checkpoint.json`: IntegrityError naming the file and the field when it is not one. */
function parseStoredCheckpoint(jsonPath: string, text: string, startOverHint: string): StoredCheckpoint {
  function fail(expected: string, found: string): never {
    throw new IntegrityError({ functionName: FN, file: jsonPath, expected, found, fix: `the checkpoint is damaged: ${startOverHint}` });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    fail('JSON', `a parse error (${(error as Error).message})`);
  }
  const s = parsed as Partial<StoredCheckpoint> | null;
  if (s === null || typeof s !== 'object' || s.format !== 'digitkit-training-checkpoint') {
    fail('a digitkit training checkpoint (format "digitkit-training-checkpoint")', describeValue(s?.format ?? s));
  }
  const c = s as StoredCheckpoint;
  if (c.version !== 1) fail('checkpoint format version 1', `version ${describeValue(c.version)}`);
  if (typeof c.weightsFile !== 'string' || !WEIGHTS_FILE.test(c.weightsFile)) {
    fail('weightsFile to name a checkpoint-<epoch>[-<n>].bin file in the same folder', describeValue(c.weightsFile));
  }
  for (const key of ['epochsCompleted', 'step'] as const) {
    if (!Number.isSafeInteger(c[key]) || c[key] < 0) fail(`${key} to be a non-negative integer`, describeValue(c[key]));
  }
  for (const key of ['seed', 'learningRate'] as const) {
    if (!Number.isFinite(c[key])) fail(`${key} to be a finite number`, describeValue(c[key]));
  }
  if (typeof c.finished !== 'boolean') fail('finished to be a boolean', describeValue(c.finished));
  if (c.settings === null || typeof c.settings !== 'object') fail('settings to be an object', describeValue(c.settings));
  if (c.history === null || typeof c.history !== 'object' || !Array.isArray(c.history.epochs)) {
    fail('history to be { epochs: [...] }', describeValue(c.history));
  }
  if (c.weightsBytes !== undefined && !(Number.isSafeInteger(c.weightsBytes) && c.weightsBytes >= 0)) {
    fail('weightsBytes to be a non-negative integer', describeValue(c.weightsBytes));
  }
  if (c.weightsSha256 !== undefined && (typeof c.weightsSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(c.weightsSha256))) {
    fail('weightsSha256 to be 64 hex digits', describeValue(c.weightsSha256));
  }
  const scalars = c.optimizerScalars as unknown;
  if (scalars != null && (typeof scalars !== 'object' || Object.values(scalars).some((v) => !Number.isFinite(v)))) {
    fail('optimizerScalars to map names to finite numbers', describeValue(scalars));
  }
  const checkRefs = (key: 'modelWeights' | 'optimizerWeights' | 'bestWeights', nullable: boolean) => {
    const refs = c[key] as unknown;
    if (refs === null && nullable) return;
    if (!Array.isArray(refs)) fail(`${key} to be an array of tensor references`, describeValue(refs));
    (refs as unknown[]).forEach((ref, i) => {
      const r = ref as Partial<TensorRef> | null;
      const where = `${key}[${i}]`;
      if (r === null || typeof r !== 'object') fail(`${where} to be { name, shape, dtype, offset, length }`, describeValue(r));
      const shape = r.shape as unknown;
      if (!Array.isArray(shape) || shape.length > 8 || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
        fail(`${where}.shape to be at most 8 non-negative integers`, describeValue(shape));
      }
      if (r.dtype !== 'float32' && r.dtype !== 'int32') fail(`${where}.dtype to be 'float32' or 'int32'`, describeValue(r.dtype));
      if (!Number.isSafeInteger(r.offset) || r.offset! < 0 || r.offset! % 4 !== 0) fail(`${where}.offset to be a non-negative multiple of 4`, describeValue(r.offset));
      const size = (shape as number[]).reduce((a, b) => a * b, 1);
      if (r.length !== size) fail(`${where}.length to be ${size} (the product of its shape)`, describeValue(r.length));
      if (typeof r.name !== 'string') fail(`${where}.name to be a string`, describeValue(r.name));
    });
  };
  checkRefs('modelWeights', false);
  checkRefs('optimizerWeights', true);
  checkRefs('bestWeights', true);
  return c;
}

/** Byte size the tensor index implies (for checkpoints written before `weightsBytes` was recorded). */
function endOfTensors(stored: StoredCheckpoint): number {
  let end = 0;
  for (const refs of [stored.modelWeights, stored.optimizerWeights ?? [], stored.bestWeights ?? []]) {
    for (const ref of refs) end = Math.max(end, ref.offset + ref.length * 4);
  }
  return end;
}

/** Cuts the tensors out of the verified binary; refuses references past its end and non-finite values. */
function readTensors(stored: StoredCheckpoint, bytes: Uint8Array, weightsPath: string, startOverHint: string): TrainingCheckpoint {
  const read = (key: 'modelWeights' | 'optimizerWeights' | 'bestWeights'): SerializedTensor[] | null => {
    const refs = stored[key];
    if (refs === null) return null;
    return refs.map((ref, i) => {
      const end = ref.offset + ref.length * 4;
      if (end > bytes.byteLength) {
        throw new IntegrityError({
          functionName: FN,
          file: weightsPath,
          expected: `at least ${end} bytes for ${key}[${i}]`,
          found: `${bytes.byteLength} bytes`,
          fix: `the checkpoint is damaged: ${startOverHint}`,
        });
      }
      const copy = bytes.slice(ref.offset, end).buffer;
      const values = ref.dtype === 'int32' ? new Int32Array(copy) : new Float32Array(copy);
      if (values instanceof Float32Array) {
        const bad = values.findIndex((v) => !Number.isFinite(v));
        if (bad >= 0) {
          throw new IntegrityError({
            functionName: FN,
            file: weightsPath,
            expected: 'finite values',
            found: `${values[bad]} at index ${bad} of ${key}[${i}] (${ref.name})`,
            fix: `the checkpoint is damaged or the run diverged: ${startOverHint}`,
          });
        }
      }
      return { name: ref.name, shape: ref.shape, dtype: ref.dtype, values };
    });
  };
  const { weightsFile: _file, weightsBytes: _bytes, weightsSha256: _sha, ...rest } = stored;
  return {
    ...rest,
    modelWeights: read('modelWeights') ?? [],
    optimizerWeights: read('optimizerWeights'),
    bestWeights: read('bestWeights'),
  };
}
