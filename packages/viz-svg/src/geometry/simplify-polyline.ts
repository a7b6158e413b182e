import type { Point } from './line-path.js';

/**
 * Drops points that add nothing visible at pixel resolution: consecutive points closer than `tolerance` px,
 * and middle points of collinear runs along the x or y axis (the steps of ROC curves). Keeps the first and last point.
 */
export function simplifyPolyline(points: ReadonlyArray<Point>, tolerance = 0.25): Point[] {
  if (points.length <= 2) return points.slice();
  const deduped: Point[] = [points[0]];
  for (let i = 1; i < points.length; i++) {
    const last = deduped[deduped.length - 1];
    const p = points[i];
    if (i === points.length - 1 || Math.abs(p[0] - last[0]) >= tolerance || Math.abs(p[1] - last[1]) >= tolerance) {
      deduped.push(p);
    }
  }
  if (deduped.length <= 2) return deduped;
  const out: Point[] = [deduped[0]];
  for (let i = 1; i < deduped.length - 1; i++) {
    const a = out[out.length - 1];
    const b = deduped[i];
    const c = deduped[i + 1];
    const sameX = Math.abs(a[0] - b[0]) < tolerance && Math.abs(b[0] - c[0]) < tolerance;
    const sameY = Math.abs(a[1] - b[1]) < tolerance && Math.abs(b[1] - c[1]) < tolerance;
    if (!sameX && !sameY) out.push(b);
  }
  out.push(deduped[deduped.length - 1]);
  return out;
}
