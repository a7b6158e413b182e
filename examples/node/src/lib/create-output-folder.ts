import { access, constants, mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { FileSystemError } from '@digitkit/core';
import { UserError } from './user-error.js';

/**
 * Creates the output folder `dir` (and its missing parents) and proves it is writable with a probe file, before any
 * work starts. Each missing folder is created on its own (never `mkdir -p`, which spins forever on some paths such as
 * `/proc/x` in Node 20), so an unwritable `--out` fails at once with one line naming the folder, the problem and the
 * fix.
 *
 * @param option - The flag the folder came from, for the message (`--out`).
 * @throws UserError for an empty path or a folder that cannot be created or written.
 */
export async function createOutputFolder(dir: string, option = '--out'): Promise<void> {
  if (dir.trim() === '') {
    throw new UserError(`option '${option} <dir>': expected a folder path, got an empty string`, { exitCode: 2 });
  }
  const fix = `pass another ${option}`;
  const missing: string[] = [];
  let existing = resolve(dir);
  for (;;) {
    const info = await stat(existing).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new UserError(oneLineFileSystemError(error, 'inspect', existing, fix), { cause: error });
    });
    if (info !== undefined) {
      if (!info.isDirectory()) {
        throw new UserError(`cannot use ${existing} as a folder: it is a file; ${fix}`);
      }
      break;
    }
    missing.unshift(existing);
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  for (const folder of missing) {
    await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return;
      // ENOENT although the parent exists: a pseudo file system (/proc) that does not hold folders.
      const problem = error.code === 'ENOENT' ? 'this file system does not allow new folders here' : undefined;
      throw new UserError(oneLineFileSystemError(error, 'create the folder', folder, fix, problem), { cause: error });
    });
  }
  const probe = join(dir, `.digitkit-write-test.${process.pid}.tmp`);
  try {
    await access(dir, constants.W_OK);
    await writeFile(probe, '');
  } catch (error) {
    throw new UserError(oneLineFileSystemError(error, 'write in the folder', resolve(dir), fix), { cause: error });
  } finally {
    await unlink(probe).catch(() => undefined);
  }
}

/** `cannot <operation> <path>: <problem> (<code>); <fix>` from a node:fs error, worded by core's FileSystemError. */
function oneLineFileSystemError(error: unknown, operation: string, path: string, fix: string, problem?: string): string {
  const wrapped = FileSystemError.from(error, { functionName: 'digitkit', operation, path, problem });
  return `${wrapped.message.replace(/^digitkit: /, '')}; ${fix}`;
}
