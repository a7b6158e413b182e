import { IntegrityError } from '@digitkit/core';
import { sha256 } from '@digitkit/core/node';
import { readFile, stat } from 'node:fs/promises';
import { fileSystemFailure } from './file-system-failure.js';

/** What {@link readVerifiedFile} checks. */
export interface ReadVerifiedFileOptions {
  /** Names the caller in errors. */
  functionName: string;
  /** The exact size the file must have (from the JSON that describes it), checked before reading. */
  expectedBytes: number;
  /** Where `expectedBytes` comes from, for the message (e.g. `'the manifest in model.json'`). */
  describedBy: string;
  /** The SHA-256 recorded when the file was written (64 hex digits), or `undefined` for files saved without one. */
  sha256?: string;
  /** The fix named in an IntegrityError (e.g. `'save the model again'`). */
  fix: string;
  /** The fix named when the file is missing. */
  missingFix?: string;
}

/**
 * Reads a binary file that a JSON file describes, refusing it before reading when it is not a regular file or
 * its size differs from `expectedBytes` (truncated, or a declared size that is not on disk), and after reading
 * when its SHA-256 differs from the recorded one.
 *
 * @throws FileSystemError when the file cannot be read; IntegrityError when it is not what was written.
 */
export async function readVerifiedFile(path: string, options: ReadVerifiedFileOptions): Promise<Uint8Array> {
  const { functionName, fix } = options;
  const failure = (error: unknown) => fileSystemFailure(error, { functionName, operation: 'read', path, missingFix: options.missingFix });
  const info = await stat(path).catch((error: unknown) => {
    throw failure(error);
  });
  if (!info.isFile()) {
    throw new IntegrityError({ functionName, file: path, expected: 'a regular file', found: info.isDirectory() ? 'a folder' : 'a special file', fix });
  }
  if (info.size !== options.expectedBytes) {
    const found = info.size < options.expectedBytes ? `${info.size} bytes (the file is truncated)` : `${info.size} bytes`;
    throw new IntegrityError({ functionName, file: path, expected: `${options.expectedBytes} bytes (from ${options.describedBy})`, found, fix });
  }
  const bytes = await readFile(path).catch((error: unknown) => {
    throw failure(error);
  });
  if (bytes.byteLength !== options.expectedBytes) {
    throw new IntegrityError({ functionName, file: path, expected: `${options.expectedBytes} bytes (from ${options.describedBy})`, found: `${bytes.byteLength} bytes`, fix });
  }
  if (options.sha256 !== undefined) {
    const found = sha256(bytes);
    if (found !== options.sha256) {
      throw new IntegrityError({
        functionName,
        file: path,
        expected: `SHA-256 ${options.sha256} (from ${options.describedBy})`,
        found: `SHA-256 ${found} (the file was changed or damaged after it was written)`,
        fix,
      });
    }
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
