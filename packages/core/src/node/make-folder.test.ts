import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSystemError } from '../errors/file-system-error.js';
import { makeFolder } from './make-folder.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'digitkit-core-mkdir-'));
});
afterEach(async () => {
  await chmod(folder, 0o700).catch(() => undefined);
  await rm(folder, { recursive: true, force: true });
});

describe('makeFolder', () => {
  it('creates missing parents and accepts an existing folder', async () => {
    const path = join(folder, 'a', 'b', 'c');
    await makeFolder(path);
    expect((await stat(path)).isDirectory()).toBe(true);
    await makeFolder(path);
    await makeFolder(folder);
  });

  it('a file in the way is a FileSystemError naming it (ENOTDIR)', async () => {
    await writeFile(join(folder, 'file'), 'x');
    const error = await makeFolder(join(folder, 'file', 'sub'), { functionName: 'saveModel', fix: 'choose another folder' }).catch((e) => e);
    expect(error).toBeInstanceOf(FileSystemError);
    expect(error.code).toBe('ENOTDIR');
    expect(error.message).toBe(`saveModel: cannot create the folder ${join(folder, 'file')}: a file is in the way (ENOTDIR); choose another folder`);
  });

  it.runIf(process.platform === 'linux')('refuses /proc/<new> at once instead of retrying forever (Node mkdir -p loops there)', async () => {
    const error = await makeFolder('/proc/digitkit-no-such/run').catch((e) => e);
    expect(error).toBeInstanceOf(FileSystemError);
    expect(error.message).toMatch(/cannot create the folder \/proc\/digitkit-no-such: \/proc does not accept new folders \(ENOENT\)/);
  });

  it.runIf(process.getuid?.() !== 0)('a folder without write permission is EACCES', async () => {
    await chmod(folder, 0o500);
    const error = await makeFolder(join(folder, 'x')).catch((e) => e);
    expect(error.code).toBe('EACCES');
  });
});
