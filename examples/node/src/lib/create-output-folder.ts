import { access, constants, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FileSystemError } from '@digitkit/core';
import { makeFolder } from '@digitkit/core/node';
import { UserError } from './user-error.js';

/**
 * Creates the output folder `dir` (and its missing parents, with core's `makeFolder`) and proves it is writable with a
 * probe file, before any work starts, so an unwritable `--out` fails at once with one line naming the folder, the
 * problem and the fix.
 *
 * @param option - The flag the folder came from, for the message (`--out`).
 * @throws UserError for an empty path or a folder that cannot be created or written.
 */
export async function createOutputFolder(dir: string, option = '--out'): Promise<void> {
  if (dir.trim() === '') {
    throw new UserError(`option '${option} <dir>': expected a folder path, got an empty string`, { exitCode: 2 });
  }
  const fix = `pass another ${option}`;
  // core's makeFolder creates one level at a time (never Node's mkdir -p, which spins forever under /proc).
  await makeFolder(dir, { functionName: 'digitkit', fix }).catch((error: unknown) => {
    const message = error instanceof Error ? error.message.replace(/^digitkit: /, '') : String(error);
    throw new UserError(message, { cause: error });
  });
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
