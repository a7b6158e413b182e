import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSystemError } from '../errors/file-system-error.js';
import { removeStaleTempFiles } from './remove-stale-temp-files.js';
import { sha256 } from './sha256.js';
import { writeFileAtomic } from './write-file-atomic.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'digitkit-core-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes the bytes, creates the folder and leaves no temporary file', async () => {
    const path = join(folder, 'a', 'b', 'model.bin');
    await writeFileAtomic(path, Uint8Array.from([1, 2, 3]));
    expect(Array.from(await readFile(path))).toEqual([1, 2, 3]);
    await writeFileAtomic(path, 'replaced');
    expect(await readFile(path, 'utf8')).toBe('replaced');
    expect(await readdir(join(folder, 'a', 'b'))).toEqual(['model.bin']);
  });

  it('throws a FileSystemError naming the path when the folder cannot exist (a file in the way)', async () => {
    await writeFile(join(folder, 'file'), 'x');
    const target = join(folder, 'file', 'model.json');
    const error = await writeFileAtomic(target, 'x', { functionName: 'saveModel' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileSystemError);
    expect((error as FileSystemError).message).toMatch(/^saveModel: cannot create the folder .*file: .*\((ENOTDIR|EEXIST)\)$/);
  });

  it('throws a FileSystemError naming the path and leaves no temporary file when the target is a folder', async () => {
    const target = join(folder, 'dir');
    await writeFileAtomic(join(target, 'inner'), 'x');
    const error = await writeFileAtomic(target, 'y').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileSystemError);
    expect((error as FileSystemError).path).toBe(target);
    expect((await readdir(folder)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('removeStaleTempFiles', () => {
  it('removes temporary files of dead processes only', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const stale = `.checkpoint-1.bin.${dead}.0123abcd.tmp`;
    const live = `.checkpoint-2.bin.${process.pid}.89abcdef.tmp`;
    for (const name of [stale, live, 'model.json', 'notes.tmp']) await writeFile(join(folder, name), 'x');
    expect(await removeStaleTempFiles(folder)).toEqual([stale]);
    expect((await readdir(folder)).sort()).toEqual([live, 'model.json', 'notes.tmp'].sort());
    expect(await removeStaleTempFiles(join(folder, 'missing'))).toEqual([]);
  });
});

describe('sha256', () => {
  it('matches the published test vectors', () => {
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('writeFileAtomic under /proc', () => {
  it.runIf(process.platform === 'linux')('fails at once with a FileSystemError instead of spinning in mkdir', async () => {
    const error = await writeFileAtomic('/proc/digitkit-no-such/run/metrics.json', '{}').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileSystemError);
  });
});
