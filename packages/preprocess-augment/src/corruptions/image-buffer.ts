/**
 * Small helpers shared by the corruptions: every corruption reads one `rows x cols` byte image and writes a new
 * one, rounding and clamping its real-valued result to a byte the same way.
 */

/** A source of uniform numbers in `[0, 1)` (the `createRng` contract of `@digitkit/core`). */
export type Rng = () => number;

/** Rounds half up and clamps to `0..255`. */
export function toByte(value: number): number {
  if (!(value > 0)) return 0; // also maps NaN to 0
  if (value >= 255) return 255;
  return Math.floor(value + 0.5);
}

/** A new byte image holding `values` rounded and clamped by {@link toByte}. */
export function toByteImage(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toByte(values[i]);
  return out;
}

/** One draw of a standard normal variable (Box-Muller, two uniforms per draw). */
export function standardNormal(rng: Rng): number {
  const u = 1 - rng(); // (0, 1]
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** `-1` or `+1` with equal probability. */
export function randomSign(rng: Rng): number {
  return rng() < 0.5 ? -1 : 1;
}

/** A uniform integer in `[min, max]` (both included). */
export function randomInteger(rng: Rng, min: number, max: number): number {
  return min + Math.min(max - min, Math.floor(rng() * (max - min + 1)));
}
