import { IntegrityError } from '@digitkit/core';

/** Layer-config keys whose value is a factor of the size of one of the layer's weights. */
const WEIGHT_FACTOR_KEYS = new Set(['units', 'filters', 'input_dim', 'output_dim', 'kernel_size', 'depth_multiplier']);

/**
 * Refuses a layers-model topology that would make tfjs allocate weights far larger than the weight files hold,
 * before tfjs builds the model: every `units`, `filters`, `kernel_size`, `input_dim`, `output_dim`,
 * `depth_multiplier` (a factor of some weight's size) must be a non-negative integer no larger than the number of
 * weight values the manifest declares (itself checked against the files on disk). Deeply nested or huge topologies
 * (more than `maxNodes` JSON values) are refused too.
 *
 * @param functionName - Starts the message.
 * @param file - The `model.json` path (named in the error).
 * @param topology - `modelTopology` as parsed.
 * @param weightValues - Number of weight values the manifest declares.
 */
export function checkTopologySizes(functionName: string, file: string, topology: unknown, weightValues: number, maxNodes = 1_000_000): void {
  const limit = Math.max(weightValues, 1);
  const stack: Array<{ value: unknown; depth: number }> = [{ value: topology, depth: 0 }];
  let nodes = 0;
  const fail = (expected: string, found: string): never => {
    throw new IntegrityError({ functionName, file, expected, found, fix: 'the file is damaged or not a tfjs model: save the model again' });
  };
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    nodes += 1;
    if (nodes > maxNodes) fail(`a model topology of at most ${maxNodes} JSON values`, 'more');
    if (depth > 64) fail('a model topology nested at most 64 levels deep', 'deeper nesting');
    if (value === null || typeof value !== 'object') continue;
    for (const [key, child] of Object.entries(value)) {
      if (WEIGHT_FACTOR_KEYS.has(key) && !Array.isArray(value)) {
        const numbers = Array.isArray(child) ? child : [child];
        for (const n of numbers) {
          if (typeof n === 'number' && !(Number.isSafeInteger(n) && n >= 0 && n <= limit)) {
            fail(`${key} to be an integer between 0 and ${limit} (the weight values the manifest declares)`, `${key} ${n}`);
          }
        }
      }
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
    }
  }
}
