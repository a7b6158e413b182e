import { FileSystemError } from '@digitkit/core';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingCheckpoint } from '../training/checkpoint-store.js';
import { createFileCheckpointStore } from './file-checkpoint-store.js';
import { fileSystemFailure } from './file-system-failure.js';
import { loadModel } from './load-model.js';
import { saveModel } from './save-model.js';

const root = mkdtempSync(join(tmpdir(), 'cnn-models-fs-errors-'));
const isRoot = process.getuid?.() === 0;

/**
 * Mounts a tmpfs (Linux, root: the CI machine) to get real ENOSPC and EROFS errors; returns `false` where that is
 * not possible, and the tests that need it are skipped (the mapping itself is still tested below with stubs).
 */
function mountTmpfs(dir: string, options: string): boolean {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
function unmount(dir: string): void {
  try {
    execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
  } catch {
    // not mounted
  }
}
const full = join(root, 'full');
const readOnly = join(root, 'read-only');
// Probed when the tests are collected (and unmounted at once); mounted for real in beforeAll.
const canMount = process.platform === 'linux' && isRoot && mountTmpfs(join(root, 'probe'), 'size=16k');
if (canMount) unmount(join(root, 'probe'));
const canMountFull = canMount;
const canMountReadOnly = canMount;

let model: tfl.LayersModel;
beforeAll(async () => {
  await tf.setBackend('cpu');
  if (canMount) {
    expect(mountTmpfs(full, 'size=16k') && mountTmpfs(readOnly, 'ro,size=16k')).toBe(true);
  }
  // 784×32 + 32 + 32×10 + 10 float32 values ≈ 100 KB: more than the 16 KB tmpfs holds
  model = tfl.sequential({
    layers: [tfl.layers.dense({ inputShape: [784], units: 32 }), tfl.layers.dense({ units: 10, activation: 'softmax' })],
  });
});
afterAll(() => {
  model.dispose();
  if (canMount) [full, readOnly].forEach(unmount);
  try {
    chmodSync(join(root, 'no-write'), 0o700);
  } catch {
    // not created
  }
  rmSync(root, { recursive: true, force: true });
});

function checkpoint(): TrainingCheckpoint {
  return {
    format: 'digitkit-training-checkpoint',
    version: 1,
    epochsCompleted: 1,
    finished: false,
    seed: 1,
    settings: { batchSize: 8, trainCount: 80, optimizer: 'adam' },
    step: 10,
    learningRate: 0.001,
    earlyStopping: null,
    reduceLrOnPlateau: null,
    history: { epochs: [], stoppedEarly: false } as unknown as TrainingCheckpoint['history'],
    modelWeights: [{ name: 'w', shape: [8192], dtype: 'float32', values: new Float32Array(8192) }],
    optimizerWeights: null,
    bestWeights: null,
  };
}

async function fileSystemError(promise: Promise<unknown>): Promise<FileSystemError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FileSystemError);
  expect((error as Error).message).not.toContain('\n');
  return error as FileSystemError;
}

