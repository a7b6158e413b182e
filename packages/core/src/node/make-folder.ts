import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { FileSystemError } from '../errors/file-system-error.js';

/** Options of {@link makeFolder}. */
export interface MakeFolderOptions {
  /** Names the caller in error messages. Default `'makeFolder'`. */
  functionName?: string;
  /** The fix named in the error, when the caller has one (e.g. `'choose another --out'`). */
  fix?: string;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Creates a folder and its missing parents, like `mkdir -p`, one level at a time, and stops at the first level
 * that cannot be created. Node's `mkdir(path, { recursive: true })` retries forever (100% CPU) on file systems
 * that refuse new entries with ENOENT, such as `/proc`; this never loops.
 *
 * @throws FileSystemError naming the level that failed: a file in the way (`ENOTDIR`), permission denied,
 *   read-only file system, or a parent that does not accept new folders.
 */
export async function makeFolder(path: string, options: MakeFolderOptions = {}): Promise<void> {
  const functionName = options.functionName ?? 'makeFolder';
  const fail = (error: unknown, at: string, problem?: string) =>
    FileSystemError.from(error, { functionName, operation: 'create the folder', path: at, problem, fix: options.fix });
  // Walk up to the nearest existing ancestor: it must be a folder.
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    try {
      const info = await stat(current);
      if (!info.isDirectory()) {
        throw new FileSystemError({ functionName, operation: 'create the folder', path: current, code: 'ENOTDIR', problem: 'a file is in the way', fix: options.fix });
      }
      break;
    } catch (error) {
      if (FileSystemError.isInstance(error)) throw error;
      const code = codeOf(error);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw fail(error, current);
      missing.push(current);
      const parent = dirname(current);
      if (parent === current) throw fail(error, current);
      current = parent;
    }
  }
  for (const folder of missing.reverse()) {
    try {
      await mkdir(folder);
    } catch (error) {
      const code = codeOf(error);
      if (code === 'EEXIST') {
        const info = await stat(folder).catch(() => undefined);
        if (info?.isDirectory()) continue;
      }
      // The parent exists (it was checked or just created), so ENOENT means it refuses new entries.
      throw fail(error, folder, code === 'ENOENT' ? `${dirname(folder)} does not accept new folders` : undefined);
    }
  }
}
