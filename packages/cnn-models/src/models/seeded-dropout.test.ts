import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createModel } from './registry.js';
import { SeededDropout, seededDropout, seededDropoutLayers, setDropoutStream, upgradeStockDropout } from './seeded-dropout.js';

const backends = ['cpu', 'wasm'] as const;

function runChild(seed: number): Promise<string> {
  const child = fileURLToPath(new URL('../__fixtures__/train-dropout-child.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', child, String(seed)],
      { cwd: fileURLToPath(new URL('../..', import.meta.url)), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });
}

describe('SeededDropout in fresh processes', () => {
  it('two processes with the same run seed train the paper CNN to bit-identical weights; another seed differs', async () => {
    const [a, b, c] = await Promise.all([runChild(11), runChild(11), runChild(12)]);
    expect(a.length).toBeGreaterThan(1000);
    expect(a === b).toBe(true);
    expect(a === c).toBe(false);
  }, 240_000);
});

for (const backend of backends) {
  describe(`SeededDropout (${backend})`, () => {
    it('drops a fraction ≈ rate within a binomial bound and scales kept values by exactly 1/(1-rate)', async () => {
      await tf.setBackend(backend);
      for (const rate of [0.25, 0.5]) {
        const layer = seededDropout({ rate, seed: 3 });
        const n = 20_000;
        const values = Float32Array.from({ length: n }, (_, i) => 1 + (i % 97) / 7);
        const before = tf.memory().numTensors;
        const x = tf.tensor2d(values, [100, 200]);
        const y = layer.apply(x, { training: true }) as tf.Tensor;
        const out = await y.data();
        tf.dispose([x, y]);
        expect(tf.memory().numTensors).toBe(before);
        let dropped = 0;
        const scale = Math.fround(1 / (1 - rate));
        for (let i = 0; i < n; i++) {
          if (out[i] === 0) dropped++;
          else expect(out[i]).toBe(Math.fround(values[i] * scale));
        }
        // 5 standard deviations of a Binomial(n, rate)
        expect(Math.abs(dropped - n * rate)).toBeLessThan(5 * Math.sqrt(n * rate * (1 - rate)));
      }
    });

    it('is the identity at inference, a fresh mask on every training call, and a pure function of (stream, layer, step)', async () => {
      await tf.setBackend(backend);
      const layer = new SeededDropout({ rate: 0.5, seed: 9 });
      const x = tf.ones([4, 64]);
      const run = async (training: boolean): Promise<Float32Array> => {
        const y = layer.apply(x, { training }) as tf.Tensor;
        const v = (await y.data()) as Float32Array;
        if (y !== x) y.dispose();
        return v;
      };
      expect(Array.from(await run(false))).toEqual(Array.from(await x.data()));
      const first = await run(true);
      const second = await run(true);
      expect(Array.from(first)).not.toEqual(Array.from(second));
      const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [64], units: 64 }), layer, seededDropout({ rate: 0.5 })] });
      setDropoutStream(model, 77, 5);
      const atStep5 = await run(true);
      setDropoutStream(model, 77, 6);
      const atStep6 = await run(true);
      setDropoutStream(model, 77, 5);
      expect(Array.from(await run(true))).toEqual(Array.from(atStep5));
      expect(Array.from(atStep6)).not.toEqual(Array.from(atStep5));
      // the second layer of the model draws another mask at the same step
      const [, other] = seededDropoutLayers(model);
      setDropoutStream(model, 77, 5);
      const y2 = other.apply(x, { training: true }) as tf.Tensor;
      expect(Array.from(await y2.data())).not.toEqual(Array.from(atStep5));
      tf.dispose([x, y2]);
      model.dispose();
    });

    it('honours noiseShape like Keras (one mask value per broadcast slice)', async () => {
      await tf.setBackend(backend);
      const layer = seededDropout({ rate: 0.5, noiseShape: [null, 1, 8], seed: 2 });
      const x = tf.ones([3, 5, 8]);
      const y = layer.apply(x, { training: true }) as tf.Tensor;
      const v = (await y.array()) as number[][][];
      for (const sample of v) for (const row of sample) expect(row).toEqual(sample[0]);
      tf.dispose([x, y]);
    });
  });
}

describe('SeededDropout serialization', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('a saved model with SeededDropout loads through tfjs with the same rate, seed and predictions', async () => {
    await tf.setBackend('cpu');
    const model = createModel('paper-cnn', { seed: 1 });
    const saved = await new Promise<tf.io.ModelArtifacts>((resolve) => void model.save(tf.io.withSaveHandler(async (a) => (resolve(a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }))));
    expect(JSON.stringify(saved.modelTopology)).toContain('"class_name":"SeededDropout"');
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved));
    const [original] = seededDropoutLayers(model);
    const [copy] = seededDropoutLayers(loaded);
    expect(copy).toBeInstanceOf(SeededDropout);
    expect([copy.rate, copy.seed]).toEqual([original.rate, original.seed]);
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 4);
    const [p, q] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(Array.from(await q.data())).toEqual(Array.from(await p.data()));
    tf.dispose([x, p, q]);
    [model, loaded].forEach((m) => m.dispose());
  });

  it('turns the stock Dropout of older topologies into SeededDropout (rate and name kept)', async () => {
    await tf.setBackend('cpu');
    const stock = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 3 }), tfl.layers.dropout({ rate: 0.3, name: 'old_drop' })] });
    const topology = stock.toJSON(null, false) as object;
    expect(JSON.stringify(topology)).toContain('"class_name":"Dropout"');
    const upgraded = await tfl.models.modelFromJSON({ modelTopology: upgradeStockDropout(topology) } as never) as tfl.LayersModel;
    const [layer] = seededDropoutLayers(upgraded);
    expect(layer).toBeInstanceOf(SeededDropout);
    expect([layer.rate, layer.name]).toEqual([0.3, 'old_drop']);
    // tfjs loads a stock rate of 1 (clamped, then no dropout): such a layer stays stock rather than being refused
    const clamped = JSON.parse(JSON.stringify(topology).replace('"rate":0.3', '"rate":1'));
    const kept = (await tfl.models.modelFromJSON({ modelTopology: upgradeStockDropout(clamped) } as never)) as tfl.LayersModel;
    expect(seededDropoutLayers(kept)).toHaveLength(0);
    expect(kept.layers[1].getClassName()).toBe('Dropout');
    kept.dispose();
    [stock, upgraded].forEach((m) => m.dispose());
  });

  it('refuses a rate outside [0, 1) and a malformed noiseShape', () => {
    expect(() => seededDropout({ rate: 1 })).toThrow(/expected rate to be a number in \[0, 1\), got 1/);
    expect(() => seededDropout({ rate: Number.NaN })).toThrow(RangeError);
    expect(() => seededDropout({ rate: 0.5, noiseShape: [0] })).toThrow(/noiseShape/);
  });
});
