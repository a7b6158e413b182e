import { describe, expect, it } from 'vitest';
import { AbortedError } from './aborted-error.js';
import { DigitKitError } from './digitkit-error.js';
import { FileSystemError } from './file-system-error.js';
import { ImageFormatError } from './image-format-error.js';
import { IntegrityError } from './integrity-error.js';
import { MismatchError } from './mismatch-error.js';
import { UnsupportedEnvironmentError } from './unsupported-environment-error.js';
import { WorkerError } from './worker-error.js';

describe('structured errors', () => {
  it('each is a DigitKitError with a stable name, its fields and a one-line message', () => {
    const cases: Array<[DigitKitError, string, string]> = [
      [
        new ImageFormatError({ functionName: 'decodePng', expected: 'at most 16777216 pixels', found: '30000x30000', source: 'a.png' }),
        'ImageFormatError',
        'decodePng: expected at most 16777216 pixels, got 30000x30000 in a.png',
      ],
      [
        new IntegrityError({ functionName: 'loadModel', file: 'm/weights.bin', expected: 'SHA-256 aa', found: 'SHA-256 bb', fix: 'train again' }),
        'IntegrityError',
        'loadModel: m/weights.bin: expected SHA-256 aa, got SHA-256 bb; train again',
      ],
      [
        new FileSystemError({ functionName: 'saveModel', operation: 'write', path: '/x/m.json', code: 'ENOSPC', fix: 'free some space' }),
        'FileSystemError',
        'saveModel: cannot write /x/m.json: no space left on the device (ENOSPC); free some space',
      ],
      [
        new MismatchError({ functionName: 'trainClassifier', subject: 'the checkpoint in runs/a', expected: 'paper-cnn', found: 'lenet5' }),
        'MismatchError',
        'trainClassifier: the checkpoint in runs/a does not match: expected paper-cnn, got lenet5',
      ],
      [
        new UnsupportedEnvironmentError({ functionName: 'enableWasmTraining', expected: 'tfjs 4.22.0', found: '4.21.0', fix: 'install 4.22.0' }),
        'UnsupportedEnvironmentError',
        'enableWasmTraining: expected tfjs 4.22.0, got 4.21.0; install 4.22.0',
      ],
      [new AbortedError({ functionName: 'trainClassifier', completed: '1 epoch and 37 batches' }), 'AbortError', 'trainClassifier: stopped after 1 epoch and 37 batches'],
      [
        new WorkerError({ functionName: 'fitPool', worker: 1, expected: 'the result of a binary-svm job', found: 'an exit with code 1' }),
        'WorkerError',
        'fitPool: worker thread 1: expected the result of a binary-svm job, got an exit with code 1',
      ],
    ];
    for (const [error, name, message] of cases) {
      expect(error).toBeInstanceOf(DigitKitError);
      expect(DigitKitError.isInstance(error)).toBe(true);
      expect(error.name).toBe(name);
      expect(error.message).toBe(message);
      expect(error.message).not.toContain('\n');
    }
  });

  it('FileSystemError.from wraps fs errors by code and passes digitkit errors through', () => {
    const fsError = Object.assign(new Error('EROFS: read-only file system, open'), { code: 'EROFS' });
    const wrapped = FileSystemError.from(fsError, { functionName: 'saveModel', operation: 'write', path: '/ro/m.json' });
    expect(wrapped).toBeInstanceOf(FileSystemError);
    expect(wrapped.message).toBe('saveModel: cannot write /ro/m.json: the file system is read-only (EROFS)');
    expect(wrapped.cause).toBe(fsError);
    const unknownCode = FileSystemError.from(Object.assign(new Error('odd'), { code: 'EWEIRD' }), { functionName: 'f', operation: 'read', path: 'p' });
    expect(unknownCode.message).toBe('f: cannot read p: odd (EWEIRD)');
    const already = new IntegrityError({ functionName: 'f', file: 'x', expected: 'a', found: 'b' });
    expect(FileSystemError.from(already, { functionName: 'g', operation: 'read', path: 'x' })).toBe(already);
  });
});
