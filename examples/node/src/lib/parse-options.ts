import { InvalidArgumentError } from 'commander';

/** Commander parser for a positive integer flag value (`--epochs 5`). */
export function parsePositiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n <= 0) {
    throw new InvalidArgumentError(`expected a positive integer, got '${value}'.`);
  }
  return n;
}

/** Commander parser for a non-negative integer flag value (`--seed 0`). */
export function parseNonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError(`expected a non-negative integer, got '${value}'.`);
  }
  return n;
}

/** Commander parser for a number in the open interval (0, 1) (`--validation-fraction 0.1`). */
export function parseFraction(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n >= 1) {
    throw new InvalidArgumentError(`expected a number between 0 and 1 (exclusive), got '${value}'.`);
  }
  return n;
}

/** Commander parser for a positive finite number (`--learning-rate 0.001`). */
export function parsePositiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError(`expected a positive number, got '${value}'.`);
  }
  return n;
}
