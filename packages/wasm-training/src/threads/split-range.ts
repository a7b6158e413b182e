/**
 * Splits `[0, total)` into at most `parts` contiguous non-empty ranges of near-equal size whose inner boundaries
 * are multiples of `align` (so GEMM splits keep whole 4-row / 8-column register tiles). Returns the boundaries
 * `[0, b1, ..., total]` (fewer ranges when `total` is small).
 */
export function splitRange(total: number, parts: number, align = 1): number[] {
  const units = Math.ceil(total / align);
  const count = Math.max(1, Math.min(parts, units));
  const bounds = [0];
  for (let i = 1; i < count; i++) bounds.push(Math.min(total, Math.round((units * i) / count) * align));
  bounds.push(total);
  return bounds;
}
