/**
 * Internal: `value` with `digits` decimals, rounded the way Python's `format(value, '.{digits}f')` rounds
 * (exact binary value, ties to even), so report text matches scikit-learn character for character.
 * `Number#toFixed` rounds exact ties away from zero (`(0.03125).toFixed(4)` is `0.0313`, Python gives `0.0312`).
 */
export function formatFixed(value: number, digits: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  if (Object.is(value, -0)) return '-' + (0).toFixed(digits);
  const rounded = value.toFixed(digits);
  if (Math.abs(value) >= 1e21 || digits >= 100) return rounded;
  // toFixed(100) is the exact decimal expansion for every double this function is used with (|value| >= 1e-80).
  const exact = Math.abs(value).toFixed(100);
  const point = exact.indexOf('.');
  const tail = exact.slice(point + 1 + digits);
  if (!/^50*$/.test(tail)) return rounded;
  // An exact tie: toFixed rounded away from zero; round to even instead.
  const kept = exact.slice(0, point + 1 + digits).replace(/\.$/, '');
  const lastDigit = Number(kept[kept.length - 1]);
  if (lastDigit % 2 === 1) return rounded;
  return (value < 0 ? '-' : '') + kept;
}

/** Internal: right-aligns `text` in a field of `width` characters (Python `'{:>width}'`). */
export function padStart(text: string, width: number): string {
  return text.length >= width ? text : ' '.repeat(width - text.length) + text;
}
