import { line } from 'd3-shape';

/** A point in pixel coordinates. */
export type Point = readonly [number, number];

const lineGenerator = line<Point>()
  .x((p) => p[0])
  .y((p) => p[1])
  .digits(2);

/** Path data (`M…L…`) through the given pixel points; empty string for no points. */
export function linePath(points: ReadonlyArray<Point>): string {
  if (points.length === 0) return '';
  return lineGenerator(points as Point[]) ?? '';
}
