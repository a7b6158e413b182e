/**
 * The kernel test inputs, shared by the kernel tests (wasm vs cpu) and the native branch-coverage driver
 * (src/native/native-coverage.test.ts), so the C code's coverage is measured on exactly what the tests run.
 */

/** Padding as tfjs accepts it. */
export type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];

/** One Conv2DBackpropFilter/Input case. */
export interface ConvBackpropCase {
  batch: number;
  size: [number, number];
  inChannels: number;
  outChannels: number;
  filter: [number, number];
  strides: [number, number];
  pad: Pad;
  dilations: [number, number];
  dataFormat: 'NHWC' | 'NCHW';
}

/** An explicit padding (NHWC). */
export const explicit: Pad = [[0, 0], [1, 2], [0, 1], [0, 0]];
/** An explicit padding (NCHW). */
export const explicitNchw: Pad = [[0, 0], [0, 0], [2, 1], [1, 0]];

/** The convolution-gradient grid: 7 shapes × 3 strides × 4 paddings in NHWC, plus NCHW cases. */
export function convBackpropGrid(): ConvBackpropCase[] {
  const cases: ConvBackpropCase[] = [];
  const pads: Pad[] = ['valid', 'same', 1, explicit];
  const shapes: Array<Pick<ConvBackpropCase, 'batch' | 'size' | 'inChannels' | 'outChannels' | 'filter'>> = [
    { batch: 2, size: [7, 6], inChannels: 3, outChannels: 5, filter: [3, 3] },
    { batch: 3, size: [9, 9], inChannels: 8, outChannels: 16, filter: [3, 2] },
    { batch: 1, size: [5, 8], inChannels: 1, outChannels: 4, filter: [1, 1] },
    { batch: 2, size: [10, 10], inChannels: 6, outChannels: 7, filter: [5, 5] },
    { batch: 3, size: [9, 8], inChannels: 1, outChannels: 6, filter: [3, 3] },
    // 3×3 with enough channels for Winograd F(2×2, 3×3) at stride 1 (odd sizes: ragged edge tiles; channels not a
    // multiple of 4; one image), im2col at the other strides.
    { batch: 2, size: [7, 9], inChannels: 17, outChannels: 18, filter: [3, 3] },
    { batch: 1, size: [6, 5], inChannels: 16, outChannels: 21, filter: [3, 3] },
  ];
  for (const shape of shapes) {
    for (const strides of [[1, 1], [2, 2], [2, 1]] as Array<[number, number]>) {
      for (const pad of pads) {
        cases.push({ ...shape, strides, pad, dilations: [1, 1], dataFormat: 'NHWC' });
      }
    }
  }
  cases.push({ ...shapes[0], strides: [1, 1], pad: 'same', dilations: [1, 1], dataFormat: 'NCHW' });
  cases.push({ ...shapes[1], strides: [2, 1], pad: explicitNchw, dilations: [1, 1], dataFormat: 'NCHW' });
  cases.push({ ...shapes[3], strides: [2, 2], pad: 'valid', dilations: [1, 1], dataFormat: 'NCHW' });
  // An empty batch: no output pixel, so the filter gradient is all zeros.
  cases.push({ ...shapes[0], batch: 0, strides: [1, 1], pad: 'valid', dilations: [1, 1], dataFormat: 'NHWC' });
  return cases;
}

/** Sum/Mean cases. */
export const reductions: Array<{ shape: number[]; axis: number | number[] }> = [
  { shape: [4, 5, 6, 7], axis: [0, 1, 2] },
  { shape: [4, 5, 6, 7], axis: [1, 0] },
  { shape: [9, 13], axis: 0 },
  { shape: [4, 5, 6, 7], axis: [1, 2] },
  { shape: [4, 5, 6, 7], axis: -1 },
  { shape: [4, 5, 6], axis: [0, 1, 2] },
  { shape: [3, 1, 2, 5], axis: [0, 1, 2] },
  { shape: [3, 4, 64], axis: [0, 1] },
];

