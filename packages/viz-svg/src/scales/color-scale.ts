import {
  interpolateBlues,
  interpolateBrBG,
  interpolateCividis,
  interpolateGreens,
  interpolateGreys,
  interpolateInferno,
  interpolateMagma,
  interpolateOranges,
  interpolatePlasma,
  interpolatePuOr,
  interpolateRdBu,
  interpolateViridis,
} from 'd3-scale-chromatic';
import { describeValue } from '@digitkit/core';

/** Names of the built-in color maps (from d3-scale-chromatic). Sequential: viridis, cividis, magma, inferno,
 * plasma, blues, greens, greys, oranges. Diverging (centered on the middle of the domain): rdbu, puor, brbg. */
export type ColorScaleName =
  | 'viridis'
  | 'cividis'
  | 'magma'
  | 'inferno'
  | 'plasma'
  | 'blues'
  | 'greens'
  | 'greys'
  | 'oranges'
  | 'rdbu'
  | 'puor'
  | 'brbg';

/** A color map: a name, or a function from t in [0, 1] to a CSS color (`#rrggbb` or `rgb(r, g, b)`). */
export type ColorScale = ColorScaleName | ((t: number) => string);

const interpolators: Record<ColorScaleName, (t: number) => string> = {
  viridis: interpolateViridis,
  cividis: interpolateCividis,
  magma: interpolateMagma,
  inferno: interpolateInferno,
  plasma: interpolatePlasma,
  blues: interpolateBlues,
  greens: interpolateGreens,
  greys: interpolateGreys,
  oranges: interpolateOranges,
  // Reversed so that low values are blue and high values red, the usual reading of a correlation map.
  rdbu: (t) => interpolateRdBu(1 - t),
  puor: interpolatePuOr,
  brbg: interpolateBrBG,
};

/** Names of the diverging maps. */
export const DIVERGING_COLOR_SCALES: ReadonlySet<ColorScaleName> = new Set(['rdbu', 'puor', 'brbg']);

/** Resolves a color map option to an interpolator t ∈ [0, 1] → CSS color; t is clamped to [0, 1]. */
export function resolveColorScale(fn: string, scale: ColorScale, reverse = false): (t: number) => string {
  let interpolate: (t: number) => string;
  if (typeof scale === 'function') interpolate = scale;
  else if (typeof scale === 'string' && Object.hasOwn(interpolators, scale)) interpolate = interpolators[scale];
  else {
    throw new RangeError(
      `${fn}: expected options.colorScale to be one of ${Object.keys(interpolators).map((name) => `'${name}'`).join(', ')} or a function, got ${describeValue(scale)}`,
    );
  }
  return (t) => {
    const clamped = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
    return interpolate(reverse ? 1 - clamped : clamped);
  };
}
