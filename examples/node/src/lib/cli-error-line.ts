import { DigitKitError } from '@digitkit/core';
import { CommanderError } from 'commander';
import { UserError } from './user-error.js';

/** How the CLI reports an error: the one line for stderr (without `digitkit: `, undefined when commander already printed it) and the exit code. */
export interface CliErrorReport {
  line: string | undefined;
  exitCode: number;
  /** The error is not one the CLI or a library reports on purpose (a bug): the stack trace helps. */
  unexpected: boolean;
}

/**
 * Turns any error into the CLI's one line and exit code: a {@link UserError} as it is; a library's `DigitKitError`
 * (file system, integrity, mismatch, format…) by its message without the function name, plus a fix for file-system
 * errors that have none (ENOSPC → free some space, read-only or denied → another --out); anything else as an
 * unexpected error.
 */
export function cliErrorLine(error: unknown): CliErrorReport {
  if (error instanceof CommanderError) {
    // commander already printed its one-line message (or the help text).
    const quiet = error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version';
    return { line: undefined, exitCode: quiet || error.exitCode === 0 ? 0 : 2, unexpected: false };
  }
  if (error instanceof UserError) return { line: oneLine(error.message), exitCode: error.exitCode, unexpected: false };
  if (DigitKitError.isInstance(error)) return { line: describeLibraryError(error), exitCode: 1, unexpected: false };
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { line: `unexpected error: ${oneLine(message)} (set DIGITKIT_DEBUG=1 for the stack trace)`, exitCode: 1, unexpected: true };
}

function describeLibraryError(error: DigitKitError): string {
  const message = oneLine(error.message).replace(/^(digitkit|[a-z][A-Za-z]+): /, '');
  if (error.name !== 'FileSystemError' || message.includes('; ')) return message;
  const code = (error as DigitKitError & { code?: string }).code;
  const fix =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'free some space or pass another --out'
      : code === 'EROFS' || code === 'EACCES' || code === 'EPERM'
        ? 'pass another --out (a folder you can write)'
        : code === 'ENOENT'
          ? 'check the path'
          : 'check the folder and try again';
  return `${message}; ${fix}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
