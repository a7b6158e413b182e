/**
 * Internal: ascending LSD radix sort of non-negative float32 values through their bit patterns. For
 * non-negative IEEE-754 floats the unsigned bit pattern orders exactly like the value, so sorting the
 * `Uint32Array` keys sorts the numbers (4 passes of 8 bits, O(n), ~10x faster than a comparison sort
 * at a million values). `-0` must be normalized to `+0` first.
 *
 * @param values - non-negative, non-NaN float32 values; sorted in place and returned.
 */
export function radixSortFloat32(values: Float32Array): Float32Array {
  const length = values.length;
  if (length < 2) return values;
  const keys = new Uint32Array(values.buffer, values.byteOffset, length);
  let source: Uint32Array = keys;
  let target: Uint32Array = new Uint32Array(length);
  const histograms = new Uint32Array(4 * 256);
  for (let i = 0; i < length; i++) {
    const key = keys[i];
    histograms[key & 0xff]++;
    histograms[256 + ((key >>> 8) & 0xff)]++;
    histograms[512 + ((key >>> 16) & 0xff)]++;
    histograms[768 + (key >>> 24)]++;
  }
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 256;
    const shift = pass * 8;
    // A digit that is the same for every key leaves the order unchanged: skip the pass.
    if (histograms[base + ((source[0] >>> shift) & 0xff)] === length) continue;
    let offset = 0;
    for (let digit = 0; digit < 256; digit++) {
      const count = histograms[base + digit];
      histograms[base + digit] = offset;
      offset += count;
    }
    for (let i = 0; i < length; i++) {
      const key = source[i];
      target[histograms[base + ((key >>> shift) & 0xff)]++] = key;
    }
    const swap = source;
    source = target;
    target = swap;
  }
  if (source !== keys) keys.set(source);
  return values;
}

/** True on little-endian platforms (all current JS engines' targets): the low word of a double comes first. */
const LITTLE_ENDIAN = new Uint32Array(new Float64Array([1]).buffer)[1] === 0x3ff00000;

/**
 * Internal: ascending LSD radix sort of finite float64 values (any sign) in place, through their bit
 * patterns mapped to order-preserving unsigned 64-bit keys (flip the sign bit of positives, all bits of
 * negatives). Six passes of 11 bits; passes whose digit is the same for every key are skipped. Falls back
 * to the native sort for short arrays or big-endian platforms. `-0` must be normalized to `+0` and NaN is
 * not allowed.
 */
export function radixSortFloat64(values: Float64Array): Float64Array {
  const length = values.length;
  if (length <= 64 || !LITTLE_ENDIAN) return values.sort();
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * length);
  const histograms = new Uint32Array(6 * 2048);
  for (let i = 0; i < 2 * length; i += 2) {
    let lo = words[i];
    let hi = words[i + 1];
    if (hi & 0x80000000) {
      lo = ~lo >>> 0;
      hi = ~hi >>> 0;
    } else {
      hi = (hi ^ 0x80000000) >>> 0;
    }
    words[i] = lo;
    words[i + 1] = hi;
    histograms[lo & 0x7ff]++;
    histograms[2048 + ((lo >>> 11) & 0x7ff)]++;
    histograms[4096 + (((lo >>> 22) | (hi << 10)) & 0x7ff)]++;
    histograms[6144 + ((hi >>> 1) & 0x7ff)]++;
    histograms[8192 + ((hi >>> 12) & 0x7ff)]++;
    histograms[10240 + (hi >>> 23)]++;
  }
  let source: Uint32Array = words;
  let target: Uint32Array = new Uint32Array(2 * length);
  for (let pass = 0; pass < 6; pass++) {
    const base = pass * 2048;
    if (histograms[base + digitOf(source[0], source[1], pass)] === length) continue;
    let offset = 0;
    for (let digit = 0; digit < 2048; digit++) {
      const count = histograms[base + digit];
      histograms[base + digit] = offset;
      offset += count;
    }
    for (let i = 0; i < 2 * length; i += 2) {
      const lo = source[i];
      const hi = source[i + 1];
      const slot = 2 * histograms[base + digitOf(lo, hi, pass)]++;
      target[slot] = lo;
      target[slot + 1] = hi;
    }
    const swap = source;
    source = target;
    target = swap;
  }
  for (let i = 0; i < 2 * length; i += 2) {
    const hi = source[i + 1];
    if (hi & 0x80000000) {
      words[i] = source[i];
      words[i + 1] = (hi ^ 0x80000000) >>> 0;
    } else {
      words[i] = ~source[i] >>> 0;
      words[i + 1] = ~hi >>> 0;
    }
  }
  return values;
}

function digitOf(lo: number, hi: number, pass: number): number {
  switch (pass) {
    case 0:
      return lo & 0x7ff;
    case 1:
      return (lo >>> 11) & 0x7ff;
    case 2:
      return ((lo >>> 22) | (hi << 10)) & 0x7ff;
    case 3:
      return (hi >>> 1) & 0x7ff;
    case 4:
      return (hi >>> 12) & 0x7ff;
    default:
      return hi >>> 23;
  }
}
