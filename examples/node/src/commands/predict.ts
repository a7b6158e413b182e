import * as tf from '@tensorflow/tfjs-core';
import { useBackend, type BackendName } from '../lib/backend.js';
import { openRunModel } from '../lib/open-model.js';
import type { MnistDigit } from '@digitkit/preprocess-augment';
import { readPngDigit } from '../lib/read-png-digit.js';
import { runPaths } from '../lib/run-folder.js';
import { UserError } from '../lib/user-error.js';

/** One image's top-3 classes. */
export interface Prediction {
  file: string;
  top: Array<{ label: number; probability: number }>;
  /** The input was dark ink on light paper (inverted before prediction). */
  inverted: boolean;
}

/**
 * `digitkit predict <run> <png...>`: normalizes each PNG like MNIST (either polarity, crop, fit 20x20, centre by mass)
 * and prints the model's top-3 classes with probabilities. All files are read and checked before the model loads.
 */
export async function predictCommand(
  run: string,
  files: string[],
  options: { backend: BackendName; threads?: number; json?: boolean },
  out: (line: string) => void,
): Promise<Prediction[]> {
  if (files.length === 0) throw new UserError('predict needs at least one PNG file after the run folder', { exitCode: 2 });
  const digits: MnistDigit[] = [];
  for (const file of files) digits.push(await readPngDigit(file));
  await useBackend(options.backend, options.threads);
  const model = await openRunModel(runPaths(run));
  const pixels = new Float32Array(files.length * 784);
  digits.forEach((digit, i) => {
    for (let k = 0; k < 784; k++) pixels[i * 784 + k] = digit.pixels[k] / 255;
  });
  const probabilities = tf.tidy(() => model.predict(tf.tensor4d(pixels, [files.length, 28, 28, 1])) as tf.Tensor2D);
  const values = await probabilities.data();
  probabilities.dispose();
  model.dispose();
  const numClasses = values.length / files.length;
  const predictions = files.map((file, i) => {
    const row = Array.from(values.subarray(i * numClasses, (i + 1) * numClasses));
    const top = row
      .map((probability, label) => ({ label, probability }))
      .sort((a, b) => b.probability - a.probability || a.label - b.label)
      .slice(0, 3);
    return { file, top, inverted: digits[i].inverted };
  });
  if (options.json) {
    out(JSON.stringify(predictions, null, 2));
  } else {
    for (const p of predictions) {
      const ranked = p.top.map((t) => `${t.label} (${(100 * t.probability).toFixed(1)}%)`).join(', ');
      out(`${p.file}: ${p.top[0].label}   top-3: ${ranked}`);
    }
  }
  return predictions;
}
