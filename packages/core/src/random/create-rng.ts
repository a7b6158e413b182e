/**
 * Creates a seeded pseudo-random generator of uniform numbers in `[0, 1)` (sfc32, seeded through
 * splitmix32; 32 bits of resolution, period ≥ 2^32). The same seed always gives the same
 * sequence on every platform. This is the one RNG of digitkit: shuffles, splits, batches and
 * augmentations all take a `seed` and use it.
 *
 * @param seed - Any finite number; integers are the usual choice.
 * @returns A function returning the next number in `[0, 1)` on each call.
 * @throws TypeError when `seed` is not a finite number.
 */
export function createRng(seed: number): () => number {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new TypeError(`createRng: expected seed to be a finite number, got ${String(seed)}`);
  }
  const bits = new DataView(new ArrayBuffer(8));
  bits.setFloat64(0, seed === 0 ? 0 : seed); // folds -0 into 0
  let state = bits.getUint32(0) ^ Math.imul(bits.getUint32(4), 0x9e3779b9);
  const splitmix32 = (): number => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix32();
  let b = splitmix32();
  let c = splitmix32();
  let d = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}
