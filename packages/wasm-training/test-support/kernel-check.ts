/**
 * Test helper (in test-support/, outside the published `files`): runs one kernel on the cpu and wasm backends with the same
 * inputs and returns both outputs.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap } from '@tensorflow/tfjs-core';

/** A seeded uniform [-1, 1) generator (mulberry32), so failures reproduce. */
export function seededValues(size: number, seed: number): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

/** Input description: shape and values (float32 unless `dtype`). */
export interface KernelInput {
  shape: number[];
  values: Float32Array | Int32Array;
  dtype?: 'float32' | 'int32';
}

/** Runs `kernelName` on `backend` and returns its first output's values and shape. */
export async function runKernelOn(
  backend: 'cpu' | 'wasm',
  kernelName: string,
  inputs: Record<string, KernelInput>,
  attrs: NamedAttrMap,
): Promise<{ values: Float32Array; shape: number[] }> {
  await tf.setBackend(backend);
  await tf.ready();
  const tensors: Record<string, tf.Tensor> = {};
  for (const [name, input] of Object.entries(inputs)) {
    tensors[name] = tf.tensor(input.values, input.shape, input.dtype ?? 'float32');
  }
  const result = tf.engine().runKernel(kernelName, tensors, attrs) as tf.Tensor | tf.Tensor[];
  const first = Array.isArray(result) ? result[0] : result;
  const values = Float32Array.from(await first.data());
  const shape = first.shape;
  for (const t of Object.values(tensors)) t.dispose();
  for (const t of Array.isArray(result) ? result : [result]) t.dispose();
  return { values, shape };
}

/** max |a − b| / max(1e-6, max |b|): the error of `a` relative to the reference `b`. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let scale = 1e-6;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return Number.isNaN(diff) ? Number.POSITIVE_INFINITY : diff / scale;
}
