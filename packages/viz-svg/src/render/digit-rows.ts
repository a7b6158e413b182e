import { digitMarkup, type DigitStyle } from '../digits/digit-markup.js';
import { estimateTextWidth, text } from './svg-elements.js';

/** One labeled row of digits. */
export interface DigitRow {
  label: string;
  digits: Uint8Array[];
  /** Optional caption under each digit. */
  captions?: string[];
}

/** Lays out labeled rows of equal-size digits starting at y = `top`; returns markup and size. */
export function renderDigitRows(
  rowsData: ReadonlyArray<DigitRow>,
  rows: number,
  cols: number,
  top: number,
  digitSize: number,
  style: DigitStyle,
): { markup: string; width: number; height: number } {
  const labelWidth = Math.max(0, ...rowsData.map((r) => estimateTextWidth(r.label, 12)));
  const left = 12 + Math.ceil(labelWidth) + 10;
  const gap = 4;
  const hasCaptions = rowsData.some((r) => r.captions);
  const rowHeight = digitSize + (hasCaptions ? 16 : 0) + gap;
  let markup = '';
  let width = 0;
  rowsData.forEach((row, r) => {
    const y = top + r * rowHeight;
    markup += text(left - 10, y + digitSize / 2, row.label, { size: 12, anchor: 'end', baseline: 'middle', attrs: { class: 'row-label' } });
    row.digits.forEach((pixels, c) => {
      const x = left + c * (digitSize + gap);
      markup += digitMarkup(pixels, rows, cols, x, y, digitSize, digitSize, style);
      if (row.captions?.[c] !== undefined) {
        markup += text(x + digitSize / 2, y + digitSize + 3, row.captions[c], { size: 10, anchor: 'middle', baseline: 'hanging', fill: '#444', attrs: { class: 'caption' } });
      }
    });
    width = Math.max(width, left + row.digits.length * (digitSize + gap) + 8);
  });
  return { markup, width, height: rowsData.length * rowHeight };
}
