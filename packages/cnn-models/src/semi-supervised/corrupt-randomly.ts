import { checkInteger, createRng, deriveSeed } from '@digitkit/core';
import { CORRUPTIONS, MAX_SEVERITY, corruptDataset, type CorruptionName } from '@digitkit/preprocess-augment';

/** Options of {@link corruptRandomly}. */
export interface CorruptRandomlyOptions {
  /** Corruptions to draw from, one per image (uniformly). `[]` returns a copy. */
  corruptions: readonly CorruptionName[];
  /** Severity range `[min, max]` (integers in `1..5`), drawn uniformly per image. */
  severity: readonly [number, number];
  /** Seed; image `i` draws from a stream derived from `(seed, i)`. */
  seed: number;
}

const LABEL = new Uint8Array(1);

/**
 * RandAugment-style strong perturbation on bytes: every image gets one corruption drawn from `corruptions` at a
 * severity drawn from `severity` (`@digitkit/preprocess-augment`'s MNIST-C-style `corruptDataset`: noise, blur,
 * occlusion, stroke thickness, contrast…). Deterministic per seed.
 *
 * @param images - `count · rows · cols` bytes (not modified).
 * @returns New bytes of the same layout.
 */
export function corruptRandomly(
  images: Uint8Array,
  shape: { count: number; rows: number; cols: number },
  options: CorruptRandomlyOptions,
): Uint8Array {
  const { count, rows, cols } = shape;
  const size = rows * cols;
  const out = images.slice(0, count * size);
  const [low, high] = options.severity;
  if (options.corruptions.length === 0) return out;
  for (let i = 0; i < count; i++) {
    const rng = createRng(deriveSeed(options.seed, i));
    const corruption = options.corruptions[Math.floor(rng() * options.corruptions.length)];
    const severity = low + Math.floor(rng() * (high - low + 1));
    const one = corruptDataset(
      { images: out.subarray(i * size, (i + 1) * size), labels: LABEL, count: 1, rows, cols, numClasses: 1 },
      { corruption, severity, seed: Math.floor(rng() * 2 ** 31) },
    );
    out.set(one.images, i * size);
  }
  return out;
}

/** Checks a corruption list and a severity range; returns copies. */
export function checkCorruptionSettings(
  functionName: string,
  corruptions: unknown,
  severity: unknown,
): { corruptions: CorruptionName[]; severity: [number, number] } {
  if (!Array.isArray(corruptions)) {
    throw new TypeError(`${functionName}: expected options.strongCorruptions to be an array of corruption names, got ${typeof corruptions}`);
  }
  const known = CORRUPTIONS as readonly string[];
  for (const name of corruptions) {
    if (!known.includes(name as string)) {
      throw new TypeError(
        `${functionName}: expected options.strongCorruptions to hold corruption names (${known.map((n) => `'${n}'`).join(', ')}), got ${JSON.stringify(name)}`,
      );
    }
  }
  if (!Array.isArray(severity) || severity.length !== 2) {
    throw new TypeError(`${functionName}: expected options.strongSeverity to be a pair [min, max], got ${JSON.stringify(severity)}`);
  }
  const low = checkInteger(functionName, 'options.strongSeverity[0]', severity[0], { min: 1, max: MAX_SEVERITY });
  const high = checkInteger(functionName, 'options.strongSeverity[1]', severity[1], { min: low, max: MAX_SEVERITY });
  return { corruptions: [...(corruptions as CorruptionName[])], severity: [low, high] };
}

