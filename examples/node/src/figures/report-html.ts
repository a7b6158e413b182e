import { escapeXml } from './svg.js';

/** One section of {@link renderReportHtml}: inline SVG and/or HTML (already escaped by its producer). */
export interface ReportSection {
  title: string;
  svg?: string;
  html?: string;
}

/** A self-contained HTML page (no external assets) with one `<section>` per figure or table. */
export function renderReportHtml(report: { title: string; sections: ReportSection[] }): string {
  const toc = report.sections.map((s, i) => `<li><a href="#s${i}">${escapeXml(s.title)}</a></li>`).join('');
  const sections = report.sections
    .map((s, i) => `<section id="s${i}"><h2>${escapeXml(s.title)}</h2>${s.svg ? `<div class="figure">${s.svg}</div>` : ''}${s.html ?? ''}</section>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>${escapeXml(report.title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; border-bottom: 1px solid #ddd; padding-bottom: .3rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: .8rem 0; } caption { text-align: left; font-weight: 600; padding: .3rem 0; }
td, th { border: 1px solid #ccc; padding: .25rem .6rem; text-align: left; } th { background: #f3f3f3; }
.figure { overflow-x: auto; } .figure svg { max-width: 100%; height: auto; margin: .4rem .4rem .4rem 0; }
</style></head>
<body><h1>${escapeXml(report.title)}</h1><ul>${toc}</ul>
${sections}
</body></html>
`;
}
