import { formatTick, label, linear, PALETTE, r2, svgDocument, ticks } from './svg.js';

/** Grouped vertical bars: one group per category, one bar per series. */
export function groupedBars(
  categories: string[],
  series: Array<{ name: string; values: number[] }>,
  options: { title: string; yLabel: string; yDomain?: [number, number]; width?: number; height?: number; valueFormat?: (v: number) => string },
): string {
  const width = options.width ?? 640;
  const height = options.height ?? 320;
  const margin = { left: 60, right: 12, top: 30 + 15 * Math.ceil(series.length / 3), bottom: 36 };
  const values = series.flatMap((s) => s.values);
  const yDomain = options.yDomain ?? [0, Math.max(...values, 1e-9) * 1.08];
  const py = linear(yDomain[0], yDomain[1], height - margin.bottom, margin.top);
  const groupWidth = (width - margin.left - margin.right) / categories.length;
  const barWidth = (groupWidth * 0.8) / series.length;
  let body = label(margin.left, 18, options.title, { size: 14, weight: 'bold' });
  series.forEach((s, k) => {
    const x = margin.left + (k % 3) * 170;
    const y = 34 + Math.floor(k / 3) * 15;
    body += `<rect x="${x}" y="${y - 9}" width="12" height="10" fill="${PALETTE[k % PALETTE.length]}"/>` + label(x + 16, y, s.name, { size: 11 });
  });
  for (const t of ticks(yDomain[0], yDomain[1], 5)) {
    body += `<line x1="${margin.left}" x2="${width - margin.right}" y1="${r2(py(t))}" y2="${r2(py(t))}" stroke="#e5e5e5"/>`;
    body += label(margin.left - 6, py(t) + 4, options.valueFormat ? options.valueFormat(t) : formatTick(t), { anchor: 'end', size: 10 });
  }
  categories.forEach((category, c) => {
    const x0 = margin.left + c * groupWidth + groupWidth * 0.1;
    series.forEach((s, k) => {
      const v = s.values[c];
      const y = py(Math.max(v, yDomain[0]));
      body += `<rect x="${r2(x0 + k * barWidth)}" y="${r2(y)}" width="${r2(barWidth * 0.92)}" height="${r2(Math.max(0, py(yDomain[0]) - y))}" fill="${PALETTE[k % PALETTE.length]}"><title>${s.name} ${category}: ${options.valueFormat ? options.valueFormat(v) : formatTick(v)}</title></rect>`;
    });
    body += label(margin.left + (c + 0.5) * groupWidth, height - margin.bottom + 14, category, { anchor: 'middle', size: 11 });
  });
  body += `<line x1="${margin.left}" x2="${width - margin.right}" y1="${r2(py(yDomain[0]))}" y2="${r2(py(yDomain[0]))}" stroke="#444444"/>`;
  body += label(14, (height - margin.bottom + margin.top) / 2, options.yLabel, { anchor: 'middle', size: 11, rotate: -90 });
  return svgDocument(width, height, options.title, body);
}

/** Examples per class as bars (optionally against a second distribution) or as a pie. */
export function renderClassDistribution(
  counts: number[],
  options: { kind?: 'bar' | 'pie'; compareWith?: number[]; title?: string; names?: [string, string] } = {},
): string {
  const categories = counts.map((_, c) => String(c));
  if (options.kind === 'pie') return renderPie(categories, counts, options.title ?? 'Class distribution');
  const series = [{ name: options.names?.[0] ?? 'count', values: counts }];
  if (options.compareWith) series.push({ name: options.names?.[1] ?? 'compared', values: options.compareWith });
  return groupedBars(categories, series, { title: options.title ?? 'Examples per class', yLabel: 'examples' });
}

/** Pie chart with a legend of counts and shares. */
export function renderPie(categories: string[], values: number[], title: string): string {
  const total = values.reduce((a, b) => a + b, 0) || 1;
  const cx = 150;
  const cy = 170;
  const radius = 120;
  let angle = -Math.PI / 2;
  let body = label(8, 18, title, { size: 14, weight: 'bold' });
  values.forEach((v, k) => {
    const sweep = (2 * Math.PI * v) / total;
    const a0 = angle;
    const a1 = angle + sweep;
    angle = a1;
    const color = PALETTE[k % PALETTE.length];
    const d =
      sweep >= 2 * Math.PI - 1e-9
        ? `M${cx - radius},${cy}a${radius},${radius} 0 1,0 ${2 * radius},0a${radius},${radius} 0 1,0 ${-2 * radius},0Z`
        : `M${cx},${cy}L${r2(cx + radius * Math.cos(a0))},${r2(cy + radius * Math.sin(a0))}A${radius},${radius} 0 ${sweep > Math.PI ? 1 : 0},1 ${r2(cx + radius * Math.cos(a1))},${r2(cy + radius * Math.sin(a1))}Z`;
    body += `<path d="${d}" fill="${color}" stroke="#ffffff" stroke-width="1"><title>${categories[k]}: ${v}</title></path>`;
    const y = 40 + k * 18;
    body += `<rect x="300" y="${y - 10}" width="12" height="12" fill="${color}"/>`;
    body += label(318, y, `${categories[k]}: ${v.toLocaleString('en-US')} (${((100 * v) / total).toFixed(1)}%)`, { size: 11 });
  });
  return svgDocument(480, 310, title, body);
}

/** Precision, recall and F1 per class as grouped bars. */
export function renderPerClassMetrics(report: { perClass: Array<{ label: string; precision: number; recall: number; f1: number }> }): string {
  const all = report.perClass.flatMap((r) => [r.precision, r.recall, r.f1]);
  const lo = Math.max(0, Math.floor((Math.min(...all) - 0.01) * 100) / 100);
  return groupedBars(
    report.perClass.map((r) => r.label),
    [
      { name: 'precision', values: report.perClass.map((r) => r.precision) },
      { name: 'recall', values: report.perClass.map((r) => r.recall) },
      { name: 'F1', values: report.perClass.map((r) => r.f1) },
    ],
    { title: 'Precision, recall and F1 per class (test set)', yLabel: 'score', yDomain: [lo, 1], valueFormat: (v) => v.toFixed(3) },
  );
}
