import { InvalidArgumentError } from 'commander';

// Numeric flags accept decimal notation only: digits for integers; for real numbers digits with an optional
// fraction and exponent (`0.001`, `.5`, `1e-3`, `3E2`). Hex/binary/octal (`0x10`, `0b1`, `0o7`), `Infinity`, `NaN`,
// an empty value and surrounding spaces — all of which `Number()` would accept or turn into 0 — are refused.
const INTEGER = /^\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Commander parser for a positive integer flag value (`--epochs 5`). */
export function parsePositiveInteger(value: string): number {
  const n = Number(value);
  if (!INTEGER.test(value) || !Number.isSafeInteger(n) || n <= 0) {
    throw new InvalidArgumentError(`expected a positive integer, got '${value}'.`);
  }
  return n;
}

/** Commander parser for a non-negative integer flag value (`--seed 0`). */
export function parseNonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!INTEGER.test(value) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError(`expected a non-negative integer, got '${value}'.`);
  }
  return n;
}

/** Commander parser for a number in the open interval (0, 1) (`--validation-fraction 0.1`). */
export function parseFraction(value: string): number {
  const n = Number(value);
  if (!DECIMAL.test(value) || !Number.isFinite(n) || n <= 0 || n >= 1) {
    throw new InvalidArgumentError(`expected a decimal number between 0 and 1 (exclusive), got '${value}'.`);
  }
  return n;
}

/** Commander parser for a positive finite number (`--learning-rate 0.001`, `1e-3`). */
export function parsePositiveNumber(value: string): number {
  const n = Number(value);
  if (!DECIMAL.test(value) || !Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError(`expected a positive decimal number, got '${value}'.`);
  }
  return n;
}

/** Commander parser for a comma-separated list of positive integers (`--per-class 1,5,10`). */
export function parsePositiveIntegerList(value: string): number[] {
  return [...new Set(value.split(',').map((part) => parsePositiveInteger(part.trim())))];
}

/** Largest `--threads` (the tfjs threaded build pre-creates 8 pthread workers). */
export const MAX_THREADS = 8;

/** A thread count written in decimal digits, 1..8, or undefined (what `--threads` and `DIGITKIT_THREADS` accept). */
export function threadCountOf(value: string): number | undefined {
  const n = Number(value);
  return INTEGER.test(value) && n >= 1 && n <= MAX_THREADS ? n : undefined;
}

/** Commander parser for `--threads <n>`: an integer in 1..8. */
export function parseThreads(value: string): number {
  const n = threadCountOf(value);
  if (n === undefined) throw new InvalidArgumentError(`expected an integer from 1 to ${MAX_THREADS}, got '${value}'.`);
  return n;
}
