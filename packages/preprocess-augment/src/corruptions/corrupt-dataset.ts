import { checkDataset, checkFiniteNumber, checkInteger, checkOptions, createRng, deriveSeed, type DigitDataset } from '@digitkit/core';
import type { CorruptionName } from './corruption-registry.js';
import { MAX_SEVERITY, corruptionSpec } from './corruptions.js';

/** Options of {@link corruptDataset}. */
export interface CorruptDatasetOptions {
  /** Which corruption (one of {@link CORRUPTIONS}). Required. */
  corruption: CorruptionName;
  /** Severity, an integer `0..5`; 0 returns an unchanged copy. Required. */
  severity: number;
  /**
   * Seed of the per-image random draws (noise, directions, positions). Image `i` gets its own stream derived from
   * `(seed, corruption, severity, i)`, so a subset or a batch of the same images is corrupted identically.
   * Default `0`.
   */
  seed?: number;
}

const FN = 'corruptDataset';
const KNOWN_OPTIONS = ['corruption', 'severity', 'seed'] as const;

/** Stable 32-bit FNV-1a hash of a corruption name (salts the seed; independent of the list order). */
function nameSalt(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Returns a corrupted copy of a data set: the same labels, every image corrupted by `corruption` at `severity`
 * (pure TypeScript on bytes; works on any image size, no tfjs). Deterministic: the same options give the same
 * bytes on every platform.
 *
 * @example
 * ```ts
 * const rotated = corruptDataset(test, { corruption: 'rotate', severity: 3, seed: 1 });
 * ```
 * @param dataset - Images as bytes (`count * rows * cols`, 0 = background).
 * @param options - See {@link CorruptDatasetOptions}.
 * @returns A new `DigitDataset` (new `images` and `labels` arrays).
 * @throws TypeError/RangeError for an unknown option, corruption or a severity outside `0..5`.
 */
export function corruptDataset(dataset: DigitDataset, options: CorruptDatasetOptions): DigitDataset {
  const settings = resolveCorruptOptions(dataset, options);
  const { rows, cols, count } = dataset;
  const size = rows * cols;
  const images = new Uint8Array(count * size);
  if (settings.severity === 0) {
    images.set(dataset.images.subarray(0, count * size));
  } else {
    const { spec, severity, seed } = settings;
    const salt = nameSalt(spec.name);
    for (let i = 0; i < count; i++) {
      const rng = createRng(deriveSeed(seed, salt, severity, i));
      const image = dataset.images.subarray(i * size, (i + 1) * size);
      images.set(spec.apply(image, rows, cols, severity, rng), i * size);
    }
  }
  return { images, labels: dataset.labels.slice(0, count), count, rows, cols, numClasses: dataset.numClasses };
}

function resolveCorruptOptions(dataset: DigitDataset, options: CorruptDatasetOptions) {
  checkDataset(FN, dataset);
  if (options === undefined) throw new TypeError(`${FN}: expected options { corruption, severity }, got undefined`);
  checkOptions(FN, options, KNOWN_OPTIONS);
  const spec = corruptionSpec(FN, options.corruption, 'options.corruption');
  const severity = checkInteger(FN, 'options.severity', options.severity, { min: 0, max: MAX_SEVERITY });
  const seed = options.seed === undefined ? 0 : checkFiniteNumber(FN, 'options.seed', options.seed);
  return { spec, severity, seed };
}
