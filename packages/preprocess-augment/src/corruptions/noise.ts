import { randomInteger, standardNormal, toByte, type Rng } from './image-buffer.js';

/**
 * Additive Gaussian noise: `v + N(0, sigma^2)` per pixel, rounded and clamped to `0..255`.
 *
 * @param image - One byte image (any length).
 * @param sigma - Standard deviation in pixel units (0..255 scale); 0 returns a copy.
 */
export function addGaussianNoise(image: Uint8Array, sigma: number, rng: Rng): Uint8Array {
  const out = new Uint8Array(image.length);
  for (let i = 0; i < image.length; i++) out[i] = sigma === 0 ? image[i] : toByte(image[i] + sigma * standardNormal(rng));
  return out;
}

/**
 * One Poisson draw of mean `lambda` (inversion by sequential search: `lambda` steps on average; `lambda` here is
 * at most the photon count of a full-ink pixel).
 */
export function samplePoisson(lambda: number, rng: Rng): number {
  if (lambda <= 0) return 0;
  if (lambda > 500) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * standardNormal(rng)));
  const u = rng();
  let k = 0;
  let p = Math.exp(-lambda);
  let cumulative = p;
  while (u >= cumulative && p > 0) {
    k += 1;
    p *= lambda / k;
    cumulative += p;
  }
  return k;
}

/**
 * Shot (Poisson) noise as in ImageNet-C: a pixel of intensity `v` collects `Poisson(v / 255 * photons)` photons
 * and is read back as `photons_counted / photons * 255`. Fewer photons = more noise; a 0 pixel stays 0.
 *
 * @param photons - Photons of a full-ink (255) pixel, > 0.
 */
export function addShotNoise(image: Uint8Array, photons: number, rng: Rng): Uint8Array {
  const out = new Uint8Array(image.length);
  for (let i = 0; i < image.length; i++) {
    out[i] = toByte((samplePoisson((image[i] / 255) * photons, rng) / photons) * 255);
  }
  return out;
}

/**
 * Impulse (salt-and-pepper) noise: each pixel independently, with probability `fraction`, becomes 0 or 255
 * (equally likely); the others keep their value.
 *
 * @param fraction - Probability in `[0, 1]` that a pixel is hit.
 */
export function addImpulseNoise(image: Uint8Array, fraction: number, rng: Rng): Uint8Array {
  const out = image.slice();
  for (let i = 0; i < image.length; i++) {
    if (rng() < fraction) out[i] = randomInteger(rng, 0, 1) * 255;
  }
  return out;
}
