import { checkFiniteNumber, checkInteger, checkOptions, describeValue } from '@digitkit/core';
import { DIGIT_STYLE_KEYS, digitMarkup, resolveDigitStyle, type DigitStyle } from '../digits/digit-markup.js';
import { normalizeDigitImages, type DigitImagesInput, type PixelRange } from '../digits/digit-images.js';
import { gridLayout } from '../geometry/grid-layout.js';
import { isArrayLike, optionalText, resolveLabelNames } from '../internal/validate.js';
import { svgDocument } from '../render/svg-document.js';
import { heading, rect, text } from '../render/svg-elements.js';

/** Options of {@link renderDigitGrid}. */
export interface DigitGridOptions extends DigitStyle {
  /** True labels (class indices or names), one per image. */
  labels?: ArrayLike<number | string>;
  /** Predicted labels, one per image. With `labels`, a caption is green when equal and red when not. */
  predictions?: ArrayLike<number | string>;
  /** Confidence of each prediction in [0, 1], shown as a percentage. */
  confidences?: ArrayLike<number>;
  /** Class names used to print numeric labels/predictions. */
  labelNames?: ReadonlyArray<string>;
  /** Digits per row. Default 10. */
  columns?: number;
  /** Drawn digit side in px. Default 56 (2× for 28×28). */
  digitSize?: number;
  /** Figure title. Default 'Digits' or 'Predictions'. */
  title?: string;
  /** Image rows/cols when images are given as an array. Default 28×28. */
  rows?: number;
  cols?: number;
  /** Input pixel range, see {@link PixelRange}. Default 'auto'. */
  pixelRange?: PixelRange;
}

const FN = 'renderDigitGrid';
const KNOWN_OPTIONS = [
  'labels', 'predictions', 'confidences', 'labelNames', 'columns', 'digitSize', 'title', 'rows', 'cols', 'pixelRange',
  ...DIGIT_STYLE_KEYS,
];
/** Most digits one figure draws (a 10,000-digit grid is ≈ 6 MB of SVG). */
export const MAX_DRAWN_DIGITS = 10_000;

/** Caption colors: dark enough for ≥ 4.5:1 contrast on white. */
export const CORRECT_COLOR = '#1a7f37';
export const WRONG_COLOR = '#cf222e';

function labelList(name: string, value: unknown, count: number, names?: ReadonlyArray<string>): string[] | undefined {
  if (value === undefined) return undefined;
  if (!isArrayLike(value)) throw new TypeError(`${FN}: expected options.${name} to be an array, got ${describeValue(value)}`);
  if (value.length !== count) throw new RangeError(`${FN}: expected options.${name} to have ${count} entries (one per image), got ${value.length}`);
  return Array.from(value as ArrayLike<unknown>, (v, i) => {
    if (typeof v === 'number') {
      checkInteger(FN, `options.${name}[${i}]`, v, { min: 0 });
      return names && v < names.length ? names[v] : String(v);
    }
    if (typeof v === 'string') return v;
    throw new TypeError(`${FN}: expected options.${name}[${i}] to be a class index or a name, got ${describeValue(v)}`);
  });
}

/**
 * Renders grayscale digits in a grid with optional captions "true / predicted (confidence)",
 * green when the prediction is right and red (with a red frame) when wrong, like the papers' prediction figures.
 *
 * @param images - digits, see {@link DigitImagesInput} (28×28 by default, bytes 0..255 or floats 0..1).
 * @throws RangeError for images of the wrong size, pixel values outside the range, or captions of the wrong length.
 */
export function renderDigitGrid(images: DigitImagesInput, options: DigitGridOptions = {}): string {
  checkOptions(FN, options, KNOWN_OPTIONS);
  const style = resolveDigitStyle(FN, options);
  const { images: digits, rows, cols } = normalizeDigitImages(FN, 'images', images, options);
  const count = checkInteger(FN, 'the number of images', digits.length, { min: 1, max: MAX_DRAWN_DIGITS });
  const labelNames = options.labelNames;
  if (labelNames !== undefined) resolveLabelNames(FN, 'options.labelNames', labelNames, Array.isArray(labelNames) ? labelNames.length : 0);
  const labels = labelList('labels', options.labels, count, options.labelNames);
  const predictions = labelList('predictions', options.predictions, count, options.labelNames);
  let confidences: number[] | undefined;
  if (options.confidences !== undefined) {
    if (!isArrayLike(options.confidences) || options.confidences.length !== count) {
      throw new RangeError(`${FN}: expected options.confidences to have ${count} entries, got ${describeValue(options.confidences)}`);
    }
    confidences = Array.from(options.confidences, (c, i) => checkFiniteNumber(FN, `options.confidences[${i}]`, c, { min: 0, max: 1 }));
  }
  const columns = checkInteger(FN, 'options.columns', options.columns ?? 10, { min: 1 });
  const digitSize = checkFiniteNumber(FN, 'options.digitSize', options.digitSize ?? 56, { min: 8 });
  const hasCaption = labels !== undefined || predictions !== undefined;
  const captionHeight = hasCaption ? 18 : 0;
  const cellWidth = Math.max(digitSize, hasCaption ? 78 : digitSize);
  const title = optionalText(FN, 'options.title', options.title, predictions ? 'Predictions' : 'Digits');
  let wrong = 0;
  if (labels && predictions) for (let i = 0; i < count; i++) if (labels[i] !== predictions[i]) wrong++;
  const head = heading(title, labels && predictions ? `${count - wrong} of ${count} correct (green), ${wrong} wrong (red)` : undefined);
  const top = labels && predictions ? 56 : 40;
  const layout = gridLayout(count, columns, cellWidth, digitSize + captionHeight, 8, 12, top);
  let body = '';
  for (const cell of layout.cells) {
    const i = cell.index;
    const dx = cell.x + (cellWidth - digitSize) / 2;
    body += digitMarkup(digits[i], rows, cols, dx, cell.y, digitSize, digitSize, style);
    if (!hasCaption) continue;
    let caption = '';
    let color = '#222';
    if (labels && predictions) {
      caption = `${labels[i]} / ${predictions[i]}`;
      const right = labels[i] === predictions[i];
      color = right ? CORRECT_COLOR : WRONG_COLOR;
      if (!right) body += rect(dx - 1.5, cell.y - 1.5, digitSize + 3, digitSize + 3, { fill: 'none', stroke: WRONG_COLOR, 'stroke-width': 2, class: 'wrong' });
    } else {
      caption = (labels ?? predictions)![i];
    }
    if (confidences) caption += ` (${(confidences[i] * 100).toFixed(confidences[i] >= 0.995 && confidences[i] < 1 ? 1 : 0)}%)`;
    body += text(cell.x + cellWidth / 2, cell.y + digitSize + 4, caption, {
      size: 11, anchor: 'middle', baseline: 'hanging', fill: color, attrs: { class: 'caption' },
    });
  }
  return svgDocument({
    width: Math.max(layout.width + 24, head.width),
    height: top + layout.height + 12,
    title,
    description: `${count} digit images${hasCaption ? ' with captions (true / predicted (confidence))' : ''}.`,
    body: head.markup + body,
  });
}
