/**
 * `tf.profile` of `repeats` training steps (`model.trainOnBatch(xs, ys)`): per kernel the minimum over the steps of
 * its summed time and its calls (the machine is shared, so single samples are noisy), and the fastest step's wall
 * time. `<op>__op` entries wrap the kernel of an op with a custom gradient: their time is counted in the kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

export interface KernelProfile {
  byKernel: Map<string, { ms: number; calls: number }>;
  bestWallMs: number;
}

export async function profileTrainingKernels(model: LayersModel, xs: tf.Tensor, ys: tf.Tensor, repeats: number): Promise<KernelProfile> {
  const byKernel = new Map<string, { ms: number; calls: number }>();
  let bestWallMs = Infinity;
  for (let repeat = 0; repeat < repeats; repeat++) {
    const start = performance.now();
    const profile = await tf.profile(async () => {
      await model.trainOnBatch(xs, ys);
    });
    bestWallMs = Math.min(bestWallMs, performance.now() - start);
    const step = new Map<string, { ms: number; calls: number }>();
    for (const k of profile.kernels) {
      if (k.name.endsWith('__op')) continue;
      const entry = step.get(k.name) ?? { ms: 0, calls: 0 };
      entry.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      entry.calls += 1;
      step.set(k.name, entry);
    }
    for (const [name, entry] of step) {
      const known = byKernel.get(name);
      if (known === undefined || entry.ms < known.ms) byKernel.set(name, entry);
    }
  }
  return { byKernel, bestWallMs };
}
