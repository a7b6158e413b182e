import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeXml } from './escape-xml.js';

describe('escapeXml', () => {
  it('replaces the five XML specials', () => {
    expect(escapeXml(`<a href="x" class='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; class=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
  it('drops characters XML 1.0 forbids and keeps valid surrogate pairs', () => {
    expect(escapeXml('a\u0000b\u0007c\td\n')).toBe('abc\td\n');
    expect(escapeXml('x\ud800y')).toBe('xy');
    expect(escapeXml('😀')).toBe('😀');
  });
  it('round-trips hostile text through a real XML parser', () => {
    const hostile = `<script>alert("x")</script> & ' ]]> <!-- \u0001 --> end`;
    const parsed = new XMLParser({ processEntities: true, htmlEntities: true }).parse(`<t>${escapeXml(hostile)}</t>`);
    expect(parsed.t).toBe(hostile.replace('\u0001', ''));
  });
});
