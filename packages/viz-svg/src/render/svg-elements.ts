import { escapeXml } from '../escape-xml.js';
import { formatCoordinate as f } from '../internal/format-number.js';

/** Smallest font size (px) any text in an SVG may use. */
export const MIN_FONT_SIZE = 10;

type Attributes = Record<string, string | number | undefined | null | false>;

/** Serializes attributes; numbers are rounded to 2 decimals, strings escaped, empty values skipped. */
export function attributes(attrs: Attributes): string {
  let out = '';
  for (const key of Object.keys(attrs)) {
    const value = attrs[key];
    if (value === undefined || value === null || value === false) continue;
    out += ` ${key}="${typeof value === 'number' ? f(value) : escapeXml(value)}"`;
  }
  return out;
}

/** A self-closing element. */
export function element(name: string, attrs: Attributes): string {
  return `<${name}${attributes(attrs)}/>`;
}

/** A `<rect>`. */
export function rect(x: number, y: number, width: number, height: number, attrs: Attributes = {}): string {
  return element('rect', { x, y, width, height, ...attrs });
}

/** A `<line>`. */
export function line(x1: number, y1: number, x2: number, y2: number, attrs: Attributes = {}): string {
  return element('line', { x1, y1, x2, y2, ...attrs });
}

/** A `<path>` with precomputed geometry `d`. */
export function path(d: string, attrs: Attributes = {}): string {
  return element('path', { d, ...attrs });
}

/** A `<circle>`. */
export function circle(cx: number, cy: number, r: number, attrs: Attributes = {}): string {
  return element('circle', { cx, cy, r, ...attrs });
}

/** A `<g>` wrapping already-rendered children. */
export function group(children: string, attrs: Attributes = {}): string {
  return `<g${attributes(attrs)}>${children}</g>`;
}

/** Options of {@link text}. */
export interface TextOptions {
  /** Font size in px, raised to {@link MIN_FONT_SIZE} if smaller. Default 12. */
  size?: number;
  /** `text-anchor`: start, middle or end. Default start. */
  anchor?: 'start' | 'middle' | 'end';
  /** Vertical alignment relative to y. Default 'baseline'. */
  baseline?: 'baseline' | 'middle' | 'hanging';
  /** Fill color. Default '#222'. */
  fill?: string;
  /** Font weight. */
  weight?: 'normal' | 'bold';
  /** Rotation in degrees around (x, y). */
  rotate?: number;
  /** Extra attributes. */
  attrs?: Attributes;
}

/** A `<text>` element with escaped content. Vertical centering uses a dy offset (renders the same everywhere). */
export function text(x: number, y: number, content: unknown, options: TextOptions = {}): string {
  const size = Math.max(MIN_FONT_SIZE, options.size ?? 12);
  const dy = options.baseline === 'middle' ? '0.35em' : options.baseline === 'hanging' ? '0.8em' : undefined;
  return `<text${attributes({
    x,
    y,
    dy,
    'font-size': size,
    'text-anchor': options.anchor && options.anchor !== 'start' ? options.anchor : undefined,
    fill: options.fill ?? '#222',
    'font-weight': options.weight === 'bold' ? 'bold' : undefined,
    transform: options.rotate ? `rotate(${f(options.rotate)} ${f(x)} ${f(y)})` : undefined,
    ...options.attrs,
  })}>${escapeXml(content)}</text>`;
}

/** A rough text width estimate (px) for a sans-serif font, used for layout only. */
export function estimateTextWidth(content: string, size: number): number {
  let width = 0;
  for (const ch of content) {
    if (/[0-9]/.test(ch)) width += 0.56;
    else if (/[ijlI.,:;!|' ]/.test(ch)) width += 0.3;
    else if (/[mwMW%@]/.test(ch)) width += 0.85;
    else if (/[A-Z]/.test(ch)) width += 0.66;
    else width += 0.55;
  }
  return width * size;
}

/** The figure title at the top-left; returns markup and the width it needs (px). */
export function heading(title: string, subtitle?: string): { markup: string; width: number } {
  let markup = text(12, 24, title, { size: 15, weight: 'bold', attrs: { class: 'figure-title' } });
  let width = estimateTextWidth(title, 15) * 1.1 + 24;
  if (subtitle) {
    markup += text(12, 42, subtitle, { size: 11, fill: '#555' });
    width = Math.max(width, estimateTextWidth(subtitle, 11) + 24);
  }
  return { markup, width };
}
