import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Resvg } from '@resvg/resvg-js';
import { expect } from 'vitest';

/** Validates with fast-xml-parser and returns the parsed tree (attributes prefixed with '@_'). */
export function parseSvg(svg: string): Record<string, unknown> {
  const valid = XMLValidator.validate(svg);
  if (valid !== true) throw new Error(`invalid XML: ${JSON.stringify(valid.err)}`);
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', htmlEntities: true, trimValues: false }).parse(svg);
}

/** All elements named `name` anywhere in a parsed tree. */
export function findAll(node: unknown, name: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === name) (Array.isArray(child) ? child : [child]).forEach((c) => out.push(typeof c === 'object' ? c : { '#text': c }));
        if (!key.startsWith('@_')) visit(child);
      }
    }
  };
  visit(node);
  return out;
}

/** Elements whose class attribute contains `className`. */
export function byClass(node: unknown, element: string, className: string): Array<Record<string, unknown>> {
  return findAll(node, element).filter((e) => String(e['@_class'] ?? '').split(' ').includes(className));
}

/** Text content of `<text>` elements. */
export function texts(node: unknown): string[] {
  return findAll(node, 'text').map((t) => String(t['#text'] ?? ''));
}

/** Checks the common contract: width/height/viewBox, a title, every font-size ≥ 10. */
export function expectStandaloneSvg(svg: string): Record<string, unknown> {
  const tree = parseSvg(svg);
  const root = tree.svg as Record<string, unknown>;
  expect(root).toBeDefined();
  const width = Number(root['@_width']);
  const height = Number(root['@_height']);
  expect(width).toBeGreaterThan(0);
  expect(height).toBeGreaterThan(0);
  expect(root['@_viewBox']).toBe(`0 0 ${width} ${height}`);
  expect(String(root.title ?? '')).not.toBe('');
  for (const t of findAll(tree, 'text')) expect(Number(t['@_font-size'])).toBeGreaterThanOrEqual(10);
  return tree;
}

/** Rasterizes with resvg; returns RGBA pixels and size. */
export function rasterize(svg: string): { width: number; height: number; pixels: Uint8Array } {
  const image = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
  return { width: image.width, height: image.height, pixels: new Uint8Array(image.pixels) };
}
