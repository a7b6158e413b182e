/** Formats a coordinate with at most 2 decimals and no trailing zeros (`12`, `3.5`, `-0.25`). */
export function formatCoordinate(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** Formats a metric value in [0, 1] with `digits` decimals (`0.985`). */
export function formatFixed(value: number, digits: number): string {
  return value.toFixed(digits);
}

/** Formats a value compactly for labels: integers as integers, others with up to 3 significant decimals. */
export function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toFixed(0);
  if (abs >= 100) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toFixed(3);
}
