import type { DigitDataset } from '@digitkit/core';
import { classDistribution, pixelStatistics } from '@digitkit/preprocess-augment';

/**
 * Formats the `digitkit data` summary of named splits as plain text: one line per split (count, size, pixel mean,
 * std and range on the 0..255 scale and on [0, 1]) and an aligned table of the per-class counts. The statistics come
 * from `classDistribution` and `pixelStatistics` of @digitkit/preprocess-augment.
 */
export function formatDatasetSummary(splits: Record<string, DigitDataset>): string {
  const names = Object.keys(splits);
  const lines: string[] = [];
  const distributions = names.map((name) => classDistribution(splits[name].labels, { numClasses: splits[name].numClasses }));
  names.forEach((name) => {
    const s = splits[name];
    // scale 1: raw bytes (0..255).
    const g = pixelStatistics(s.images, { rows: s.rows, cols: s.cols, scale: 1 }).global;
    lines.push(
      `${name}: ${s.count.toLocaleString('en-US')} images of ${s.rows}x${s.cols}, ` +
        `pixel mean ${g.mean.toFixed(2)} std ${g.std.toFixed(2)} (0..255; ` +
        `${(g.mean / 255).toFixed(4)} / ${(g.std / 255).toFixed(4)} on [0,1]), range ${g.min}..${g.max}`,
    );
  });
  const numClasses = Math.max(...distributions.map((d) => d.counts.length));
  const header = ['class', ...names.flatMap((n) => [n, '%'])];
  const rows: string[][] = [];
  for (let k = 0; k < numClasses; k++) {
    rows.push([
      String(k),
      ...distributions.flatMap((d) => [String(d.counts[k] ?? 0), (100 * (d.fractions[k] ?? 0)).toFixed(2)]),
    ]);
  }
  rows.push(['total', ...distributions.flatMap((d) => [String(d.total), '100.00'])]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  lines.push('', format(header), ...rows.map(format));
  return lines.join('\n');
}
