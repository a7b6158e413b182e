import { escapeXml } from '../escape-xml.js';
import { formatCoordinate as f } from '../internal/format-number.js';

/** Font stack used by every figure. */
export const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif";

/** Inputs of {@link svgDocument}. */
export interface SvgDocumentInput {
  /** Width in px. */
  width: number;
  /** Height in px. */
  height: number;
  /** Accessible title (escaped), also shown by browsers as a tooltip. */
  title: string;
  /** Optional longer description (escaped), emitted as `<desc>`. */
  description?: string;
  /** Already-rendered SVG children. */
  body: string;
  /** Background color; default white. Pass 'none' for transparent. */
  background?: string;
}

/** Wraps rendered children in a standalone `<svg>` with width, height, viewBox, `<title>` and a background. */
export function svgDocument(input: SvgDocumentInput): string {
  const width = Math.ceil(input.width);
  const height = Math.ceil(input.height);
  const background = input.background ?? '#ffffff';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"` +
    ` role="img" font-family="${escapeXml(FONT_FAMILY)}" font-size="12">` +
    `<title>${escapeXml(input.title)}</title>` +
    (input.description ? `<desc>${escapeXml(input.description)}</desc>` : '') +
    (background === 'none' ? '' : `<rect width="${f(width)}" height="${f(height)}" fill="${escapeXml(background)}"/>`) +
    input.body +
    `</svg>`
  );
}
