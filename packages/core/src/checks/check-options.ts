import { closestName } from './closest-name.js';
import { describeValue } from './describe-value.js';

/**
 * Checks that `options` is `undefined` or a plain object whose every key is in `known`, and returns it
 * (`{}` for `undefined`). Options objects in digitkit are closed: a typo must never be silently ignored.
 *
 * @param functionName - Starts the message, e.g. `'trainClassifier'`.
 * @param options - What the caller passed.
 * @param known - Every accepted key.
 * @param name - How the argument is called in messages. Default `'options'` (use e.g. `'options.earlyStopping'`
 *   for a nested object).
 * @throws TypeError `trainClassifier: unknown option options.epochz (did you mean epochs?); known options: …`,
 *   or `trainClassifier: expected options to be an object, got 3`.
 */
export function checkOptions<T extends object>(
  functionName: string,
  options: T | undefined,
  known: readonly string[],
  name = 'options',
): Partial<T> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`${functionName}: expected ${name} to be an object, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const guess = closestName(key, known);
    const hint = guess === undefined ? '' : ` (did you mean ${guess}?)`;
    const list = known.length === 0 ? 'none' : [...known].sort().join(', ');
    throw new TypeError(`${functionName}: unknown option ${name}.${key}${hint}; known options: ${list}`);
  }
  return options;
}
