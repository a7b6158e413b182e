import { PNG } from 'pngjs';
import { divergingColor, label, r2, sequentialColor, svgDocument, textColorOn } from './svg.js';

/** Options of {@link renderHeatmap}. */
export interface HeatmapOptions {
  title?: string;
  /** `sequential` (viridis-like, min..max) or `diverging` (blue-white-red, -1..1). Default sequential. */
  colorScale?: 'sequential' | 'diverging';
  /** Cell size in pixels. Default: fits ~560 px. */
  cellSize?: number;
}

/** Any matrix as coloured cells with a colour bar (e.g. the pixel correlation matrix or per-pixel means). */
export function renderHeatmap(matrix: number[][], options: HeatmapOptions = {}): string {
  const rows = matrix.length;
  const cols = matrix[0]?.length ?? 0;
  if (matrix.some((row) => row.length !== cols)) throw new RangeError('renderHeatmap: expected a rectangular matrix');
  const cell = options.cellSize ?? Math.max(1, Math.min(16, Math.floor(560 / Math.max(rows, cols))));
  const values = matrix.flat().filter(Number.isFinite);
  const diverging = options.colorScale === 'diverging';
  const lo = diverging ? -1 : Math.min(...values);
  const hi = diverging ? 1 : Math.max(...values);
  const color = (v: number) => (diverging ? divergingColor(v) : sequentialColor((v - lo) / (hi - lo || 1)));
  const top = 28;
  let body = label(8, 18, options.title ?? 'Heatmap', { size: 14, weight: 'bold' });
  if (rows * cols <= 4096) {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const v = matrix[r][c];
        body += `<rect x="${8 + c * cell}" y="${top + r * cell}" width="${cell}" height="${cell}" fill="${Number.isFinite(v) ? color(v) : '#cccccc'}"/>`;
      }
    }
  } else {
    // Large matrices (e.g. 196x196 correlations) as one embedded PNG, one pixel per cell, scaled up crisply.
    const png = new PNG({ width: cols, height: rows });
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const v = matrix[r][c];
        const m = /rgb\((\d+),(\d+),(\d+)\)/.exec(Number.isFinite(v) ? color(v) : 'rgb(204,204,204)')!;
        const o = 4 * (r * cols + c);
        png.data[o] = Number(m[1]);
        png.data[o + 1] = Number(m[2]);
        png.data[o + 2] = Number(m[3]);
        png.data[o + 3] = 255;
      }
    }
    const uri = `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
    body += `<image x="8" y="${top}" width="${cols * cell}" height="${rows * cell}" href="${uri}" style="image-rendering:pixelated" preserveAspectRatio="none"/>`;
  }
  // Colour bar.
  const barX = 8 + cols * cell + 16;
  const barH = Math.max(120, rows * cell);
  for (let k = 0; k < 50; k++) {
    const t = 1 - k / 49;
    body += `<rect x="${barX}" y="${r2(top + (k * barH) / 50)}" width="14" height="${r2(barH / 50 + 0.5)}" fill="${color(lo + t * (hi - lo))}"/>`;
  }
  body += label(barX + 18, top + 10, hi.toFixed(2), { size: 10 }) + label(barX + 18, top + barH, lo.toFixed(2), { size: 10 });
  return svgDocument(barX + 60, top + Math.max(rows * cell, barH) + 8, options.title ?? 'Heatmap', body);
}

/** Confusion matrix: counts in the cells (rows = true class), readable text colour, colour by row-normalized rate. */
export function renderConfusionMatrix(matrix: number[][], options: { title?: string; labelNames?: string[] } = {}): string {
  const n = matrix.length;
  if (matrix.some((row) => row.length !== n)) throw new RangeError('renderConfusionMatrix: expected a square matrix');
  const names = options.labelNames ?? matrix.map((_, i) => String(i));
  const cell = 46;
  const left = 70;
  const top = 60;
  let body = label(8, 18, options.title ?? 'Confusion matrix', { size: 14, weight: 'bold' });
  body += label(left + (n * cell) / 2, top - 26, 'predicted class', { anchor: 'middle', size: 12 });
  body += label(18, top + (n * cell) / 2, 'true class', { anchor: 'middle', size: 12, rotate: -90 });
  for (let r = 0; r < n; r++) {
    const rowSum = matrix[r].reduce((a, b) => a + b, 0) || 1;
    body += label(left - 8, top + r * cell + cell / 2 + 4, names[r], { anchor: 'end', weight: 'bold' });
    for (let c = 0; c < n; c++) {
      const v = matrix[r][c];
      const rate = v / rowSum;
      // Diagonal in the sequential scale; off-diagonal errors in orange-red so mistakes stand out.
      const fill = r === c ? sequentialColor(0.15 + 0.85 * rate) : v === 0 ? '#f7f7f7' : `rgb(${255},${Math.round(235 - 180 * Math.min(1, rate * 10))},${Math.round(200 - 180 * Math.min(1, rate * 10))})`;
      body += `<rect x="${left + c * cell}" y="${top + r * cell}" width="${cell - 1}" height="${cell - 1}" fill="${fill}"${r === c ? ' stroke="#222222" stroke-width="1.5"' : ''}><title>true ${names[r]}, predicted ${names[c]}: ${v}</title></rect>`;
      body += label(left + c * cell + cell / 2, top + r * cell + cell / 2 + 4, String(v), { anchor: 'middle', size: 11, fill: fill.startsWith('rgb') ? textColorOn(fill) : '#999999' });
    }
  }
  for (let c = 0; c < n; c++) body += label(left + c * cell + cell / 2, top - 8, names[c], { anchor: 'middle', weight: 'bold' });
  return svgDocument(left + n * cell + 12, top + n * cell + 12, options.title ?? 'Confusion matrix', body);
}
