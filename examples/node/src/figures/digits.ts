import { PNG } from 'pngjs';
import { label, r2, svgDocument } from './svg.js';

/** A 28x28 (rows x cols) grayscale digit as an `<image>` with a PNG data URI, drawn dark-on-light, crisp pixels. */
export function digitImage(pixels: ArrayLike<number>, x: number, y: number, size: number, rows = 28, cols = 28, range: [number, number] = [0, 255]): string {
  const png = new PNG({ width: cols, height: rows, colorType: 0, inputColorType: 0, inputHasAlpha: false });
  const data = Buffer.alloc(rows * cols);
  const [lo, hi] = range;
  for (let i = 0; i < rows * cols; i++) {
    const v = Math.max(0, Math.min(1, (pixels[i] - lo) / (hi - lo || 1)));
    data[i] = 255 - Math.round(255 * v);
  }
  png.data = data;
  const uri = `data:image/png;base64,${PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false }).toString('base64')}`;
  return `<image x="${r2(x)}" y="${r2(y)}" width="${r2(size)}" height="${r2(size)}" href="${uri}" style="image-rendering:pixelated" preserveAspectRatio="none"/>`;
}

/** Options of {@link renderDigitGrid}. */
export interface DigitGridOptions {
  labels?: ArrayLike<number>;
  predictions?: ArrayLike<number>;
  confidences?: ArrayLike<number>;
  columns?: number;
  title?: string;
  /** Pixel size of one digit. Default 56. */
  cellSize?: number;
}

/** Grid of digits with "true / predicted (confidence)" captions, green when right and red when wrong. */
export function renderDigitGrid(images: ArrayLike<number>[], options: DigitGridOptions = {}): string {
  const columns = Math.max(1, Math.min(options.columns ?? 10, images.length || 1));
  const size = options.cellSize ?? 56;
  const captionHeight = options.predictions ? 28 : options.labels ? 16 : 0;
  const cellW = Math.max(size, options.predictions ? 84 : 40) + 8;
  const cellH = size + captionHeight + 8;
  const top = options.title ? 26 : 4;
  const rows = Math.ceil(images.length / columns);
  const width = columns * cellW + 8;
  const height = top + rows * cellH + 4;
  let body = options.title ? label(8, 18, options.title, { size: 14, weight: 'bold' }) : '';
  images.forEach((image, i) => {
    const x = 8 + (i % columns) * cellW;
    const y = top + Math.floor(i / columns) * cellH;
    const offset = (cellW - 8 - size) / 2;
    body += digitImage(image, x + offset, y, size);
    if (options.labels && options.predictions) {
      const right = options.labels[i] === options.predictions[i];
      const color = right ? '#1a7f37' : '#cf222e';
      const confidence = options.confidences ? ` (${(100 * options.confidences[i]).toFixed(0)}%)` : '';
      body += `<rect x="${r2(x + offset)}" y="${r2(y)}" width="${size}" height="${size}" fill="none" stroke="${color}" stroke-width="2"/>`;
      body += label(x + (cellW - 8) / 2, y + size + 12, `true ${options.labels[i]}`, { anchor: 'middle', size: 10, fill: '#444444' });
      body += label(x + (cellW - 8) / 2, y + size + 24, `pred ${options.predictions[i]}${confidence}`, { anchor: 'middle', size: 10, fill: color, weight: 'bold' });
    } else if (options.labels) {
      body += label(x + (cellW - 8) / 2, y + size + 12, String(options.labels[i]), { anchor: 'middle', size: 10 });
    }
  });
  const right = options.labels && options.predictions ? Array.from({ length: images.length }, (_, i) => options.labels![i] === options.predictions![i]).filter(Boolean).length : undefined;
  const title = options.title ?? (right !== undefined ? `Predictions: ${right} of ${images.length} right` : `${images.length} digits`);
  return svgDocument(width, height, title, body);
}

/** `perClass` examples of every class, one row per class (the papers' sample figures). */
export function renderSampleGallery(
  dataset: { images: Uint8Array; labels: Uint8Array; count: number; rows: number; cols: number; numClasses: number },
  options: { perClass?: number; seed?: number; title?: string } = {},
): string {
  const perClass = options.perClass ?? 10;
  const size = 36;
  const pixels = dataset.rows * dataset.cols;
  const chosen: number[][] = Array.from({ length: dataset.numClasses }, () => []);
  const start = options.seed ? (options.seed * 7919) % Math.max(1, dataset.count) : 0;
  for (let k = 0; k < dataset.count; k++) {
    const i = (start + k) % dataset.count;
    const bucket = chosen[dataset.labels[i]];
    if (bucket.length < perClass) bucket.push(i);
  }
  const left = 28;
  const top = 26;
  let body = label(8, 18, options.title ?? `${perClass} training examples per class`, { size: 14, weight: 'bold' });
  chosen.forEach((indices, c) => {
    const y = top + c * (size + 4);
    body += label(left - 8, y + size / 2 + 4, String(c), { anchor: 'end', weight: 'bold' });
    indices.forEach((i, k) => {
      body += digitImage(dataset.images.subarray(i * pixels, (i + 1) * pixels), left + k * (size + 4), y, size, dataset.rows, dataset.cols);
    });
  });
  return svgDocument(left + perClass * (size + 4) + 8, top + dataset.numClasses * (size + 4) + 4, options.title ?? 'Sample digits per class', body);
}

/** The mean image of each class, as grayscale digits. */
export function renderMeanDigits(means: { means: ArrayLike<number>[]; rows: number; cols: number; counts?: number[] }, options: { title?: string } = {}): string {
  const size = 56;
  const maxValue = Math.max(...means.means.map((m) => Math.max(...Array.from(m))), 1e-9);
  let body = label(8, 18, options.title ?? 'Mean digit per class', { size: 14, weight: 'bold' });
  means.means.forEach((m, c) => {
    const x = 8 + c * (size + 8);
    body += digitImage(m, x, 26, size, means.rows, means.cols, [0, maxValue]);
    body += label(x + size / 2, 26 + size + 14, means.counts ? `${c} (n=${means.counts[c]})` : String(c), { anchor: 'middle', size: 10 });
  });
  return svgDocument(8 + means.means.length * (size + 8), 26 + size + 22, options.title ?? 'Mean digit per class', body);
}

/** Before/after pairs of augmented digits: originals on the top row, their augmented versions below. */
export function renderAugmentationComparison(originals: ArrayLike<number>[], augmented: ArrayLike<number>[], options: { title?: string } = {}): string {
  if (originals.length !== augmented.length) {
    throw new RangeError(`renderAugmentationComparison: expected as many augmented images as originals, got ${augmented.length} and ${originals.length}`);
  }
  const size = 48;
  const left = 70;
  let body = label(8, 18, options.title ?? 'Augmentation: before (top) and after (bottom)', { size: 14, weight: 'bold' });
  body += label(8, 26 + size / 2 + 4, 'before', { weight: 'bold' }) + label(8, 26 + size + 8 + size / 2 + 4, 'after', { weight: 'bold' });
  originals.forEach((image, i) => {
    const x = left + i * (size + 6);
    body += digitImage(image, x, 26, size) + digitImage(augmented[i], x, 26 + size + 8, size);
  });
  return svgDocument(left + originals.length * (size + 6) + 8, 26 + 2 * size + 16, options.title ?? 'Augmentation before and after', body);
}
