import { describeBackends, expectNoTensorLeak } from '@digitkit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import { createBatchNormCnn } from './batch-norm-cnn.js';
import { countFlops } from './count-flops.js';
import { createLeNet5 } from './lenet5.js';
import { createPaperCnn } from './paper-cnn.js';
import { createModel, models } from './registry.js';
import { createSeCnn } from './se-cnn.js';
import { squeezeExcitation } from './squeeze-excitation.js';
import { createStrongCnn } from './strong-cnn.js';

// Independent hand computation of parameter counts and multiply-accumulates from the architectures as
// described in the papers / docs (not from the code): conv k×k: k·k·cin·cout + cout weights,
// BatchNorm: 4·c (gamma, beta, moving mean, moving variance), dense: in·out + out.
const conv = (k: number, cin: number, cout: number): number => k * k * cin * cout + cout;
const bn = (c: number): number => 4 * c;
const dense = (i: number, o: number): number => i * o + o;
const convMacs = (outH: number, outW: number, k: number, cin: number, cout: number): number => outH * outW * cout * k * k * cin;
const se = (c: number, r: number): number => dense(c, Math.floor(c / r)) + dense(Math.floor(c / r), c);

const expected = {
  // 28 →conv3 valid→ 26 →pool→ 13 →conv3→ 11 →pool→ 5; flatten 5·5·64 = 1600
  'paper-cnn': {
    params: conv(3, 1, 32) + conv(3, 32, 64) + dense(1600, 128) + dense(128, 10),
    macs: convMacs(26, 26, 3, 1, 32) + convMacs(11, 11, 3, 32, 64) + 1600 * 128 + 128 * 10,
  },
  'paper-bn-cnn': {
    params: conv(3, 1, 32) + bn(32) + conv(3, 32, 64) + bn(64) + dense(1600, 128) + dense(128, 10),
    macs: convMacs(26, 26, 3, 1, 32) + convMacs(11, 11, 3, 32, 64) + 1600 * 128 + 128 * 10,
  },
  // 28 →conv5 same→ 28 →pool→ 14 →conv5 valid→ 10 →pool→ 5; flatten 400
  lenet5: {
    params: conv(5, 1, 6) + conv(5, 6, 16) + dense(400, 120) + dense(120, 84) + dense(84, 10),
    macs: convMacs(28, 28, 5, 1, 6) + convMacs(10, 10, 5, 6, 16) + 400 * 120 + 120 * 84 + 84 * 10,
  },
  // blocks at 28, 14, 7 (same padding), SE ratio 8, global pooling, dense 128 → 10
  'se-cnn': {
    params: conv(3, 1, 32) + bn(32) + se(32, 8) + conv(3, 32, 64) + bn(64) + se(64, 8) + conv(3, 64, 128) + bn(128) + se(128, 8) + dense(128, 10),
    macs:
      convMacs(28, 28, 3, 1, 32) + convMacs(14, 14, 3, 32, 64) + convMacs(7, 7, 3, 64, 128) +
      (32 * 4 + 4 * 32) + (64 * 8 + 8 * 64) + (128 * 16 + 16 * 128) + 128 * 10,
  },
  // 28 →3 valid→ 26 →3 valid→ 24 →5 s2 same→ 12 →3→ 10 →3→ 8 →5 s2 same→ 4 →4 valid→ 1
  'strong-cnn': {
    params:
      conv(3, 1, 32) + conv(3, 32, 32) + conv(5, 32, 32) + 3 * bn(32) +
      conv(3, 32, 64) + conv(3, 64, 64) + conv(5, 64, 64) + 3 * bn(64) +
      conv(4, 64, 128) + bn(128) + dense(128, 10),
    macs:
      convMacs(26, 26, 3, 1, 32) + convMacs(24, 24, 3, 32, 32) + convMacs(12, 12, 5, 32, 32) +
      convMacs(10, 10, 3, 32, 64) + convMacs(8, 8, 3, 64, 64) + convMacs(4, 4, 5, 64, 64) +
      convMacs(1, 1, 4, 64, 128) + 128 * 10,
  },
} as const;

