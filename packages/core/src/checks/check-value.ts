import { describeValue } from './describe-value.js';

/**
 * Checks that `value` is one of `allowed` and returns it.
 *
 * @throws TypeError `createModel: expected name to be one of 'lenet5', 'paper-cnn', got the string "lenet"`.
 */
export function checkOneOf<T extends string | number | boolean>(
  functionName: string,
  name: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (!allowed.includes(value as T)) {
    const list = allowed.map((item) => (typeof item === 'string' ? `'${item}'` : String(item))).join(', ');
    throw new TypeError(`${functionName}: expected ${name} to be one of ${list}, got ${describeValue(value)}`);
  }
  return value as T;
}

/** Checks that `value` is a boolean and returns it; TypeError otherwise. */
export function checkBoolean(functionName: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new TypeError(`${functionName}: expected ${name} to be a boolean, got ${describeValue(value)}`);
  }
  return value;
}

/** Checks that `value` is a function and returns it; TypeError otherwise. */
export function checkFunction<T extends (...args: never[]) => unknown>(functionName: string, name: string, value: unknown): T {
  if (typeof value !== 'function') {
    throw new TypeError(`${functionName}: expected ${name} to be a function, got ${describeValue(value)}`);
  }
  return value as T;
}

/** Checks that `value` is a non-empty string and returns it; TypeError otherwise. */
export function checkString(functionName: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`${functionName}: expected ${name} to be a non-empty string, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * Checks that `value` is an array or typed array (not a string) and returns its length; with
 * `nonEmpty` (default `true`) a RangeError when it is empty.
 */
export function checkArrayLike(
  functionName: string,
  name: string,
  value: unknown,
  options: { nonEmpty?: boolean } = {},
): number {
  const isArrayLike =
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof DataView) &&
    Number.isSafeInteger((value as ArrayLike<unknown>).length) &&
    (value as ArrayLike<unknown>).length >= 0;
  if (!isArrayLike) {
    throw new TypeError(`${functionName}: expected ${name} to be an array or typed array, got ${describeValue(value)}`);
  }
  const length = (value as ArrayLike<unknown>).length;
  if ((options.nonEmpty ?? true) && length === 0) {
    throw new RangeError(`${functionName}: expected ${name} to be non-empty, got length 0`);
  }
  return length;
}
