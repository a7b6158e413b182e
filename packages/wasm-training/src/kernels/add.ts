/**
 * Faster Add (a + b) for the wasm backend when one float32 operand is broadcast along the other's leading
 * axes; everything else uses the stock kernel (see row-broadcast-binary.ts).
 */
import { defineRowBroadcastKernel } from './row-broadcast-binary.js';

/** Kernel config: inputs `{ a, b }`, output the broadcast shape. */
export const addConfig = defineRowBroadcastKernel('Add', 0);
