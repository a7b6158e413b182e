/**
 * Draws full-length bars of `value` (default 255, white ink): `width` pixels wide, starting at each of
 * `positions` (rows for horizontal bars, columns for vertical ones), clipped to the image.
 */
export function drawStripes(
  image: Uint8Array, rows: number, cols: number,
  stripes: { vertical: boolean; positions: readonly number[]; width: number; value?: number },
): Uint8Array {
  const out = image.slice();
  const value = stripes.value ?? 255;
  for (const start of stripes.positions) {
    for (let k = start; k < start + stripes.width; k++) {
      if (stripes.vertical) {
        if (k < 0 || k >= cols) continue;
        for (let y = 0; y < rows; y++) out[y * cols + k] = value;
      } else {
        if (k < 0 || k >= rows) continue;
        out.fill(value, k * cols, (k + 1) * cols);
      }
    }
  }
  return out;
}

/**
 * Occludes a `size x size` square with top-left corner `(x, y)` by `value` (default 0, the background), clipped
 * to the image: the cut-out that hides part of the stroke.
 */
export function occludeBlock(
  image: Uint8Array, rows: number, cols: number, block: { x: number; y: number; size: number; value?: number },
): Uint8Array {
  const out = image.slice();
  const value = block.value ?? 0;
  for (let y = Math.max(0, block.y); y < Math.min(rows, block.y + block.size); y++) {
    out.fill(value, y * cols + Math.max(0, block.x), y * cols + Math.min(cols, block.x + block.size));
  }
  return out;
}
