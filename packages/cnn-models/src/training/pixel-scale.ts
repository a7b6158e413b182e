/** `PIXEL_SCALE[v] = v / 255`: the float32 value of an MNIST byte, as every training input of this package sees it. */
export const PIXEL_SCALE = new Float32Array(256).map((_, v) => v / 255);
