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
      return details.operation === 'read' ? (details.missingFix ?? 'check the path') : 'choose another output folder';
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
  if (error instanceof FileSystemError) {
    // core (writeFileAtomic, makeFolder) named the operation, path and problem: name the public function, add a fix
    const parts = messageParts(error);
    if (parts === undefined || parts.hasFix) return error;
    return new FileSystemError({
      functionName,
      operation: error.operation,
      path: error.path,
      code: error.code,
      problem: parts.problem,
      fix: fixFor(error.code, { ...details, operation: error.operation }),
      cause: error.cause ?? error,
    });
  }
  if (DigitKitError.isInstance(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  return FileSystemError.from(error, { functionName, operation, path, fix: fixFor(typeof code === 'string' ? code : undefined, details) });
}


/** The problem of a FileSystemError (`<function>: cannot <operation> <path>: <problem>[ (<code>)][; <fix>]`). */
function messageParts(error: FileSystemError): { problem: string; hasFix: boolean } | undefined {
  const marker = `cannot ${error.operation} ${error.path}: `;
  const start = error.message.indexOf(marker);
  if (start < 0) return undefined;
  const rest = error.message.slice(start + marker.length);
  const codePart = error.code === undefined ? undefined : ` (${error.code})`;
  const end = codePart !== undefined && rest.includes(codePart) ? rest.lastIndexOf(codePart) : rest.includes('; ') ? rest.indexOf('; ') : rest.length;
  const after = rest.slice(end + (codePart !== undefined && rest.includes(codePart) ? codePart.length : 0));
  return { problem: rest.slice(0, end), hasFix: after.startsWith('; ') };
}
