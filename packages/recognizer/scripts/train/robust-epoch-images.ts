import { createRng, deriveSeed, type DigitDataset } from '@digitkit/core';
import { corruptDataset, type CorruptionName } from '@digitkit/preprocess-augment';
import { normalizeDigit } from '../../src/normalize-digit.js';

/** How the recognizer's training makes digits that are not MNIST-like (see {@link robustEpochImages}). */
export interface RobustAugmentation {
  /** Fraction of images left uncorrupted, in [0, 1]. */
  cleanFraction: number;
  /** Corruptions drawn from (uniformly) for the other images. */
  corruptions: readonly CorruptionName[];
  /** Severities are drawn uniformly from `1..maxSeverity` (1–5). */
  maxSeverity: number;
  /**
   * Fraction of images (clean or corrupted, drawn independently) then passed through the recognizer's own
   * normalization (`normalizeDigit`: crop to the ink, refit to 20×20, centre by mass) — what `recognize()` feeds
   * the model, so a thick or thin stroke is seen at the width normalization gives it.
   */
  normalizeFraction: number;
}

/** The recipe's default: half the images corrupted by stroke thickness, blur or noise; 30 % re-normalized. */
export const DEFAULT_ROBUST_AUGMENTATION: RobustAugmentation = Object.freeze({
  cleanFraction: 0.5,
  corruptions: Object.freeze(['erode', 'dilate', 'gaussian-blur', 'gaussian-noise'] as const),
  maxSeverity: 5,
  normalizeFraction: 0.3,
});

/** What was drawn for one image (for tests and logs). */
export interface RobustDraw {
  /** Index into `corruptions`, or -1 for a clean image. */
  corruption: number;
  /** 1..maxSeverity, or 0 for a clean image. */
  severity: number;
  /** Whether the image was passed through `normalizeDigit`. */
  normalized: boolean;
}

/** The draws of image `index` in epoch `epoch`: a pure function of `(seed, epoch, index)`. */
export function robustDraw(seed: number, epoch: number, index: number, options: RobustAugmentation): RobustDraw {
  const rng = createRng(deriveSeed(seed, 7, epoch, index));
  const corrupt = rng() >= options.cleanFraction;
  const corruption = Math.min(options.corruptions.length - 1, Math.floor(rng() * options.corruptions.length));
  const severity = 1 + Math.min(options.maxSeverity - 1, Math.floor(rng() * options.maxSeverity));
  const normalized = rng() < options.normalizeFraction;
  return corrupt ? { corruption, severity, normalized } : { corruption: -1, severity: 0, normalized };
}

/**
 * The training images of one epoch: every image of `dataset` corrupted (or not) and normalized (or not) as
 * {@link robustDraw} says — a pure function of `(dataset, seed, epoch, options)`, so a resumed run regenerates the
 * same bytes. Corruptions are `@digitkit/preprocess-augment`'s `corruptDataset` (its per-image seed derived from
 * `(seed, epoch, index)`); an image left without ink by a corruption or the normalization keeps its previous bytes.
 *
 * @returns `count × rows × cols` bytes, a new array (labels are unchanged).
 */
export function robustEpochImages(dataset: DigitDataset, seed: number, epoch: number, options: RobustAugmentation): Uint8Array {
  const { count, rows, cols } = dataset;
  const size = rows * cols;
  const out = dataset.images.slice(0, count * size);
  const labels = new Uint8Array(1);
  for (let i = 0; i < count; i++) {
    const draw = robustDraw(seed, epoch, i, options);
    const image = out.subarray(i * size, (i + 1) * size);
    if (draw.corruption >= 0) {
      const one: DigitDataset = { images: image, labels, count: 1, rows, cols, numClasses: dataset.numClasses };
      const corrupted = corruptDataset(one, {
        corruption: options.corruptions[draw.corruption],
        severity: draw.severity,
        seed: deriveSeed(seed, 8, epoch, i),
      }).images;
      if (hasInk(corrupted)) image.set(corrupted);
    }
    if (draw.normalized && rows === 28 && cols === 28 && hasInk(image)) {
      try {
        image.set(normalizeDigit('robustEpochImages', 'image', { data: image, width: cols, height: rows, channels: 1 }).pixels);
      } catch {
        // No ink left above normalization's noise floor: keep the image as it is.
      }
    }
  }
  return out;
}

function hasInk(image: Uint8Array): boolean {
  for (let p = 0; p < image.length; p++) if (image[p] > 0) return true;
  return false;
}
