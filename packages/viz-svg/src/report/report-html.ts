import { escapeXml } from '../escape-xml.js';
import { checkOptions, describeValue } from '@digitkit/core';

/** A table inside a report section; every cell is escaped. */
export interface ReportTable {
  /** Column headers. */
  columns: ReadonlyArray<string>;
  /** Rows of cells; each row must have one cell per column. */
  rows: ReadonlyArray<ReadonlyArray<string | number>>;
  /** Optional caption above the table. */
  caption?: string;
}

/** One report section: a heading and any of paragraphs, preformatted text, SVG figures, tables and trusted HTML (in that order). */
export interface ReportSection {
  /** Section heading (escaped). */
  title: string;
  /** Paragraph text (escaped); a string or several paragraphs. */
  text?: string | ReadonlyArray<string>;
  /** Preformatted text, e.g. `classificationReport(...).text` (escaped). */
  preformatted?: string;
  /** SVG markup from this package's renderers (inserted as is; must be an `<svg …>` element, no scripts). */
  svg?: string | ReadonlyArray<string>;
  /** Tables. */
  table?: ReportTable | ReadonlyArray<ReportTable>;
  /** Trusted HTML inserted verbatim after everything else (NOT escaped; scripts, event handlers, iframes and
   * external resources are rejected). Prefer `text`/`table`, which escape. */
  html?: string;
}

/** Inputs of {@link renderReportHtml}. */
export interface ReportHtmlInput {
  /** Page title and top heading (escaped). */
  title: string;
  /** Optional line under the title (escaped), e.g. a date or model name. */
  subtitle?: string;
  /** Sections in page order; a table of contents is added when there are two or more. */
  sections: ReadonlyArray<ReportSection>;
}

const FN = 'renderReportHtml';
const SECTION_KEYS = ['title', 'text', 'preformatted', 'svg', 'table', 'html'];
const TABLE_KEYS = ['columns', 'rows', 'caption'];
const STYLE = `body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:0 auto;max-width:1200px;padding:24px;color:#222;background:#fff;line-height:1.45}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 10px;border-bottom:1px solid #ddd;padding-bottom:4px}
.subtitle{color:#555;margin:0 0 16px}nav ol{columns:2;padding-left:20px}figure{margin:12px 0;overflow-x:auto}svg{max-width:100%;height:auto}
table{border-collapse:collapse;margin:10px 0;font-size:14px}caption{text-align:left;font-weight:bold;padding:4px 0}
th,td{border:1px solid #ccc;padding:4px 10px;text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}
pre{background:#f7f7f7;padding:10px;overflow-x:auto;font-size:13px}`;

function list<T>(value: T | ReadonlyArray<T> | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...value] : [value as T];
}

function checkSvg(svg: unknown, where: string): string {
  if (typeof svg !== 'string') throw new TypeError(`${FN}: expected ${where} to be an SVG string, got ${describeValue(svg)}`);
  const trimmed = svg.replace(/^\s*<\?xml[^>]*\?>\s*/, '').trim();
  if (!trimmed.startsWith('<svg') || !trimmed.endsWith('</svg>')) {
    throw new RangeError(`${FN}: expected ${where} to be an <svg>…</svg> element, got ${describeValue(svg)}`);
  }
  if (/<script|<foreignObject|\son[a-z]+\s*=/i.test(trimmed)) {
    throw new RangeError(`${FN}: ${where} contains a script, foreignObject or event handler; only static SVG is accepted`);
  }
  return trimmed;
}

function checkHtml(html: unknown, where: string): string {
  if (typeof html !== 'string') throw new TypeError(`${FN}: expected ${where} to be a string, got ${describeValue(html)}`);
  if (/<script|<iframe|<object|<embed|<link|<foreignObject|\son[a-z]+\s*=|\ssrc\s*=\s*["']?(?!data:)|javascript:/i.test(html)) {
    throw new RangeError(`${FN}: ${where} contains a script, event handler, frame or external resource; only static inline HTML is accepted`);
  }
  return html;
}

function renderTable(table: ReportTable, where: string): string {
  if (!table || !Array.isArray(table.columns) || !Array.isArray(table.rows)) {
    throw new TypeError(`${FN}: expected ${where} to be { columns, rows }, got ${describeValue(table)}`);
  }
  checkOptions(FN, table, TABLE_KEYS, where);
  let out = '<table>';
  if (table.caption) out += `<caption>${escapeXml(table.caption)}</caption>`;
  out += `<thead><tr>${table.columns.map((c) => `<th>${escapeXml(c)}</th>`).join('')}</tr></thead><tbody>`;
  table.rows.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== table.columns.length) {
      throw new RangeError(
        `${FN}: expected ${where}.rows[${r}] to have ${table.columns.length} cells (one per column), got ${Array.isArray(row) ? row.length : describeValue(row)}`,
      );
    }
    out += `<tr>${row.map((cell) => `<td>${escapeXml(cell)}</td>`).join('')}</tr>`;
  });
  return `${out}</tbody></table>`;
}

/**
 * Assembles one self-contained HTML page (inline CSS and SVG, no scripts, no external assets) with a table
 * of contents and the given sections. The markup is also well-formed XML (XHTML-compatible).
 *
 * @throws TypeError/RangeError for a missing title, a section without title, or an SVG that is not a static `<svg>`.
 */
export function renderReportHtml(input: ReportHtmlInput): string {
  checkOptions(FN, input, ['title', 'subtitle', 'sections'], 'input');
  if (!input || typeof input.title !== 'string') throw new TypeError(`${FN}: expected { title: string, sections }, got ${describeValue(input?.title)}`);
  if (!Array.isArray(input.sections)) throw new TypeError(`${FN}: expected sections to be an array, got ${describeValue(input.sections)}`);
  let toc = '';
  let content = '';
  input.sections.forEach((section, s) => {
    checkOptions(FN, section, SECTION_KEYS, `sections[${s}]`);
    if (!section || typeof section.title !== 'string') throw new TypeError(`${FN}: expected sections[${s}].title to be a string, got ${describeValue(section?.title)}`);
    const id = `section-${s + 1}`;
    toc += `<li><a href="#${id}">${escapeXml(section.title)}</a></li>`;
    content += `<section id="${id}"><h2>${escapeXml(section.title)}</h2>`;
    for (const paragraph of list(section.text)) content += `<p>${escapeXml(paragraph)}</p>`;
    if (section.preformatted !== undefined) content += `<pre>${escapeXml(section.preformatted)}</pre>`;
    list(section.svg).forEach((svg, i) => {
      content += `<figure>${checkSvg(svg, `sections[${s}].svg[${i}]`)}</figure>`;
    });
    list(section.table).forEach((table, i) => {
      content += renderTable(table, `sections[${s}].table[${i}]`);
    });
    if (section.html !== undefined) content += checkHtml(section.html, `sections[${s}].html`);
    content += '</section>';
  });
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/>' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"/>' +
    `<title>${escapeXml(input.title)}</title><style>${STYLE}</style></head><body>` +
    `<h1>${escapeXml(input.title)}</h1>` +
    (input.subtitle ? `<p class="subtitle">${escapeXml(input.subtitle)}</p>` : '') +
    (input.sections.length > 1 ? `<nav><ol>${toc}</ol></nav>` : '') +
    `${content}</body></html>\n`
  );
}
