import { arc, pie } from 'd3-shape';

/** One pie slice: its path data (centered on 0,0), angles in radians, and where to put its label. */
export interface PieSlice {
  index: number;
  value: number;
  startAngle: number;
  endAngle: number;
  d: string;
  labelPosition: [number, number];
}

/** Pie slices (in input order, clockwise from 12 o'clock) for non-negative values, with an inner label anchor. */
export function pieSlices(values: ReadonlyArray<number>, radius: number, innerRadius = 0): PieSlice[] {
  const layout = pie<number>().sort(null).value((v) => v)(values as number[]);
  const shape = arc<{ startAngle: number; endAngle: number }>()
    .innerRadius(innerRadius)
    .outerRadius(radius)
    .digits(2);
  const labelArc = arc<{ startAngle: number; endAngle: number }>()
    .innerRadius(radius * 0.68)
    .outerRadius(radius * 0.68);
  return layout.map((slice) => ({
    index: slice.index,
    value: slice.value,
    startAngle: slice.startAngle,
    endAngle: slice.endAngle,
    d: shape(slice) ?? '',
    labelPosition: labelArc.centroid(slice) as [number, number],
  }));
}
