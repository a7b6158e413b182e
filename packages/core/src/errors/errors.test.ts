import { describe, expect, it } from 'vitest';
import { DigitKitError } from './digitkit-error.js';
import { IdxFormatError } from './idx-format-error.js';

describe('DigitKitError', () => {
  it('is an Error with a stable name and an optional cause', () => {
    const cause = new Error('low level');
    const error = new DigitKitError('loadMnist: something failed', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DigitKitError');
    expect(error.message).toBe('loadMnist: something failed');
    expect(error.cause).toBe(cause);
    expect(new DigitKitError('x').cause).toBeUndefined();
  });

  it('recognises digitkit errors across copies of the class by a marker, not by instanceof', () => {
    expect(DigitKitError.isInstance(new DigitKitError('x'))).toBe(true);
    expect(DigitKitError.isInstance(new IdxFormatError({ functionName: 'f', expected: 'a', found: 'b' }))).toBe(true);
    expect(DigitKitError.isInstance(new Error('x'))).toBe(false);
    expect(DigitKitError.isInstance(null)).toBe(false);
    expect(DigitKitError.isInstance('DigitKitError')).toBe(false);
  });
});

describe('IdxFormatError', () => {
  it('carries expected, found, offset and source, and says them in the message', () => {
    const error = new IdxFormatError({
      functionName: 'parseIdx',
      expected: '47040016 bytes for 60000x28x28 ubyte',
      found: '1024',
      offset: 1024,
      source: 'train-images-idx3-ubyte',
    });
    expect(error).toBeInstanceOf(DigitKitError);
    expect(error).toBeInstanceOf(IdxFormatError);
    expect(error.name).toBe('IdxFormatError');
    expect(error.expected).toBe('47040016 bytes for 60000x28x28 ubyte');
    expect(error.found).toBe('1024');
    expect(error.offset).toBe(1024);
    expect(error.source).toBe('train-images-idx3-ubyte');
    expect(error.message).toBe(
      'parseIdx: expected 47040016 bytes for 60000x28x28 ubyte, got 1024 at byte 1024 in train-images-idx3-ubyte',
    );
  });

  it('leaves out the offset and source when unknown', () => {
    const error = new IdxFormatError({ functionName: 'loadIdx', expected: 'a valid gzip stream', found: 'junk' });
    expect(error.message).toBe('loadIdx: expected a valid gzip stream, got junk');
    expect(error.offset).toBeUndefined();
    expect(error.source).toBeUndefined();
  });
});