describe('file-system errors name the file, the problem and the fix', () => {
  it.runIf(canMountFull)('no space left (a 16 KB tmpfs): saveModel and the checkpoint store, no temp file left', async () => {
    const dir = join(full, 'model');
    const error = await fileSystemError(saveModel(model, dir));
    expect(error.code).toBe('ENOSPC');
    expect(error.message).toBe(
      `saveModel: cannot write ${join(dir, 'weights.bin')}: no space left on the device (ENOSPC); free some disk space or choose another output folder`,
    );
    const checkpointDir = join(full, 'checkpoint');
    const fromStore = await fileSystemError(createFileCheckpointStore(checkpointDir).save(checkpoint()));
    expect(fromStore.message).toBe(
      `createFileCheckpointStore: cannot write ${join(checkpointDir, 'checkpoint-1.bin')}: no space left on the device (ENOSPC); free some disk space or choose another output folder`,
    );
    expect(readdirSync(dir)).toEqual([]);
    expect(readdirSync(checkpointDir)).toEqual([]);
  });

  it.runIf(canMountReadOnly)('a read-only file system (EROFS), not "no such file"', async () => {
    const dir = join(readOnly, 'model');
    const error = await fileSystemError(saveModel(model, dir));
    expect(error.message).toBe(
      `saveModel: cannot create the folder ${dir}: the file system is read-only (EROFS); choose a folder you can write to`,
    );
    const store = await fileSystemError(createFileCheckpointStore(readOnly).save(checkpoint()));
    expect(store.message).toBe(
      `createFileCheckpointStore: cannot write ${join(readOnly, 'checkpoint-1.bin')}: the file system is read-only (EROFS); choose a folder you can write to`,
    );
  });

  it.runIf(!isRoot)('a folder without write permission (chmod; root ignores it) is EACCES', async () => {
    const dir = join(root, 'no-write');
    mkdirSync(dir);
    chmodSync(dir, 0o500);
    const error = await fileSystemError(saveModel(model, dir));
    expect(error.message).toMatch(/^saveModel: cannot write .*weights\.bin: permission denied \(EACCES\); choose a folder you can write to$/);
  });

  it('a path under a regular file (works as root too) is ENOTDIR, for save, checkpoint save and load', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'not a folder');
    const error = await fileSystemError(saveModel(model, join(file, 'model')));
    expect(error.code).toBe('ENOTDIR');
    expect(error.message).toBe(
      `saveModel: cannot create the folder ${file}: a file is in the way (ENOTDIR); a part of the path is a file, not a folder: choose another path`,
    );
    const store = await fileSystemError(createFileCheckpointStore(join(file, 'checkpoint')).save(checkpoint()));
    expect(store.message).toMatch(/^createFileCheckpointStore: cannot create the folder .*a-file: a file is in the way \(ENOTDIR\); a part of the path is a file/);
    const load = await fileSystemError(loadModel(join(file, 'model')));
    expect(load.message).toBe(
      `loadModel: cannot read ${join(file, 'model', 'model.json')}: a part of the path is not a directory (ENOTDIR); a part of the path is a file, not a folder: choose another path`,
    );
    const resume = await fileSystemError(createFileCheckpointStore(join(file, 'checkpoint')).load());
    expect(resume.code).toBe('ENOTDIR');
  });

  it.runIf(process.platform === 'linux')('a folder that cannot be created under /proc fails at once (Node mkdir -p would spin forever)', async () => {
    const error = await fileSystemError(saveModel(model, '/proc/digitkit-test/model'));
    expect(error.message).toBe(
      'saveModel: cannot create the folder /proc/digitkit-test: /proc does not accept new folders (ENOENT); choose another output folder',
    );
  });

  it('the mapping of every error code (stubbed errors, for machines where tmpfs cannot be mounted)', () => {
    const stub = (code: string) => Object.assign(new Error(`${code}: stubbed`), { code });
    const details = { functionName: 'saveModel', operation: 'write', path: '/runs/a/model/weights.bin' };
    expect(fileSystemFailure(stub('ENOSPC'), details).message).toBe(
      'saveModel: cannot write /runs/a/model/weights.bin: no space left on the device (ENOSPC); free some disk space or choose another output folder',
    );
    expect(fileSystemFailure(stub('EDQUOT'), details).message).toMatch(/disk quota exceeded \(EDQUOT\); free some disk space/);
    expect(fileSystemFailure(stub('EROFS'), details).message).toMatch(/the file system is read-only \(EROFS\); choose a folder you can write to$/);
    expect(fileSystemFailure(stub('EACCES'), details).message).toMatch(/permission denied \(EACCES\); choose a folder you can write to$/);
    expect(fileSystemFailure(stub('EACCES'), { ...details, operation: 'read' }).message).toMatch(/permission denied \(EACCES\); check the permissions of the file$/);
    expect(fileSystemFailure(stub('ENOENT'), { ...details, operation: 'read', missingFix: 'check the model folder' }).message).toMatch(
      /no such file or directory \(ENOENT\); check the model folder$/,
    );
    expect(fileSystemFailure(stub('EIO'), details).message).toBe('saveModel: cannot write /runs/a/model/weights.bin: input/output error (EIO)');
    // core's FileSystemError (from writeFileAtomic) is re-worded for the public function, with the fix added
    const fromCore = new FileSystemError({ functionName: 'writeFileAtomic', operation: 'write', path: '/x/y', code: 'ENOSPC', cause: stub('ENOSPC') });
    expect(fileSystemFailure(fromCore, details).message).toBe(
      'saveModel: cannot write /x/y: no space left on the device (ENOSPC); free some disk space or choose another output folder',
    );
  });
});
