import { DigitKitError } from './digitkit-error.js';

/** Fields of a {@link FileSystemError}. */
export interface FileSystemErrorDetails {
  /** The function that failed, e.g. `'saveModel'`; it starts the message. */
  functionName: string;
  /** What was being done, e.g. `'write'`, `'read'`, `'create directory'`, `'rename'`. */
  operation: string;
  /** The path the operation was on. */
  path: string;
  /** The system error code (`'ENOSPC'`, `'EACCES'`, `'EROFS'`…), when there is one. */
  code?: string;
  /** The problem in words, e.g. `'no space left on device'`; defaults to a description of `code`. */
  problem?: string;
  /** What the user can do about it, e.g. `'free some space or choose another --out'`. */
  fix?: string;
  /** The original error from the file system. */
  cause?: unknown;
}

const CODE_PROBLEMS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'the path is a directory',
  EEXIST: 'the path already exists',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'too many symbolic links in the path',
};

/**
 * Thrown when a file-system operation fails: the message names the function, the operation, the path,
 * the problem and (when known) the fix, as
 * `<function>: cannot <operation> <path>: <problem>[ (<code>)][; <fix>]`.
 */
export class FileSystemError extends DigitKitError {
  /** What was being done. */
  readonly operation: string;
  /** The path the operation was on. */
  readonly path: string;
  /** The system error code, or `undefined`. */
  readonly code: string | undefined;

  constructor(details: FileSystemErrorDetails) {
    const problem = details.problem ?? (details.code === undefined ? 'failed' : CODE_PROBLEMS[details.code] ?? 'failed');
    const code = details.code === undefined ? '' : ` (${details.code})`;
    const fix = details.fix === undefined ? '' : `; ${details.fix}`;
    super(`${details.functionName}: cannot ${details.operation} ${details.path}: ${problem}${code}${fix}`, {
      cause: details.cause,
    });
    this.name = 'FileSystemError';
    this.operation = details.operation;
    this.path = details.path;
    this.code = details.code;
  }

  /**
   * Wraps an error thrown by `node:fs` (or anything with a string `code`) into a FileSystemError naming
   * `path`; returns `error` itself when it already is a digitkit error.
   */
  static from(
    error: unknown,
    details: Omit<FileSystemErrorDetails, 'code' | 'cause' | 'problem'> & { problem?: string },
  ): DigitKitError {
    if (DigitKitError.isInstance(error)) return error;
    const code =
      typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
        ? (error as { code: string }).code
        : undefined;
    const problem =
      details.problem ??
      (code !== undefined && CODE_PROBLEMS[code] !== undefined
        ? CODE_PROBLEMS[code]
        : error instanceof Error
          ? error.message
          : String(error));
    return new FileSystemError({ ...details, code, problem, cause: error });
  }
}
