import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { FileSystemError } from '../errors/file-system-error.js';
import { TEMP_FILE_SUFFIX } from './write-file-atomic.js';

const TEMP_FILE = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * Removes the temporary files that {@link writeFileAtomic} left in `folder` when its process was killed
 * mid-write (`.<name>.<pid>.<8 hex>.tmp` whose process no longer runs). Files of a live process, and every
 * other file, are left alone. A missing folder is not an error. Returns the names removed.
 */
export async function removeStaleTempFiles(folder: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return [];
    throw FileSystemError.from(error, { functionName: 'removeStaleTempFiles', operation: 'read the folder', path: folder });
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.endsWith(TEMP_FILE_SUFFIX)) continue;
    const match = TEMP_FILE.exec(name);
    if (match === null || isAlive(Number(match[1]))) continue;
    await unlink(join(folder, name)).catch(() => undefined);
    removed.push(name);
  }
  return removed;
}
