import { describeValue } from './describe-value.js';

/** Bounds for {@link checkFiniteNumber} and {@link checkInteger}. */
export interface NumberBounds {
  /** Smallest accepted value (inclusive). */
  min?: number;
  /** Largest accepted value (inclusive). */
  max?: number;
  /** Values must be strictly greater than this. */
  greaterThan?: number;
  /** Values must be strictly less than this. */
  lessThan?: number;
}

function describeBounds(kind: string, bounds: NumberBounds): string {
  const parts: string[] = [];
  if (bounds.min !== undefined) parts.push(`≥ ${bounds.min}`);
  if (bounds.greaterThan !== undefined) parts.push(`> ${bounds.greaterThan}`);
  if (bounds.max !== undefined) parts.push(`≤ ${bounds.max}`);
  if (bounds.lessThan !== undefined) parts.push(`< ${bounds.lessThan}`);
  return parts.length === 0 ? kind : `${kind} ${parts.join(' and ')}`;
}

function inBounds(value: number, bounds: NumberBounds): boolean {
  return (
    (bounds.min === undefined || value >= bounds.min) &&
    (bounds.max === undefined || value <= bounds.max) &&
    (bounds.greaterThan === undefined || value > bounds.greaterThan) &&
    (bounds.lessThan === undefined || value < bounds.lessThan)
  );
}

/**
 * Checks that `value` is a finite number within `bounds` and returns it.
 *
 * @throws TypeError when it is not a number (`fit: expected options.rate to be a finite number, got the string "3"`),
 *   RangeError when it is NaN, infinite or out of bounds (`… to be a finite number > 0, got -1`).
 */
export function checkFiniteNumber(functionName: string, name: string, value: unknown, bounds: NumberBounds = {}): number {
  const expected = describeBounds('a finite number', bounds);
  if (typeof value !== 'number') {
    throw new TypeError(`${functionName}: expected ${name} to be ${expected}, got ${describeValue(value)}`);
  }
  if (!Number.isFinite(value) || !inBounds(value, bounds)) {
    throw new RangeError(`${functionName}: expected ${name} to be ${expected}, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * Checks that `value` is an integer (a safe one) within `bounds` and returns it.
 *
 * @throws TypeError when it is not a number, RangeError when it is not an integer or out of bounds
 *   (`subsetDataset: expected count to be an integer ≥ 1, got 2.5`).
 */
export function checkInteger(functionName: string, name: string, value: unknown, bounds: NumberBounds = {}): number {
  const expected = describeBounds('an integer', bounds);
  if (typeof value !== 'number') {
    throw new TypeError(`${functionName}: expected ${name} to be ${expected}, got ${describeValue(value)}`);
  }
  if (!Number.isSafeInteger(value) || !inBounds(value, bounds)) {
    throw new RangeError(`${functionName}: expected ${name} to be ${expected}, got ${describeValue(value)}`);
  }
  return value;
}
