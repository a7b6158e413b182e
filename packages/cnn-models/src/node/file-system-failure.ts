import { DigitKitError, FileSystemError } from '@digitkit/core';

/** Where a file-system operation failed. */
export interface FileSystemFailureDetails {
  /** The public function that failed (`'saveModel'`, `'loadModel'`, `'createFileCheckpointStore'`). */
  functionName: string;
  /** What was being done: `'write'`, `'read'`, `'create the folder'`, … */
  operation: string;
  /** The path. */
  path: string;
  /** A fix for a missing file (ENOENT) when reading; the default asks to check the path. */
  missingFix?: string;
}

/** What a user can do about a file-system error code, or `undefined` when there is no general advice. */
function fixFor(code: string | undefined, details: FileSystemFailureDetails): string | undefined {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'free some disk space or choose another output folder';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return details.operation === 'read' ? 'check the permissions of the file' : 'choose a folder you can write to';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder: choose another path';
    case 'EISDIR':
      return 'the path names a folder where a file was expected: choose another path';
    case 'ENOENT':
      return details.missingFix ?? 'check the path';
    case 'EMFILE':
    case 'ENFILE':
      return 'close other programs or raise the open-file limit (ulimit -n)';
    default:
      return undefined;
  }
}

/**
 * Turns what `node:fs` (or core's `writeFileAtomic`) threw into one {@link FileSystemError} that names the
 * function, the operation, the path, the problem and a fix: `saveModel: cannot write runs/a/model/weights.bin:
 * no space left on the device (ENOSPC); free some disk space or choose another output folder`. Other digitkit
 * errors pass through unchanged.
 */
export function fileSystemFailure(error: unknown, details: FileSystemFailureDetails): DigitKitError {
  const { functionName, operation, path } = details;
  if (error instanceof FileSystemError && error.cause !== undefined && !DigitKitError.isInstance(error.cause)) {
    // core's writeFileAtomic names the operation and path; re-word it for the public function, with a fix
    const fix = fixFor(error.code, { ...details, operation: error.operation });
    return FileSystemError.from(error.cause, { functionName, operation: error.operation, path: error.path, fix });
  }
  if (DigitKitError.isInstance(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  return FileSystemError.from(error, { functionName, operation, path, fix: fixFor(typeof code === 'string' ? code : undefined, details) });
}

