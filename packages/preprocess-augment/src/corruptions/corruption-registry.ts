import { gaussianBlur, motionBlur } from './blur.js';
import { elasticDistort } from './elastic.js';
import { rotateImage, scaleImage, shearImage, translateImage } from './geometry.js';
import { randomInteger, randomSign, type Rng } from './image-buffer.js';
import { adjustBrightness, adjustContrast, invertImage } from './intensity.js';
import { dilateImage, erodeImage, type MorphologySettings } from './morphology.js';
import { addGaussianNoise, addImpulseNoise, addShotNoise } from './noise.js';
import { drawStripes, occludeBlock } from './occlusion.js';

/** Every corruption of {@link corruptDataset}, in the order of {@link CORRUPTIONS}. */
export type CorruptionName =
  | 'gaussian-noise' | 'shot-noise' | 'impulse-noise'
  | 'gaussian-blur' | 'motion-blur'
  | 'rotate' | 'shear' | 'scale' | 'translate' | 'elastic'
  | 'contrast' | 'brightness' | 'invert'
  | 'stripe' | 'block-occlusion'
  | 'erode' | 'dilate';

/** Groups of corruptions (as in MNIST-C / ImageNet-C). */
export type CorruptionFamily = 'noise' | 'blur' | 'geometry' | 'intensity' | 'occlusion' | 'stroke';

/** One corruption: what it does and its parameter at each severity 1..5. */
export interface CorruptionSpec {
  name: CorruptionName;
  family: CorruptionFamily;
  /** One sentence: what the corruption does and what is drawn at random per image. */
  description: string;
  /** The parameter of severities 1..5 in words (index 0 = severity 1). */
  severityLabels: readonly string[];
  /** Corrupts one image at `severity` (1..5) with the per-image random stream `rng`. */
  apply(image: Uint8Array, rows: number, cols: number, severity: number, rng: Rng): Uint8Array;
}

type Levels<T> = readonly [T, T, T, T, T];
const level = <T>(levels: Levels<T>, severity: number): T => levels[severity - 1];

const NOISE_SIGMA: Levels<number> = [0.08, 0.12, 0.18, 0.26, 0.38]; // x 255 (ImageNet-C)
const SHOT_PHOTONS: Levels<number> = [60, 25, 12, 5, 3]; // ImageNet-C
const IMPULSE_FRACTION: Levels<number> = [0.03, 0.06, 0.09, 0.17, 0.27]; // ImageNet-C
const BLUR_SIGMA: Levels<number> = [0.5, 0.75, 1, 1.5, 2];
const MOTION_LENGTH: Levels<number> = [3, 5, 7, 9, 11];
const ROTATE_DEGREES: Levels<number> = [10, 20, 30, 45, 60];
const SHEAR_FACTOR: Levels<number> = [0.1, 0.2, 0.3, 0.45, 0.6];
const SCALE_FACTOR: Levels<number> = [1.1, 1.2, 1.35, 1.5, 1.7];
const TRANSLATE_PIXELS: Levels<number> = [2, 3, 4, 5, 6];
const ELASTIC_ALPHA: Levels<number> = [16, 24, 32, 40, 48];
const ELASTIC_SIGMA = 4;
const CONTRAST_FACTOR: Levels<number> = [0.4, 0.3, 0.2, 0.1, 0.05]; // ImageNet-C
const BRIGHTNESS_DELTA: Levels<number> = [0.1, 0.2, 0.3, 0.4, 0.5]; // x 255
const INVERT_THRESHOLD: Levels<number> = [204, 153, 102, 51, 0];
const STRIPES: Levels<{ count: number; width: number }> = [
  { count: 1, width: 1 }, { count: 1, width: 2 }, { count: 2, width: 2 }, { count: 2, width: 3 }, { count: 3, width: 3 },
];
const BLOCK_SIZE: Levels<number> = [6, 8, 10, 12, 14];
const ERODE: Levels<MorphologySettings> = [
  { element: 'cross', amount: 0.25 }, { element: 'cross', amount: 0.5 }, { element: 'cross', amount: 0.75 },
  { element: 'cross' }, { element: 'square' },
];
const DILATE: Levels<MorphologySettings> = [
  { element: 'cross', amount: 0.5 }, { element: 'cross' }, { element: 'square' },
  { element: 'cross', iterations: 2 }, { element: 'square', iterations: 2 },
];

