/**
 * Pure-TypeScript resampling with the same conventions as `tf.image.transform` (and the tensor elastic
 * sampler): `'nearest'` rounds coordinates, `'bilinear'` blends the four neighbours, and samples outside the
 * image read `fill` (a constant) or, for `'nearest'` fill, the coordinate is first clamped to the image.
 */
export interface SampleSettings {
  interpolation: 'bilinear' | 'nearest';
  fill: number | 'nearest';
}

function readPixel(src: ArrayLike<number>, offset: number, rows: number, cols: number, x: number, y: number, fillValue: number): number {
  return x >= 0 && x < cols && y >= 0 && y < rows ? src[offset + y * cols + x] : fillValue;
}

/**
 * Reads image `src` (one channel, `rows x cols`, starting at `offset`) at the real-valued point `(x, y)`.
 */
export function sampleAt(
  src: ArrayLike<number>, offset: number, rows: number, cols: number, x: number, y: number, settings: SampleSettings,
): number {
  let fillValue = 0;
  if (settings.fill === 'nearest') {
    x = x < 0 ? 0 : x > cols - 1 ? cols - 1 : x;
    y = y < 0 ? 0 : y > rows - 1 ? rows - 1 : y;
  } else {
    fillValue = settings.fill;
  }
  if (settings.interpolation === 'nearest') {
    return readPixel(src, offset, rows, cols, Math.floor(x + 0.5), Math.floor(y + 0.5), fillValue);
  }
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const wx = x - x0;
  const wy = y - y0;
  const top = (1 - wx) * readPixel(src, offset, rows, cols, x0, y0, fillValue)
    + wx * readPixel(src, offset, rows, cols, x0 + 1, y0, fillValue);
  const bottom = (1 - wx) * readPixel(src, offset, rows, cols, x0, y0 + 1, fillValue)
    + wx * readPixel(src, offset, rows, cols, x0 + 1, y0 + 1, fillValue);
  return (1 - wy) * top + wy * bottom;
}

/**
 * Separable Gaussian smoothing of `planes` planes of `rows x cols` (zero padding, like a 'same' convolution),
 * in place.
 */
export function smoothPlanes(data: Float32Array, planes: number, rows: number, cols: number, kernel: Float32Array): void {
  const radius = (kernel.length - 1) / 2;
  if (radius === 0) {
    if (kernel[0] !== 1) for (let i = 0; i < data.length; i++) data[i] *= kernel[0];
    return;
  }
  const size = rows * cols;
  const tmp = new Float32Array(size);
  for (let p = 0; p < planes; p++) {
    const base = p * size;
    // Along rows (y direction) first, then columns: the same order as the tensor version.
    for (let y = 0; y < rows; y++) {
      const kFrom = Math.max(-radius, -y);
      const kTo = Math.min(radius, rows - 1 - y);
      for (let x = 0; x < cols; x++) {
        let acc = 0;
        for (let k = kFrom; k <= kTo; k++) acc += kernel[k + radius] * data[base + (y + k) * cols + x];
        tmp[y * cols + x] = acc;
      }
    }
    for (let y = 0; y < rows; y++) {
      const row = y * cols;
      for (let x = 0; x < cols; x++) {
        const kFrom = Math.max(-radius, -x);
        const kTo = Math.min(radius, cols - 1 - x);
        let acc = 0;
        for (let k = kFrom; k <= kTo; k++) acc += kernel[k + radius] * tmp[row + x + k];
        data[base + row + x] = acc;
      }
    }
  }
}
