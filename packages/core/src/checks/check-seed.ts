import { describeValue } from './describe-value.js';

/**
 * Checks that `value` is a seed for {@link createRng}: any finite number (integers are the usual choice), and
 * returns it. Like `createRng`, a non-finite seed is a TypeError, so a `seed` option fails the same way in every
 * package, before any work.
 *
 * @throws TypeError `splitTrainValidation: expected options.seed to be a finite number (a seed), got NaN`.
 */
export function checkSeed(functionName: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${functionName}: expected ${name} to be a finite number (a seed), got ${describeValue(value)}`);
  }
  return value;
}