/** BatchMatMul operand shapes (each run with all four transpose combinations). */
export const matmuls: Array<{ a: number[]; b: number[] }> = [
  { a: [13, 300], b: [300, 17] },
  { a: [2, 5, 7], b: [2, 7, 9] },
  { a: [1, 6, 4], b: [3, 4, 5] },
  { a: [3, 6, 4], b: [1, 4, 5] },
  { a: [130, 40], b: [40, 600] },
  { a: [64, 1600], b: [1600, 128] },
  { a: [3, 0], b: [0, 4] },
];

/** MaxPoolGrad/AvgPoolGrad cases. */
export const pools: Array<{ shape: [number, number, number, number]; filterSize: [number, number]; strides: [number, number]; pad: 'valid' | 'same' | number }> = [
  { shape: [2, 26, 26, 32], filterSize: [2, 2], strides: [2, 2], pad: 'valid' },
  { shape: [2, 11, 11, 64], filterSize: [2, 2], strides: [2, 2], pad: 'valid' },
  { shape: [2, 7, 8, 6], filterSize: [3, 3], strides: [1, 1], pad: 'same' },
  { shape: [1, 9, 7, 3], filterSize: [3, 2], strides: [2, 1], pad: 'same' },
  { shape: [2, 6, 6, 5], filterSize: [2, 2], strides: [2, 2], pad: 1 },
  // Non-overlapping windows other than 2×2 (the tiled path), exact and with a remainder.
  { shape: [1, 9, 9, 4], filterSize: [3, 3], strides: [3, 3], pad: 'valid' },
  { shape: [2, 9, 10, 8], filterSize: [3, 3], strides: [3, 3], pad: 'valid' },
  { shape: [2, 10, 9, 8], filterSize: [3, 3], strides: [3, 3], pad: 'valid' },
  { shape: [1, 4, 6, 4], filterSize: [2, 3], strides: [2, 3], pad: 'valid' },
  // 2×2 windows with an odd width only; stride = window in one direction only; channels not a multiple of 4.
  { shape: [1, 6, 7, 8], filterSize: [2, 2], strides: [2, 2], pad: 'valid' },
  { shape: [1, 6, 7, 4], filterSize: [2, 2], strides: [2, 1], pad: 'valid' },
  { shape: [1, 4, 4, 6], filterSize: [2, 2], strides: [2, 2], pad: 'valid' },
  // 'same' padding with stride = window: padding only on the left, or windows reaching past the bottom/right edge.
  { shape: [1, 8, 5, 4], filterSize: [4, 4], strides: [4, 4], pad: 'same' },
  { shape: [1, 7, 8, 4], filterSize: [2, 2], strides: [2, 2], pad: 'same' },
  { shape: [1, 8, 7, 4], filterSize: [2, 2], strides: [2, 2], pad: 'same' },
];

/** Add/Sub/Multiply/RealDiv operand shapes. */
export const broadcasts: Array<{ a: number[]; b: number[] }> = [
  { a: [4, 5, 6, 8], b: [8] },
  { a: [4, 5, 6, 8], b: [1, 1, 1, 8] },
  { a: [1, 1, 6, 8], b: [4, 5, 6, 8] },
  { a: [3, 7], b: [7] },
  { a: [4, 5, 6, 9], b: [6, 9] },
  { a: [4, 5, 6, 3], b: [3] },
  { a: [4, 5], b: [4, 5] },
  { a: [4, 5, 1], b: [1, 5, 6] },
  { a: [4, 6], b: [] },
  { a: [9], b: [3, 4, 9] },
];

