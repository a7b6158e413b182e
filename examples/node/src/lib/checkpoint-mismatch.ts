import { UserError } from './user-error.js';
import type { RunPaths } from './run-folder.js';

/**
 * Turns the trainer's "this checkpoint was written by another setup" error (a `MismatchError`, or the older
 * RangeError advising the API option `resume: false`) into the CLI's one line, with the CLI's own fix; returns
 * `undefined` for any other error.
 */
export function checkpointMismatchError(error: unknown, paths: RunPaths): UserError | undefined {
  if (!(error instanceof Error)) return undefined;
  const isMismatch = error.name === 'MismatchError' || /resume: false/.test(error.message);
  if (!isMismatch) return undefined;
  const detail = error.message
    .replace(/^\w+: /, '')
    .replace(/;?\s*(pass|use|set) (`|')?resume: false(`|')?[^;]*$/i, '')
    .replace(/;[^;]*(delete|start over)[^;]*$/i, '')
    .trim();
  return new UserError(
    `the checkpoint in ${paths.checkpoint} does not belong to this run (${detail}); delete ${paths.dir} or pass another --out`,
    { cause: error },
  );
}