describeBackends('model builders', () => {
  for (const [name, truth] of Object.entries(expected)) {
    it(`${name}: parameter count and FLOPs match the hand computation and the registry`, async () => {
      const model = createModel(name as keyof typeof expected, { seed: 1 });
      expect(model.countParams()).toBe(truth.params);
      expect(models[name as keyof typeof expected].parameters).toBe(truth.params);
      const flops = countFlops(model);
      expect(flops.macs).toBe(truth.macs);
      expect(flops.flops).toBe(2 * truth.macs);
      expect(models[name as keyof typeof expected].flopsPerImage).toBe(2 * truth.macs);
      await expectNoTensorLeak(async () => {
        const probs = tf.tidy(() => model.predict(tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 5)) as tf.Tensor);
        expect(probs.shape).toEqual([3, 10]);
        const sumTensor = tf.sum(probs, 1);
        const sums = await sumTensor.data();
        tf.dispose([probs, sumTensor]);
        for (const s of sums) expect(s).toBeCloseTo(1, 5);
      });
      model.dispose();
    });
  }

  it('the same seed gives the same initial weights, another seed different ones', async () => {
    const a = createPaperCnn({ seed: 7 });
    const b = createPaperCnn({ seed: 7 });
    const c = createPaperCnn({ seed: 8 });
    const wa = await a.getWeights()[0].data();
    expect(Array.from(await b.getWeights()[0].data())).toEqual(Array.from(wa));
    expect(Array.from(await c.getWeights()[0].data())).not.toEqual(Array.from(wa));
    // Glorot-uniform bound of the first conv: sqrt(6 / (fanIn + fanOut)) with fanIn = 9, fanOut = 9·32.
    const limit = Math.sqrt(6 / (9 + 9 * 32));
    for (const v of wa) expect(Math.abs(v)).toBeLessThanOrEqual(limit);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('squeezeExcitation rescales each channel by sigmoid(W2·relu(W1·mean + b1) + b2)', async () => {
    const input = tfl.input({ shape: [4, 5, 8] });
    const output = squeezeExcitation(input, { ratio: 4 });
    const model = tfl.model({ inputs: input, outputs: output });
    const x = tf.randomNormal([2, 4, 5, 8], 0, 1, 'float32', 3);
    const got = await (model.predict(x) as tf.Tensor).array() as number[][][][];
    const [w1, b1, w2, b2] = await Promise.all(model.getWeights().map((w) => w.array())) as [number[][], number[], number[][], number[]];
    const xs = await x.array() as number[][][][];
    for (let n = 0; n < 2; n++) {
      const mean = Array.from({ length: 8 }, (_, c) => {
        let s = 0;
        for (let i = 0; i < 4; i++) for (let j = 0; j < 5; j++) s += xs[n][i][j][c];
        return s / 20;
      });
      const hidden = b1.map((b, h) => Math.max(0, b + mean.reduce((s, m, c) => s + m * w1[c][h], 0)));
      const gate = b2.map((b, c) => 1 / (1 + Math.exp(-(b + hidden.reduce((s, v, h) => s + v * w2[h][c], 0)))));
      for (let i = 0; i < 4; i++) for (let j = 0; j < 5; j++) for (let c = 0; c < 8; c++) {
        expect(got[n][i][j][c]).toBeCloseTo(xs[n][i][j][c] * gate[c], 4);
      }
    }
    expect(model.countParams()).toBe(dense(8, 2) + dense(2, 8));
    tf.dispose(x);
    model.dispose();
  });
}, ['cpu', 'wasm']);

it('builders reject bad options before building', () => {
  expect(() => createPaperCnn({ dropout: 1 })).toThrow(/createPaperCnn: expected dropout in \[0, 1\), got 1/);
  expect(() => createBatchNormCnn({ numClasses: 1 })).toThrow(RangeError);
  expect(() => createLeNet5({ inputShape: [28, 28] as unknown as [number, number, number] })).toThrow(/createLeNet5: expected inputShape/);
  expect(() => createLeNet5({ activation: 'sigmoid' as 'relu' })).toThrow(TypeError);
  expect(() => createSeCnn({ ratio: 0 })).toThrow(/createSeCnn: expected ratio/);
  expect(() => createStrongCnn({ inputShape: [20, 20, 1] })).toThrow(/createStrongCnn: expected input rows and cols >= 28/);
  expect(() => createStrongCnn({ seed: Number.NaN })).toThrow(TypeError);
  expect(() => createModel('resnet' as 'lenet5')).toThrow(/createModel: unknown model "resnet"; expected one of 'paper-cnn'/);
  // Closed options (issue 13): a typo or another builder's option is named, with a did-you-mean.
  expect(() => createLeNet5({ activaton: 'tanh' } as never)).toThrow(/createLeNet5: unknown option options.activaton \(did you mean activation\?\)/);
  expect(() => createModel('lenet5', { ratio: 8 })).toThrow(/createLeNet5: unknown option options.ratio/);
  expect(createModel('se-cnn', { ratio: 4, seed: 1 }).countParams()).toBeGreaterThan(0);
  expect(() => countFlops({} as tfl.LayersModel)).toThrow(TypeError);
});

it('models take other input sizes and class counts', () => {
  const model = createBatchNormCnn({ inputShape: [32, 32, 3], numClasses: 47 });
  expect(model.outputs[0].shape).toEqual([null, 47]);
  // 32 → 30 → 15 → 13 → 6: flatten 6·6·64
  expect(model.countParams()).toBe(conv(3, 3, 32) + bn(32) + conv(3, 32, 64) + bn(64) + dense(6 * 6 * 64, 128) + dense(128, 47));
  model.dispose();
});

it('batchNormMomentum reaches every BatchNorm layer and is validated', () => {
  for (const build of [createBatchNormCnn, createSeCnn, createStrongCnn]) {
    const model = build({ batchNormMomentum: 0.9 });
    const momenta = model.layers.filter((l) => l.getClassName() === 'BatchNormalization').map((l) => l.getConfig().momentum);
    expect(momenta.length).toBeGreaterThan(0);
    expect(new Set(momenta)).toEqual(new Set([0.9]));
    model.dispose();
  }
  const keras = createBatchNormCnn();
  expect(keras.layers.find((l) => l.getClassName() === 'BatchNormalization')?.getConfig().momentum).toBe(0.99);
  keras.dispose();
  expect(() => createBatchNormCnn({ batchNormMomentum: 1 })).toThrow(/createBatchNormCnn: expected batchNormMomentum in \[0, 1\), got 1/);
});
