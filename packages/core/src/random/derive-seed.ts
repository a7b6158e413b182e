/**
 * Derives a new 32-bit unsigned seed from a base seed and integer salts (epoch, batch, layer index...).
 *
 * Streams derived this way are independent of each other and of how far a previous run got, which is
 * what lets a resumed training run replay exactly the shuffles and augmentations of the run it replaces.
 *
 * @param seed - Base seed (any finite number; fractional parts are dropped).
 * @param salts - Integers mixed into the seed in order.
 * @returns An integer in `[0, 2^32)`.
 */
export function deriveSeed(seed: number, ...salts: number[]): number {
  let h = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  h = mix32(h);
  for (const salt of salts) {
    h = mix32((h ^ Math.imul(Math.trunc(salt) + 0x7f4a7c15, 0x85ebca6b)) >>> 0);
  }
  return h >>> 0;
}

/** A 32-bit avalanche finalizer (murmur3 fmix32). */
function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
