import { ImageFormatError } from '@digitkit/core';
import { toGrayImage, toMnistDigit, type PixelImage } from '@digitkit/preprocess-augment';

/** One input normalized like MNIST: 28×28 bytes, white ink on black. */
export interface NormalizedDigit {
  /** 784 bytes, row-major, 0..255, white ink on black, the ink's bounding box fitted to 20×20 and centred by mass. */
  pixels: Uint8Array;
  /** Whether the input was dark ink on light paper (and was inverted). */
  inverted: boolean;
}

/**
 * MNIST-style normalization of one image with `@digitkit/preprocess-augment`: `toGrayImage` (luminance, alpha
 * composited) then `toMnistDigit` (polarity, crop to the ink, fit 20×20, centre by mass in 28×28).
 *
 * @throws TypeError/RangeError (from `toGrayImage`) for wrong sizes or lengths; ImageFormatError for an image with
 *   no ink (blank or a uniform colour).
 */
export function normalizeDigit(functionName: string, name: string, image: PixelImage, source?: string): NormalizedDigit {
  const gray = toGrayImage(image);
  try {
    const { pixels, inverted } = toMnistDigit(gray);
    return { pixels, inverted };
  } catch (error) {
    // The gray image is valid (toGrayImage checked it): what is left is toMnistDigit's "no digit found" (no ink);
    // any other refusal (a size cap) passes through unchanged.
    if (error instanceof RangeError && /no digit found/.test(error.message)) {
      throw new ImageFormatError({
        functionName,
        expected: `${name} to show a digit (ink that stands out from its background)`,
        found: `a blank or uniform ${image.width}x${image.height} image`,
        source,
        cause: error,
      });
    }
    throw error;
  }
}
