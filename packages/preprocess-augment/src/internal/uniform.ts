/**
 * The project's seeded PRNG (contract: `createRng(seed) → () => number`, uniform [0, 1)) and a uniform-range draw.
 */
export { createRng } from '@digitkit/mnist-data';

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/** Uniform draw in `[min, max]`; returns `min` exactly, without consuming a draw, when `min === max`. */
export function uniform(rng: Rng, min: number, max: number): number {
  return min === max ? min : min + (max - min) * rng();
}
