// MNIST-style normalization of arbitrary digit images lives in @digitkit/preprocess-augment (shared with the browser app).
export { rgbaToGray, toMnistDigit } from '@digitkit/preprocess-augment';
export type { GrayImage, MnistDigit } from '@digitkit/preprocess-augment';
