/** A source of uniform numbers in [0, 1), such as `createRng(seed)` from @digitkit/core. */
export type Rng = () => number;

/** Uniform draw in `[min, max]`; returns `min` exactly, without consuming a draw, when `min === max`. */
export function uniform(rng: Rng, min: number, max: number): number {
  return min === max ? min : min + (max - min) * rng();
}
