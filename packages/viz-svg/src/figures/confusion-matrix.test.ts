import { describe, expect, it } from 'vitest';
import { byClass, expectStandaloneSvg, rasterize, texts } from '../__fixtures__/svg-testing.js';
import { contrastRatio, parseColor, relativeLuminance } from '../scales/readable-text-color.js';
import { renderConfusionMatrix } from './confusion-matrix.js';

const matrix = [
  [50, 2, 0],
  [3, 40, 7],
  [0, 1, 60],
];

describe('renderConfusionMatrix', () => {
  it('draws K×K cells, K diagonal cells, and the counts in the cells', () => {
    const tree = expectStandaloneSvg(renderConfusionMatrix(matrix));
    expect(byClass(tree, 'rect', 'cell')).toHaveLength(9);
    expect(byClass(tree, 'rect', 'diagonal')).toHaveLength(3);
    const values = byClass(tree, 'text', 'value').map((t) => String(t['#text']));
    expect(values).toEqual(['50', '2', '0', '3', '40', '7', '0', '1', '60']);
  });

  it('row-normalizes: each row of shown rates equals count / row sum', () => {
    const tree = expectStandaloneSvg(renderConfusionMatrix(matrix, { normalize: true }));
    const values = byClass(tree, 'text', 'value').map((t) => Number(t['#text']));
    expect(values.slice(3, 6)).toEqual([0.06, 0.8, 0.14]); // 3/50, 40/50, 7/50
  });

  it('writes every value with WCAG contrast >= 4.5 against its cell', () => {
    const big = Array.from({ length: 10 }, (_, r) => Array.from({ length: 10 }, (_, c) => (r === c ? 1000 : (r * 10 + c) * 5)));
    const tree = expectStandaloneSvg(renderConfusionMatrix(big));
    const cells = byClass(tree, 'rect', 'cell');
    const values = byClass(tree, 'text', 'value');
    expect(values).toHaveLength(100);
    values.forEach((t, i) => {
      const bg = relativeLuminance(parseColor(String(cells[i]['@_fill']))!);
      const fg = relativeLuminance(parseColor(String(t['@_fill']))!);
      expect(contrastRatio(bg, fg)).toBeGreaterThanOrEqual(4.5);
    });
  });

  it('escapes hostile label names and stays well-formed and rasterizable', () => {
    const labels = ['<script>alert(1)</script>', 'a & b', `"quoted" 'single'`];
    const svg = renderConfusionMatrix(matrix, { labelNames: labels, title: '</svg><x>' });
    expect(svg).not.toContain('<script>');
    const tree = expectStandaloneSvg(svg);
    const all = texts(tree);
    for (const l of labels) expect(all.filter((t) => t === l)).toHaveLength(2);
    const { width, height } = rasterize(svg);
    expect(width).toBeGreaterThan(100);
    expect(height).toBeGreaterThan(100);
  });

  it('rejects ragged, non-square, NaN and negative input with a RangeError', () => {
    expect(() => renderConfusionMatrix([[1, 2], [3]])).toThrow(/ragged/);
    expect(() => renderConfusionMatrix([[1, 2, 3], [4, 5, 6]])).toThrow(/square/);
    expect(() => renderConfusionMatrix([[1, Number.NaN], [0, 1]])).toThrow(RangeError);
    expect(() => renderConfusionMatrix([[1, -1], [0, 1]])).toThrow(/>= 0/);
    expect(() => renderConfusionMatrix([[1, 0], [0, 1]], { labelNames: ['a'] })).toThrow(RangeError);
  });

  it('accepts flat { data, rows, cols } input identically', () => {
    const flat = renderConfusionMatrix({ data: Int32Array.from(matrix.flat()), rows: 3, cols: 3 });
    expect(flat).toBe(renderConfusionMatrix(matrix));
  });
});

describe('renderConfusionMatrix long labels', () => {
  it('rotates column labels wider than a cell and keeps them inside the figure', () => {
    const names = ['a very long class name', 'b', 'c'];
    const tree = expectStandaloneSvg(renderConfusionMatrix(matrix, { labelNames: names }));
    const ticks = byClass(tree, 'text', 'tick-label');
    const rotated = ticks.filter((t) => String(t['@_transform'] ?? '').startsWith('rotate(-45'));
    expect(rotated).toHaveLength(3);
    const height = Number((tree.svg as Record<string, unknown>)['@_height']);
    for (const t of rotated) expect(Number(t['@_y']) + 0.71 * 160).toBeLessThan(height);
  });
});