/** Conv2D/FusedConv2D forward cases. */
export const convs: Array<{ x: [number, number, number, number]; filter: [number, number, number, number]; strides: [number, number]; pad: Pad; dilations: [number, number] }> = [
  { x: [3, 13, 13, 32], filter: [3, 3, 32, 64], strides: [1, 1], pad: 'valid', dilations: [1, 1] },
  { x: [2, 9, 8, 8], filter: [3, 3, 8, 12], strides: [2, 1], pad: 'same', dilations: [1, 1] },
  { x: [2, 11, 10, 6], filter: [3, 2, 6, 5], strides: [1, 1], pad: 1, dilations: [2, 2] },
  { x: [2, 7, 7, 40], filter: [1, 1, 40, 9], strides: [1, 1], pad: 'valid', dilations: [1, 1] },
  { x: [2, 12, 12, 1], filter: [3, 3, 1, 8], strides: [1, 1], pad: 'valid', dilations: [1, 1] },
  // 1×1 filters that are not a plain matrix product (stride, padding), a 1×3 filter, and 256 channels (long rows).
  { x: [2, 7, 7, 40], filter: [1, 1, 40, 9], strides: [2, 1], pad: 'valid', dilations: [1, 1] },
  { x: [2, 7, 7, 40], filter: [1, 1, 40, 9], strides: [1, 2], pad: 'valid', dilations: [1, 1] },
  { x: [2, 7, 7, 40], filter: [1, 1, 40, 9], strides: [1, 1], pad: 1, dilations: [1, 1] },
  { x: [2, 7, 7, 40], filter: [1, 3, 40, 9], strides: [1, 1], pad: 'same', dilations: [1, 1] },
  { x: [1, 4, 4, 256], filter: [2, 2, 256, 4], strides: [1, 1], pad: 'valid', dilations: [1, 1] },
  { x: [2, 7, 7, 40], filter: [1, 1, 40, 9], strides: [1, 1], pad: [[0, 0], [0, 0], [1, 0], [0, 0]], dilations: [1, 1] },
  // Winograd F(2×2, 3×3) (3×3, stride 1, ≥ 8 channels): odd sizes (ragged edge tiles), same / valid / number /
  // explicit padding, one image, channels not a multiple of 4, an output narrower than one tile.
  { x: [1, 7, 9, 8], filter: [3, 3, 8, 8], strides: [1, 1], pad: 'same', dilations: [1, 1] },
  { x: [2, 6, 5, 9], filter: [3, 3, 9, 13], strides: [1, 1], pad: 'valid', dilations: [1, 1] },
  { x: [2, 8, 7, 12], filter: [3, 3, 12, 10], strides: [1, 1], pad: 1, dilations: [1, 1] },
  { x: [2, 8, 8, 11], filter: [3, 3, 11, 16], strides: [1, 1], pad: [[0, 0], [2, 0], [0, 1], [0, 0]], dilations: [1, 1] },
  { x: [3, 3, 4, 16], filter: [3, 3, 16, 8], strides: [1, 1], pad: 'valid', dilations: [1, 1] },
];

/** FusedBatchNorm forward cases. */
export const norms: Array<{ shape: number[]; offset: boolean; scale: boolean; epsilon: number }> = [
  { shape: [4, 6, 6, 8], offset: true, scale: true, epsilon: 1e-3 },
  { shape: [3, 5, 5, 7], offset: false, scale: true, epsilon: 1e-3 },
  { shape: [3, 5, 5, 7], offset: true, scale: false, epsilon: 1e-5 },
  { shape: [2, 3, 3, 5], offset: false, scale: false, epsilon: 1e-2 },
];

/** Tile cases. */
export const tiles: Array<{ shape: number[]; reps: number[]; dtype?: 'int32' }> = [
  { shape: [1, 1, 1, 5], reps: [3, 4, 2, 1] },
  { shape: [2, 3], reps: [2, 3] },
  { shape: [4], reps: [3] },
  { shape: [2, 1, 3], reps: [1, 5, 2], dtype: 'int32' },
  { shape: [2, 3], reps: [0, 2] },
  { shape: [0, 3], reps: [2, 1] },
];
