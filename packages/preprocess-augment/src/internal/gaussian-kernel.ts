/**
 * Normalized 1-D Gaussian kernel of standard deviation `sigma`, truncated at `ceil(4 sigma)` (and at
 * `maxRadius`, beyond which a zero-padded image contributes nothing). `sigma = 0` gives `[1]`.
 */
export function gaussianKernel(sigma: number, maxRadius: number): Float32Array {
  if (sigma === 0) return Float32Array.of(1);
  const radius = Math.max(0, Math.min(Math.ceil(4 * sigma), maxRadius));
  const weights = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const w = Math.exp(-(i * i) / (2 * sigma * sigma));
    weights[i + radius] = w;
    sum += w;
  }
  const kernel = new Float32Array(weights.length);
  for (let i = 0; i < weights.length; i++) kernel[i] = weights[i] / sum;
  return kernel;
}
