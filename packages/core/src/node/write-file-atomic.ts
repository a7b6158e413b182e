import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FileSystemError } from '../errors/file-system-error.js';
import { makeFolder } from './make-folder.js';

/** Suffix of every temporary file {@link writeFileAtomic} creates (`.<name>.<pid>.<random>.tmp`). */
export const TEMP_FILE_SUFFIX = '.tmp';

/** Options of {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /** Names the caller in error messages. Default `'writeFileAtomic'`. */
  functionName?: string;
  /** Create the parent folder (recursively) first. Default `true`. */
  createFolder?: boolean;
}

/**
 * Writes a file atomically: the bytes go to a temporary file in the same folder, are flushed to disk
 * (`fsync`), the temporary file is renamed over `path` and the folder is flushed too. A reader, or a process
 * killed mid-write, sees the old file or the new one, never a partial one. The temporary file is removed on
 * failure; one left by a killed process is removed by {@link removeStaleTempFiles}.
 *
 * @throws FileSystemError naming the path, the operation and the problem (`ENOSPC` → "no space left on the
 *   device", `EROFS`, `EACCES`, …).
 */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array | string,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const functionName = options.functionName ?? 'writeFileAtomic';
  const folder = dirname(path);
  if (options.createFolder ?? true) {
    // Not Node's recursive mkdir: it retries forever under /proc.
    await makeFolder(folder, { functionName });
  }
  const temp = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_FILE_SUFFIX}`);
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw FileSystemError.from(error, { functionName, operation: 'write', path });
  }
  await syncFolder(folder);
}

/** Flushes a folder's entries (the rename) to disk where the platform allows it; a no-op where it does not. */
async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // Windows and some file systems cannot open or fsync a directory; the rename itself is still atomic.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
