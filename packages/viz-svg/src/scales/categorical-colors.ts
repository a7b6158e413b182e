import { schemeTableau10 } from 'd3-scale-chromatic';

/** Okabe–Ito palette: distinguishable under the common color-vision deficiencies (used for up to 8 series). */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'] as const;

/** Series colors for `count` series: Okabe–Ito (minus yellow, which is hard to read on white) up to 7,
 * then Tableau 10, then repeating. */
export function seriesColors(count: number): string[] {
  const base = OKABE_ITO.filter((c) => c !== '#F0E442');
  const palette = count <= base.length ? base : [...schemeTableau10];
  return Array.from({ length: count }, (_, i) => palette[i % palette.length]);
}

/** Dash patterns paired with series colors so series stay distinguishable without color. */
export const DASH_PATTERNS = [undefined, '6 3', '2 2', '8 3 2 3', '1 3', '10 4'] as const;
