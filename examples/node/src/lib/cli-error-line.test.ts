import { FileSystemError, IntegrityError, MismatchError } from '@digitkit/core';
import { describe, expect, it } from 'vitest';
import { cliErrorLine } from './cli-error-line.js';
import { UserError } from './user-error.js';

const fsError = (code: string, operation = 'write', path = '/runs/x/metrics.json') =>
  FileSystemError.from(Object.assign(new Error(`${code}: system message`), { code }), { functionName: 'writeFileAtomic', operation, path });

describe('cliErrorLine: one line naming the file, the problem and the fix', () => {
  it('ENOSPC names the file and says to free space or pass another --out', () => {
    const report = cliErrorLine(fsError('ENOSPC'));
    expect(report).toEqual({
      line: 'cannot write /runs/x/metrics.json: no space left on the device (ENOSPC); free some space or pass another --out',
      exitCode: 1,
      unexpected: false,
    });
  });

  it('a read-only or denied folder says so (not ENOENT) and points to --out', () => {
    expect(cliErrorLine(fsError('EROFS')).line).toBe(
      'cannot write /runs/x/metrics.json: the file system is read-only (EROFS); pass another --out (a folder you can write)',
    );
    expect(cliErrorLine(fsError('EACCES', 'create the folder', '/runs/x')).line).toMatch(/^cannot create the folder \/runs\/x: permission denied \(EACCES\); pass another --out/);
  });

  it('keeps the fix a library error already carries, without the function name', () => {
    const error = new IntegrityError({ functionName: 'loadModel', file: '/runs/x/model/weights.bin', expected: 'sha256 ab', found: 'sha256 cd', fix: 'train the model again' });
    const line = cliErrorLine(error).line!;
    expect(line).not.toMatch(/^loadModel: /);
    expect(line).toContain('/runs/x/model/weights.bin');
    expect(cliErrorLine(new MismatchError({ functionName: 'trainClassifier', subject: 'the checkpoint', expected: 'batch size 64', found: '32' })).unexpected).toBe(false);
  });

  it('a UserError keeps its exit code; a plain TypeError is an unexpected error', () => {
    expect(cliErrorLine(new UserError('interrupted\nsecond line', { exitCode: 130 }))).toEqual({ line: 'interrupted second line', exitCode: 130, unexpected: false });
    expect(cliErrorLine(new TypeError('x is undefined'))).toMatchObject({ line: expect.stringMatching(/^unexpected error: TypeError: x is undefined/), unexpected: true });
  });
});
