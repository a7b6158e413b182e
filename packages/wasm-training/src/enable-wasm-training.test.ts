import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { enableWasmTraining } from './enable-wasm-training.js';

describe('enableWasmTraining', () => {
  // Captured before this file's first enableWasmTraining() call: the stock registrations.
  const stockMaxPoolGrad = tf.getKernel('MaxPoolGrad', 'wasm');
  const stockBatchNormGradient = tf.getGradient('FusedBatchNorm');

  it('registers the missing kernels, the replacements and the gradient replacements', () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    const info = enableWasmTraining();
    expect(info.fast).toBe(true);
    expect(info.added).toEqual(['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput']);
    expect(info.replaced).toContain('MaxPoolGrad');
    expect(info.gradients).toEqual(['FusedBatchNorm', 'Mean', 'Relu', 'Square']);
    for (const name of [...info.added, ...info.replaced]) expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
    expect(tf.getKernel('MaxPoolGrad', 'wasm')).not.toBe(stockMaxPoolGrad);
    expect(tf.getGradient('FusedBatchNorm')).not.toBe(stockBatchNormGradient);
  });

  it('is idempotent', () => {
    const first = enableWasmTraining();
    const registered = tf.getKernel('Conv2DBackpropFilter', 'wasm');
    const second = enableWasmTraining({});
    expect(second).toEqual(first);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBe(registered);
  });

  it('fast: false keeps only the missing kernels and restores the stock kernels and gradients', () => {
    const info = enableWasmTraining({ fast: false });
    expect(info.replaced).toEqual([]);
    expect(info.gradients).toEqual([]);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(tf.getKernel('MaxPoolGrad', 'wasm')).toBe(stockMaxPoolGrad);
    expect(tf.getKernel('DigitkitFusedBatchNormGrad', 'wasm')).toBeUndefined();
    expect(tf.getGradient('FusedBatchNorm')).toBe(stockBatchNormGradient);
    enableWasmTraining({ fast: true });
    expect(tf.getKernel('MaxPoolGrad', 'wasm')).not.toBe(stockMaxPoolGrad);
  });

  it('rejects malformed options with a TypeError naming the function', () => {
    expect(() => enableWasmTraining({ fast: 'yes' as unknown as boolean })).toThrow(/enableWasmTraining: expected options.fast/);
    expect(() => enableWasmTraining(null as never)).toThrow(TypeError);
  });

  it('keeps the universal entry free of Node-only imports', () => {
    const src = fileURLToPath(new URL('.', import.meta.url));
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('node'),
    );
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(join(src, file), 'utf8');
      expect(text, file).not.toMatch(/from '(node:|fs|path|os|url|module|worker_threads|child_process)/);
    }
  });
});
