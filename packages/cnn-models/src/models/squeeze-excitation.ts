import * as tfl from '@tensorflow/tfjs-layers';

/** Options of {@link squeezeExcitation}. */
export interface SqueezeExcitationOptions {
  /** Channel reduction ratio r of the bottleneck (hidden units = max(1, floor(channels / r))). Default `8`. */
  ratio?: number;
  /** Kernel initializer factory for the two dense layers (Glorot-uniform when omitted). */
  kernelInitializer?: () => ReturnType<typeof tfl.initializers.glorotUniform>;
}

/**
 * A squeeze-and-excitation block (Hu et al. 2018) built from stock tfjs-layers with the functional API, since
 * tfjs-layers has no SE layer: global average pooling `[N, H, W, C] → [N, C]`, dense `C/r` ReLU, dense `C`
 * sigmoid, reshape to `[N, 1, 1, C]`, and a broadcast multiply that rescales every channel of the input.
 *
 * Adds `2·C·floor(C/r) + floor(C/r) + C` parameters.
 *
 * @param input - A symbolic `[N, H, W, C]` feature map (channels-last).
 * @returns The rescaled feature map, same shape as `input`.
 */
export function squeezeExcitation(input: tfl.SymbolicTensor, options: SqueezeExcitationOptions = {}): tfl.SymbolicTensor {
  const shape = input.shape;
  const channels = shape[shape.length - 1];
  if (shape.length !== 4 || channels == null) {
    throw new TypeError(
      `squeezeExcitation: expected a [N, H, W, C] feature map with known C, got shape ${JSON.stringify(shape)}`,
    );
  }
  const ratio = options.ratio ?? 8;
  if (!Number.isInteger(ratio) || ratio < 1) {
    throw new RangeError(`squeezeExcitation: expected ratio to be a positive integer, got ${String(ratio)}`);
  }
  const hiddenUnits = Math.max(1, Math.floor(channels / ratio));
  const init = (): Record<string, unknown> =>
    options.kernelInitializer ? { kernelInitializer: options.kernelInitializer() } : {};
  const squeezed = tfl.layers.globalAveragePooling2d({}).apply(input) as tfl.SymbolicTensor;
  const hidden = tfl.layers.dense({ units: hiddenUnits, activation: 'relu', ...init() }).apply(squeezed) as tfl.SymbolicTensor;
  const gate = tfl.layers.dense({ units: channels, activation: 'sigmoid', ...init() }).apply(hidden) as tfl.SymbolicTensor;
  const gate4d = tfl.layers.reshape({ targetShape: [1, 1, channels] }).apply(gate) as tfl.SymbolicTensor;
  return tfl.layers.multiply().apply([input, gate4d]) as tfl.SymbolicTensor;
}