const morphologyLabel = (s: MorphologySettings): string =>
  `3x3 ${s.element}${(s.iterations ?? 1) > 1 ? ` x${s.iterations}` : ''}${(s.amount ?? 1) < 1 ? `, ${100 * s.amount!}% blend` : ''}`;
const labels = <T>(levels: Levels<T>, format: (value: T) => string): readonly string[] => levels.map(format);

/** Every corruption with its severity table, in a fixed order. */
export const CORRUPTION_SPECS: readonly CorruptionSpec[] = [
  {
    name: 'gaussian-noise', family: 'noise',
    description: 'additive Gaussian noise of standard deviation sigma (x 255) on every pixel',
    severityLabels: labels(NOISE_SIGMA, (s) => `sigma ${s}`),
    apply: (image, _r, _c, severity, rng) => addGaussianNoise(image, level(NOISE_SIGMA, severity) * 255, rng),
  },
  {
    name: 'shot-noise', family: 'noise',
    description: 'Poisson (photon) noise: a full-ink pixel collects the given number of photons on average',
    severityLabels: labels(SHOT_PHOTONS, (p) => `${p} photons`),
    apply: (image, _r, _c, severity, rng) => addShotNoise(image, level(SHOT_PHOTONS, severity), rng),
  },
  {
    name: 'impulse-noise', family: 'noise',
    description: 'salt-and-pepper noise: the given fraction of pixels turns black or white',
    severityLabels: labels(IMPULSE_FRACTION, (f) => `${100 * f}% pixels`),
    apply: (image, _r, _c, severity, rng) => addImpulseNoise(image, level(IMPULSE_FRACTION, severity), rng),
  },
  {
    name: 'gaussian-blur', family: 'blur',
    description: 'Gaussian blur of standard deviation sigma pixels',
    severityLabels: labels(BLUR_SIGMA, (s) => `sigma ${s} px`),
    apply: (image, rows, cols, severity) => gaussianBlur(image, rows, cols, level(BLUR_SIGMA, severity)),
  },
  {
    name: 'motion-blur', family: 'blur',
    description: 'motion blur: the mean along a streak of the given length at a random angle per image',
    severityLabels: labels(MOTION_LENGTH, (l) => `${l} px streak`),
    apply: (image, rows, cols, severity, rng) => motionBlur(image, rows, cols, level(MOTION_LENGTH, severity), 180 * rng()),
  },
  {
    name: 'rotate', family: 'geometry',
    description: 'rotation about the centre by the given angle, random direction per image',
    severityLabels: labels(ROTATE_DEGREES, (d) => `±${d}°`),
    apply: (image, rows, cols, severity, rng) => rotateImage(image, rows, cols, randomSign(rng) * level(ROTATE_DEGREES, severity)),
  },
  {
    name: 'shear', family: 'geometry',
    description: 'horizontal shear about the centre by the given factor, random direction per image',
    severityLabels: labels(SHEAR_FACTOR, (f) => `±${f}`),
    apply: (image, rows, cols, severity, rng) => shearImage(image, rows, cols, randomSign(rng) * level(SHEAR_FACTOR, severity)),
  },
  {
    name: 'scale', family: 'geometry',
    description: 'zoom about the centre by the given factor, enlarging or shrinking (random per image)',
    severityLabels: labels(SCALE_FACTOR, (f) => `x${f} or /${f}`),
    apply: (image, rows, cols, severity, rng) => {
      const factor = level(SCALE_FACTOR, severity);
      return scaleImage(image, rows, cols, randomSign(rng) > 0 ? factor : 1 / factor);
    },
  },
  {
    name: 'translate', family: 'geometry',
    description: 'shift by the given distance (rounded to whole pixels) in a random direction per image',
    severityLabels: labels(TRANSLATE_PIXELS, (p) => `${p} px`),
    apply: (image, rows, cols, severity, rng) => {
      const distance = level(TRANSLATE_PIXELS, severity);
      const angle = 2 * Math.PI * rng();
      return translateImage(image, rows, cols, Math.round(distance * Math.cos(angle)), Math.round(distance * Math.sin(angle)));
    },
  },
  {
    name: 'elastic', family: 'geometry',
    description: `elastic distortion (Simard et al.): random displacements smoothed with sigma ${ELASTIC_SIGMA} px, scaled by alpha`,
    severityLabels: labels(ELASTIC_ALPHA, (a) => `alpha ${a}`),
    apply: (image, rows, cols, severity, rng) => elasticDistort(image, rows, cols, level(ELASTIC_ALPHA, severity), ELASTIC_SIGMA, rng),
  },
  {
    name: 'contrast', family: 'intensity',
    description: "contrast reduction towards the image's mean intensity by the given factor",
    severityLabels: labels(CONTRAST_FACTOR, (f) => `x${f}`),
    apply: (image, _r, _c, severity) => adjustContrast(image, level(CONTRAST_FACTOR, severity)),
  },
  {
    name: 'brightness', family: 'intensity',
    description: 'brightness shift: the given amount (x 255) is added to every pixel',
    severityLabels: labels(BRIGHTNESS_DELTA, (d) => `+${d}`),
    apply: (image, _r, _c, severity) => adjustBrightness(image, level(BRIGHTNESS_DELTA, severity) * 255),
  },
  {
    name: 'invert', family: 'intensity',
    description: 'solarization: pixels at or above the threshold are inverted; severity 5 inverts the whole image',
    severityLabels: labels(INVERT_THRESHOLD, (t) => (t === 0 ? 'full inversion' : `pixels >= ${t}`)),
    apply: (image, _r, _c, severity) => invertImage(image, level(INVERT_THRESHOLD, severity)),
  },
  {
    name: 'stripe', family: 'occlusion',
    description: 'white bars across the digit: count and width as given, random orientation and positions per image',
    severityLabels: labels(STRIPES, (s) => `${s.count} x ${s.width} px`),
    apply: (image, rows, cols, severity, rng) => {
      const { count, width } = level(STRIPES, severity);
      const vertical = rng() < 0.5;
      const size = vertical ? cols : rows;
      const margin = Math.floor(size / 7); // the 20x20 digit box of a 28x28 MNIST image
      const positions = Array.from({ length: count }, () => randomInteger(rng, margin, size - margin - width));
      return drawStripes(image, rows, cols, { vertical, positions, width });
    },
  },
  {
    name: 'block-occlusion', family: 'occlusion',
    description: 'a black square of the given side hides part of the digit, at a random position near the centre',
    severityLabels: labels(BLOCK_SIZE, (s) => `${s}x${s} px`),
    apply: (image, rows, cols, severity, rng) => {
      const size = Math.min(level(BLOCK_SIZE, severity), rows, cols);
      const place = (extent: number): number => {
        const centered = Math.floor((extent - size) / 2);
        const spread = Math.floor(extent / 7);
        return randomInteger(rng, Math.max(0, centered - spread), Math.min(extent - size, centered + spread));
      };
      const x = place(cols);
      const y = place(rows);
      return occludeBlock(image, rows, cols, { x, y, size });
    },
  },
  {
    name: 'erode', family: 'stroke',
    description: 'thinner strokes: grey-level erosion with a 3x3 element, blended with the original at low severities',
    severityLabels: labels(ERODE, morphologyLabel),
    apply: (image, rows, cols, severity) => erodeImage(image, rows, cols, level(ERODE, severity)),
  },
  {
    name: 'dilate', family: 'stroke',
    description: 'thicker strokes: grey-level dilation with a 3x3 element, repeated at high severities',
    severityLabels: labels(DILATE, morphologyLabel),
    apply: (image, rows, cols, severity) => dilateImage(image, rows, cols, level(DILATE, severity)),
  },
];
