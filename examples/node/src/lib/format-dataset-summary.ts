import type { DigitDataset } from '@digitkit/mnist-data';

/** Summary of one split: counts, per-class counts and pixel statistics on the raw 0..255 scale. */
export interface SplitSummary {
  count: number;
  rows: number;
  cols: number;
  /** `classCounts[k]` = number of examples with label k. */
  classCounts: number[];
  /** Mean of all pixels, 0..255 scale. */
  pixelMean: number;
  /** Population standard deviation of all pixels, 0..255 scale. */
  pixelStd: number;
  pixelMin: number;
  pixelMax: number;
}

/** Counts labels and computes pixel mean/std of a data set in one pass over its bytes. */
export function summarizeSplit(dataset: DigitDataset): SplitSummary {
  const classCounts = new Array<number>(dataset.numClasses).fill(0);
  for (let i = 0; i < dataset.count; i++) classCounts[dataset.labels[i]]++;
  // Exact integer histogram → exact mean and variance without float accumulation drift.
  const histogram = new Float64Array(256);
  const { images } = dataset;
  for (let i = 0; i < images.length; i++) histogram[images[i]]++;
  let n = 0;
  let sum = 0;
  let min = 255;
  let max = 0;
  for (let v = 0; v < 256; v++) {
    const c = histogram[v];
    if (c === 0) continue;
    n += c;
    sum += c * v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = n > 0 ? sum / n : 0;
  let squares = 0;
  for (let v = 0; v < 256; v++) squares += histogram[v] * (v - mean) ** 2;
  return {
    count: dataset.count,
    rows: dataset.rows,
    cols: dataset.cols,
    classCounts,
    pixelMean: mean,
    pixelStd: n > 0 ? Math.sqrt(squares / n) : 0,
    pixelMin: n > 0 ? min : 0,
    pixelMax: n > 0 ? max : 0,
  };
}

/** Formats train/test summaries as an aligned plain-text table. */
export function formatDatasetSummary(splits: Record<string, SplitSummary>): string {
  const names = Object.keys(splits);
  const lines: string[] = [];
  for (const name of names) {
    const s = splits[name];
    lines.push(
      `${name}: ${s.count.toLocaleString('en-US')} images of ${s.rows}x${s.cols}, ` +
        `pixel mean ${s.pixelMean.toFixed(2)} std ${s.pixelStd.toFixed(2)} (0..255; ` +
        `${(s.pixelMean / 255).toFixed(4)} / ${(s.pixelStd / 255).toFixed(4)} on [0,1]), range ${s.pixelMin}..${s.pixelMax}`,
    );
  }
  const numClasses = Math.max(...names.map((n) => splits[n].classCounts.length));
  const header = ['class', ...names.flatMap((n) => [n, '%'])];
  const rows: string[][] = [];
  for (let k = 0; k < numClasses; k++) {
    rows.push([
      String(k),
      ...names.flatMap((n) => {
        const s = splits[n];
        const c = s.classCounts[k] ?? 0;
        return [String(c), ((100 * c) / Math.max(1, s.count)).toFixed(2)];
      }),
    ]);
  }
  rows.push(['total', ...names.flatMap((n) => [String(splits[n].count), '100.00'])]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  lines.push('', fmt(header), ...rows.map(fmt));
  return lines.join('\n');
}
