import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { findAll } from '../__fixtures__/svg-testing.js';
import { renderConfusionMatrix } from '../figures/confusion-matrix.js';
import { renderReportHtml } from './report-html.js';

const hostile = `<script>alert("x")</script> & 'q'`;

describe('renderReportHtml', () => {
  const svg = renderConfusionMatrix([[3, 1], [0, 4]]);
  const html = renderReportHtml({
    title: hostile,
    subtitle: 'run 1',
    sections: [
      { title: 'Figures', text: ['first & second', hostile], svg: [svg, svg] },
      { title: hostile, preformatted: '  a  <b>\n  c', table: { columns: ['class', 'f1'], rows: [[hostile, 0.5], ['1', 1]], caption: 'per class' } },
    ],
  });

  it('is one well-formed document with sections, figures and tables, no scripts or external assets', () => {
    const body = html.replace(/^<!DOCTYPE html>\n/, '');
    expect(XMLValidator.validate(body)).toBe(true);
    expect(html).not.toMatch(/<script|src=|<link|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    const tree = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', htmlEntities: true }).parse(body);
    expect(findAll(tree, 'section')).toHaveLength(2);
    expect(findAll(tree, 'svg')).toHaveLength(2);
    expect(findAll(tree, 'td')).toHaveLength(4);
    expect(findAll(tree, 'li')).toHaveLength(2);
    expect(String(findAll(tree, 'h1')[0]['#text'])).toBe(hostile);
  });

  it('rejects SVGs with scripts or event handlers and ragged tables', () => {
    expect(() => renderReportHtml({ title: 't', sections: [{ title: 's', svg: '<svg><script>1</script></svg>' }] })).toThrow(RangeError);
    expect(() => renderReportHtml({ title: 't', sections: [{ title: 's', svg: '<svg onload="x()"></svg>' }] })).toThrow(RangeError);
    expect(() => renderReportHtml({ title: 't', sections: [{ title: 's', svg: '<div/>' }] })).toThrow(RangeError);
    expect(() => renderReportHtml({ title: 't', sections: [{ title: 's', table: { columns: ['a', 'b'], rows: [['1']] } }] })).toThrow(RangeError);
  });
});

describe('renderReportHtml trusted html', () => {
  it('inserts static html verbatim and rejects active content', () => {
    const html = renderReportHtml({ title: 't', sections: [{ title: 's', html: '<h3>pair 4 ↔ 9</h3><p>ok</p>' }] });
    expect(html).toContain('<h3>pair 4 ↔ 9</h3><p>ok</p></section>');
    for (const bad of ['<img src="https://x/y.png"/>', '<a href="javascript:alert(1)">x</a>', '<div onclick="x()"/>', '<iframe/>']) {
      expect(() => renderReportHtml({ title: 't', sections: [{ title: 's', html: bad }] })).toThrow(RangeError);
    }
  });
});
