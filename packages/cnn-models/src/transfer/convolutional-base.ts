import type * as tfl from '@tensorflow/tfjs-layers';

/** Layers that end a CNN's convolutional base: what comes after them is the dense classifier (the "top"). */
const BASE_ENDS = new Set(['Flatten', 'GlobalAveragePooling2D', 'GlobalMaxPooling2D']);

/**
 * Index in `model.layers` of the last layer of the convolutional base: the last Flatten or global pooling layer
 * (e.g. the Flatten after the last max-pool of the papers' CNNs). Everything after it is the classifier "top".
 *
 * @returns The index, or `-1` when the model has no such layer.
 */
export function convolutionalBaseEnd(model: tfl.LayersModel): number {
  for (let i = model.layers.length - 1; i >= 0; i--) if (BASE_ENDS.has(model.layers[i].getClassName())) return i;
  return -1;
}
