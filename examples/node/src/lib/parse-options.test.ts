import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseFraction, parseNonNegativeInteger, parsePositiveInteger, parsePositiveNumber } from './parse-options.js';

describe('numeric flags accept decimal notation only', () => {
  it('real numbers: plain decimals with an optional exponent', () => {
    for (const [text, value] of [['0.001', 0.001], ['1e-3', 0.001], ['3E2', 300], ['.5', 0.5], ['2.', 2], ['16', 16], ['+0.1', 0.1]] as const) {
      expect(parsePositiveNumber(text), text).toBe(value);
    }
    expect(parseFraction('0.2')).toBe(0.2);
    expect(parseFraction('5e-1')).toBe(0.5);
  });

  it('refuses hex, binary, octal, Infinity, NaN, empty, spaces and overflow to Infinity or 0', () => {
    for (const text of ['0x10', '0X10', '0b101', '0o17', 'Infinity', '-Infinity', 'NaN', '', ' ', ' 1', '1 ', '1e', 'e3', '1_000', '1,5', '1e400', '1e-400', '-1', '0']) {
      expect(() => parsePositiveNumber(text), JSON.stringify(text)).toThrow(InvalidArgumentError);
    }
    for (const text of ['0x0.8', '1', '0', 'NaN', '']) expect(() => parseFraction(text), JSON.stringify(text)).toThrow(InvalidArgumentError);
  });

  it('integers: digits only', () => {
    expect(parsePositiveInteger('64')).toBe(64);
    expect(parsePositiveInteger('007')).toBe(7);
    expect(parseNonNegativeInteger('0')).toBe(0);
    for (const text of ['0x10', '1e3', '1.0', '-1', '+1', '', ' 5', 'Infinity', '9007199254740993']) {
      expect(() => parsePositiveInteger(text), JSON.stringify(text)).toThrow(InvalidArgumentError);
      expect(() => parseNonNegativeInteger(text), JSON.stringify(text)).toThrow(InvalidArgumentError);
    }
    expect(() => parsePositiveInteger('0')).toThrow(/expected a positive integer, got '0'/);
  });
});
