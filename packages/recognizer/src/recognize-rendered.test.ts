/**
 * The recognizer reads MNIST test digits drawn large, off-centre and in both polarities (the way a canvas or a photo
 * shows a digit) about as well as the 28×28 originals: the independent truth is the MNIST label, and the reference
 * is the same model's accuracy on the same digits given already normalized (recognizeMnist).
 */
import { loadMnist } from '@digitkit/mnist-data/node';
import { describeBackends, expectNoTensorLeak } from '@digitkit/test-utils';
import type { DigitDataset } from '@digitkit/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadDigitRecognizer, type DigitInput, type DigitRecognizer } from './index.js';
import { renderDigit } from './test-support/render-digit.js';

/** Digits per backend: the cpu backend is ~10x slower than wasm, so it checks fewer. */
const COUNTS = { cpu: 100, wasm: 200 } as const;
const WIDTH = 200;
const HEIGHT = 160;
const SCALE = 4;

describeBackends('recognize on MNIST digits rendered 4x into a 200x160 RGBA image', (backend) => {
  const COUNT = COUNTS[backend];
  let recognizer: DigitRecognizer<DigitInput>;
  let test: DigitDataset;
  beforeAll(async () => {
    recognizer = await loadDigitRecognizer();
    test = (await loadMnist({ limit: { train: 1, test: COUNT } })).test;
  });
  afterAll(() => recognizer.dispose());

  it('matches the 28x28 accuracy within 2 points, off-centre, in both polarities', async () => {
    const reference = await recognizer.recognizeMnist(test);
    let referenceCorrect = 0;
    for (let i = 0; i < COUNT; i++) if (reference.digits[i] === test.labels[i]) referenceCorrect++;
    const inputs: DigitInput[] = [];
    for (let i = 0; i < COUNT; i++) {
      // Positions spread over the whole canvas (the 112x112 square anywhere inside 200x160), polarity alternating.
      const x = (i * 37) % (WIDTH - 28 * SCALE + 1);
      const y = (i * 23) % (HEIGHT - 28 * SCALE + 1);
      const polarity = i % 2 === 0 ? 'dark-on-light' : 'light-on-dark';
      const data = renderDigit(test.images.subarray(i * 784, (i + 1) * 784), { width: WIDTH, height: HEIGHT, scale: SCALE, x, y, polarity });
      inputs.push({ data, width: WIDTH, height: HEIGHT });
    }
    const results = await expectNoTensorLeak(() => recognizer.recognizeBatch(inputs));
    let correct = 0;
    let correctDark = 0;
    for (let i = 0; i < COUNT; i++) {
      if (results[i].digit === test.labels[i]) {
        correct++;
        if (i % 2 === 0) correctDark++;
      }
      expect(results[i].inverted).toBe(i % 2 === 0);
    }
    console.log(`rendered 4x, off-centre, both polarities: ${correct}/${COUNT} (dark ink on white ${correctDark}/${COUNT / 2}); 28x28 via recognizeMnist: ${referenceCorrect}/${COUNT}`);
    expect(correct / COUNT).toBeGreaterThanOrEqual(referenceCorrect / COUNT - 0.02);
    expect(correct / COUNT).toBeGreaterThanOrEqual(0.95);
  });

  it('gives recognize the same answer as recognizeBatch for one rendered digit', async () => {
    const data = renderDigit(test.images.subarray(0, 784), { width: WIDTH, height: HEIGHT, scale: SCALE, x: 70, y: 3, polarity: 'dark-on-light' });
    const one = await recognizer.recognize({ data, width: WIDTH, height: HEIGHT, channels: 4 });
    const [batch] = await recognizer.recognizeBatch([{ data, width: WIDTH, height: HEIGHT }]);
    expect(one.digit).toBe(batch.digit);
    expect(one.digit).toBe(test.labels[0]);
  });
});
