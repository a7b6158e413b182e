/** Parses `#rgb`, `#rrggbb` or `rgb(r, g, b)` into [r, g, b] in 0..255; returns undefined for anything else. */
export function parseColor(color: string): [number, number, number] | undefined {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const h = hex[1];
    if (h.length === 3) return [0, 1, 2].map((i) => parseInt(h[i] + h[i], 16)) as [number, number, number];
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
  }
  const rgb = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)/i.exec(color.trim());
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  return undefined;
}

/** WCAG relative luminance of a color in [0, 1]. */
export function relativeLuminance([r, g, b]: [number, number, number]): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG contrast ratio between two luminances. */
export function contrastRatio(a: number, b: number): number {
  const [hi, lo] = a > b ? [a, b] : [b, a];
  return (hi + 0.05) / (lo + 0.05);
}

/** Picks near-black or white text, whichever has the higher WCAG contrast on `background`. */
export function readableTextColor(background: string): '#111111' | '#ffffff' {
  const rgb = parseColor(background);
  if (!rgb) return '#111111';
  const l = relativeLuminance(rgb);
  const dark = relativeLuminance([17, 17, 17]);
  return contrastRatio(l, dark) >= contrastRatio(l, 1) ? '#111111' : '#ffffff';
}
