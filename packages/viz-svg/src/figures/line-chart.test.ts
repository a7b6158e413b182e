import { describe, expect, it } from 'vitest';
import { byClass, expectStandaloneSvg, findAll, parseSvg, rasterize, texts } from '../__fixtures__/svg-testing.js';
import { renderLineChart, type LineChartSeries } from './line-chart.js';

const hostile = `<script>alert("x")</script> & 'q'`;

/** The plot area's pixel box, read from the SVG (the rect of class plot-area). */
function plotArea(svg: string): { left: number; top: number; width: number; height: number } {
  const [area] = byClass(parseSvg(svg), 'rect', 'plot-area');
  return { left: Number(area['@_x']), top: Number(area['@_y']), width: Number(area['@_width']), height: Number(area['@_height']) };
}

function markers(svg: string): Array<[number, number]> {
  return byClass(parseSvg(svg), 'circle', 'point').map((c) => [Number(c['@_cx']), Number(c['@_cy'])]);
}

/** Path data → its points (M/L commands with absolute coordinates, as d3-shape's line writes them). */
function pathPoints(d: string): Array<[number, number]> {
  return [...d.matchAll(/[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe('renderLineChart geometry', () => {
  it('puts a point at known data coordinates on the pixel a linear map of the plot area gives', () => {
    const series: LineChartSeries[] = [
      { name: 'a', points: [{ x: 0, y: 0 }, { x: 2.5, y: 25 }, { x: 10, y: 100 }] },
      { name: 'b', points: [{ x: 4, y: 80 }, { x: 6, y: 40 }] },
    ];
    const svg = renderLineChart(series, { xDomain: [0, 10], yDomain: [0, 100], width: 400, height: 200 });
    const area = plotArea(svg);
    expect(area.width).toBe(400);
    expect(area.height).toBe(200);
    // Independent truth: x → left + width·x/10, y → top + height·(100 − y)/100.
    const expected = series.flatMap((s) => s.points.map((p) => [area.left + (400 * p.x) / 10, area.top + (200 * (100 - p.y)) / 100]));
    expect(markers(svg)).toEqual(expected);
    // Corners of the domain are the corners of the plot area.
    expect(expected[0]).toEqual([area.left, area.top + area.height]);
    expect(expected[2]).toEqual([area.left + area.width, area.top]);
    // The lines go through the same pixels, one path per series, in order.
    const lines = byClass(parseSvg(svg), 'path', 'series-line').map((p) => pathPoints(String(p['@_d'])));
    expect(lines).toEqual([expected.slice(0, 3), expected.slice(3)]);
  });

  it('maps log10 of x on a log axis: 1 at the left edge, 10 in the middle, 100 at the right, 500 at log10(500)/log10(1000)', () => {
    const ns = [1, 5, 10, 50, 100, 500];
    const svg = renderLineChart([{ name: 'acc', points: ns.map((n) => ({ x: n, y: 50 })) }], {
      xScale: 'log', xDomain: [1, 1000], yDomain: [0, 100], width: 300, height: 100,
    });
    const area = plotArea(svg);
    const xs = markers(svg).map(([px]) => px);
    ns.forEach((n, i) => expect(xs[i]).toBeCloseTo(area.left + (300 * Math.log10(n)) / 3, 1));
    expect(xs[2]).toBe(area.left + 100);
    expect(xs[4]).toBe(area.left + 200);
    for (const [, py] of markers(svg)) expect(py).toBe(area.top + 50);
    // Default log ticks: 1, 2, 5 × powers of ten inside the domain.
    expect(texts(parseSvg(svg))).toEqual(expect.arrayContaining(['1', '2', '5', '10', '20', '50', '100', '200', '500', '1000']));
  });

  it('draws mean ± error as a closed band from y − e to y + e, or as error bars with caps', () => {
    const points = [{ x: 1, y: 50, error: 10 }, { x: 3, y: 60, error: 5 }];
    const options = { xDomain: [1, 3] as const, yDomain: [0, 100] as const, width: 200, height: 100 };
    const band = renderLineChart([{ name: 'm', points }], options);
    const area = plotArea(band);
    const px = (x: number) => area.left + (200 * (x - 1)) / 2;
    const py = (y: number) => area.top + (100 * (100 - y)) / 100;
    const [bandPath] = byClass(parseSvg(band), 'path', 'error-band');
    expect(String(bandPath['@_d']).endsWith('Z')).toBe(true);
    expect(pathPoints(String(bandPath['@_d']))).toEqual([[px(1), py(60)], [px(3), py(65)], [px(3), py(55)], [px(1), py(40)]]);

    const bars = renderLineChart([{ name: 'm', points }], { ...options, errorStyle: 'bars' });
    const groups = byClass(parseSvg(bars), 'g', 'error-bar');
    expect(groups).toHaveLength(2);
    const vertical = groups.map((g) => (g.line as Array<Record<string, unknown>>)[0]);
    expect(vertical.map((l) => [Number(l['@_x1']), Number(l['@_y1']), Number(l['@_x2']), Number(l['@_y2'])])).toEqual([
      [px(1), py(40), px(1), py(60)],
      [px(3), py(55), px(3), py(65)],
    ]);
    expect(byClass(parseSvg(bars), 'path', 'error-band')).toHaveLength(0);
  });

  it('takes asymmetric low/high spreads and clips them to an explicit y domain', () => {
    const svg = renderLineChart([{ name: 'm', points: [{ x: 0, y: 95, low: 90, high: 99 }, { x: 1, y: 99, low: 97, high: 103 }] }], {
      yDomain: [80, 100], xDomain: [0, 1], errorStyle: 'bars', width: 100, height: 100,
    });
    const area = plotArea(svg);
    const lines = byClass(parseSvg(svg), 'g', 'error-bar').map((g) => (g.line as Array<Record<string, unknown>>)[0]);
    // 103 is above the domain: the bar ends at the top edge.
    expect(Number(lines[1]['@_y2'])).toBe(area.top);
    expect(Number(lines[0]['@_y1'])).toBe(area.top + (100 * (100 - 90)) / 20);
  });

  it('has a default y domain that holds every value and spread', () => {
    const svg = renderLineChart([{ name: 'm', points: [{ x: 1, y: 0.5, error: 0.2 }, { x: 2, y: 0.9, error: 0.05 }] }]);
    const area = plotArea(svg);
    const [low, high] = [markers(svg)[0][1], markers(svg)[1][1]];
    expect(high).toBeGreaterThan(area.top);
    expect(low).toBeLessThan(area.top + area.height);
    expect(markers(svg)[0][0]).toBe(area.left);
    expect(markers(svg)[1][0]).toBe(area.left + area.width);
  });
});

describe('renderLineChart output', () => {
  it('is a standalone SVG with title, description, axis titles and one legend entry per series', () => {
    const svg = renderLineChart(
      [{ name: hostile, points: [{ x: 1, y: 1 }, { x: 2, y: 3 }] }, { name: 7, points: [{ x: 1, y: 2 }] }],
      { title: 'Accuracy & N', xLabel: 'N per class', yLabel: 'accuracy (%)', description: 'two <series>' },
    );
    const tree = expectStandaloneSvg(svg);
    const root = tree.svg as Record<string, unknown>;
    expect(root.title).toBe('Accuracy & N');
    expect(root.desc).toBe('two <series>');
    const labels = texts(tree);
    expect(labels).toEqual(expect.arrayContaining(['N per class', 'accuracy (%)', hostile, '7', 'Accuracy & N']));
    expect(findAll(byClass(tree, 'g', 'legend')[0], 'text')).toHaveLength(2);
    expect(byClass(tree, 'path', 'series-line')).toHaveLength(2);
    expect(rasterize(svg).width).toBeGreaterThan(400);
  });

  it('is deterministic, and generates a description when none is given', () => {
    const series = [{ name: 'frozen', points: [{ x: 1, y: 70, error: 3 }, { x: 10, y: 85, error: 1 }] }];
    const options = { xScale: 'log' as const, xLabel: 'N', yLabel: 'accuracy' };
    expect(renderLineChart(series, options)).toBe(renderLineChart(series, options));
    const root = parseSvg(renderLineChart(series, options)).svg as Record<string, unknown>;
    expect(root.desc).toBe('1 series (frozen: 2 points) of accuracy against N, log-scaled x axis, spreads as bands.');
  });

  it('uses the given x ticks and hides markers with showPoints: false', () => {
    const svg = renderLineChart([{ name: 's', points: [{ x: 0, y: 1 }, { x: 5, y: 2 }] }], { xTicks: [0, 1, 2, 3, 4, 5], showPoints: false });
    expect(markers(svg)).toHaveLength(0);
    const bottom = byClass(parseSvg(svg), 'g', 'axis-bottom')[0];
    expect(findAll(bottom, 'text').map((t) => String(t['#text']))).toEqual(['0', '1', '2', '3', '4', '5']);
  });
});

describe('renderLineChart validation', () => {
  const ok = [{ name: 'a', points: [{ x: 1, y: 1 }, { x: 2, y: 2 }] }];
  it('refuses bad series with RangeError/TypeError in the one message format', () => {
    expect(() => renderLineChart([])).toThrow(/^renderLineChart: expected series to be a non-empty array, got an array of length 0$/);
    expect(() => renderLineChart('x' as never)).toThrow(TypeError);
    expect(() => renderLineChart([{ name: 'a', points: [] }])).toThrow(RangeError);
    expect(() => renderLineChart([{ name: {} as never, points: [{ x: 1, y: 1 }] }])).toThrow(/series\[0\]\.name/);
    expect(() => renderLineChart([{ name: 'a', points: [{ x: 1, y: Number.NaN }] }])).toThrow(
      /^renderLineChart: expected series\[0\]\.points\[0\]\.y to be a finite number, got NaN$/,
    );
    expect(() => renderLineChart([{ name: 'a', points: [{ x: 1, y: 1 }, { x: 1, y: 2 }] }])).toThrow(/strictly increasing/);
    expect(() => renderLineChart([{ name: 'a', points: [{ x: 0, y: 1 }] }], { xScale: 'log' })).toThrow(/points\[0\]\.x to be a finite number > 0/);
    expect(() => renderLineChart([{ name: 'a', points: [{ x: 1, y: 1, error: -1 }] }])).toThrow(/error to be a finite number ≥ 0/);
    expect(() => renderLineChart([{ name: 'a', points: [{ x: 1, y: 1, low: 2, high: 3 }] }])).toThrow(/low to be a finite number ≤ 1/);
    expect(() => renderLineChart([{ name: 'a', points: [{ x: 1, y: 1, low: 0 }] }])).toThrow(/both low and high/);
    expect(() => renderLineChart([{ name: 'a', points: [{ x: 1, y: 1, error: 1, low: 0, high: 2 }] }])).toThrow(/either error or low and high/);
    expect(() => renderLineChart([{ name: 'a', points: [{ x: 1, y: 1, z: 3 } as never] }])).toThrow(/unknown option series\[0\]\.points\[0\]\.z/);
  });

  it('refuses values outside an explicit domain and bad domains or options', () => {
    expect(() => renderLineChart(ok, { yDomain: [0, 1.5] })).toThrow(/series\[0\]\.points\[1\]\.y to be inside options\.yDomain \[0, 1\.5\], got 2/);
    expect(() => renderLineChart(ok, { xDomain: [2, 1] })).toThrow(/options\.xDomain to be \[min, max\] with min < max/);
    expect(() => renderLineChart(ok, { xScale: 'log', xDomain: [0, 10] })).toThrow(RangeError);
    expect(() => renderLineChart(ok, { xScale: 'ln' as never })).toThrow(/options\.xScale to be one of 'linear', 'log'/);
    expect(() => renderLineChart(ok, { errorStyle: 'whiskers' as never })).toThrow(TypeError);
    expect(() => renderLineChart(ok, { width: 10 })).toThrow(/options\.width to be a finite number ≥ 80, got 10/);
    expect(() => renderLineChart(ok, { showPoints: 'no' as never })).toThrow(TypeError);
    expect(() => renderLineChart(ok, { xLabel: 3 as never })).toThrow(TypeError);
  });

  it('refuses more than 100 series or 100,000 points before drawing', () => {
    const many = Array.from({ length: 101 }, (_, i) => ({ name: String(i), points: [{ x: 1, y: 1 }] }));
    expect(() => renderLineChart(many)).toThrow(RangeError);
    const long = [{ name: 'a', points: Array.from({ length: 100_001 }, (_, i) => ({ x: i, y: 1 })) }];
    expect(() => renderLineChart(long)).toThrow(/number of points/);
  });
});
