/**
 * Switchable replacement of a tfjs gradient. Gradients are global in tfjs (not per backend), so a replacement
 * must be correct on every backend; each replacement here takes its fast path on wasm only and otherwise calls
 * the gradient it replaced (tfjs-core's).
 */
import { getGradient, registerGradient, unregisterGradient, type GradConfig } from '@tensorflow/tfjs-core';

/** A gradient replacement that can be switched on and off. */
export interface GradientOverride {
  /** Registers the replacement (`true`) or restores the gradient registered before it (`false`). */
  set(enabled: boolean): void;
  /** Whether the replacement is the registered gradient now. */
  active(): boolean;
  /** The gradient the replacement delegates to off its fast path (tfjs-core's), if one was registered. */
  previous(): GradConfig | undefined;
}

/** Wraps `config` (whose gradFunc may call `previous()`) as a {@link GradientOverride}. */
export function createGradientOverride(make: (previous: () => GradConfig | undefined) => GradConfig): GradientOverride {
  let stock: GradConfig | undefined;
  const previous = () => stock;
  const config = make(previous);
  return {
    set(enabled: boolean): void {
      const registered = getGradient(config.kernelName);
      if (registered !== undefined && registered !== config) stock = registered;
      if (enabled) {
        if (registered !== config) registerGradient(config);
      } else if (registered === config) {
        unregisterGradient(config.kernelName);
        if (stock !== undefined) registerGradient(stock);
      }
    },
    active: () => getGradient(config.kernelName) === config,
    previous,
  };
}
