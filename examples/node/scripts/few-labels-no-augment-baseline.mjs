// Usage (from examples/node, after a build): node scripts/few-labels-no-augment-baseline.mjs [labelsPerClass=10] [steps=2000]
// Reference row for the few-labels table: the supervised baseline of `digitkit train --labels-per-class 10 --steps 2000`
// (same split, seed, steps, batch, Adam 2e-3 cosine, EMA 0.99, selection on the same 100 validation images) but with
// no augmentation at all.
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { enableWasmTraining } from '@digitkit/wasm-training';
import { loadMnist } from '@digitkit/mnist-data/node';
import { createModel, evaluateModel, splitFewLabels, trainSemiSupervised } from '@digitkit/cnn-models';

await tf.setBackend('wasm');
enableWasmTraining();
const perClass = Number(process.argv[2] ?? 10);
const steps = Number(process.argv[3] ?? 2000);
const { train, test } = await loadMnist();
const split = splitFewLabels(train, { labelsPerClass: perClass, validationPerClass: 10, seed: 42 });
const model = createModel('lenet5', { seed: 42 });
const started = performance.now();
const history = await trainSemiSupervised(model, split.labelled, null, {
  validationData: split.validation, steps, batchSize: 32, learningRate: 2e-3, emaDecay: 0.99, evaluateEvery: 100, seed: 42,
  weakAugment: {},
  onEvaluation: (e) => console.log(`step ${e.step}/${steps}: loss ${e.loss.toFixed(4)} - val_acc ${(100 * e.valAccuracy).toFixed(2)}%`),
});
const evaluation = await evaluateModel(model, test);
console.log(`n${perClass} supervised, no augmentation: test accuracy ${(100 * evaluation.accuracy).toFixed(2)}% (best step ${history.bestStep}) in ${((performance.now() - started) / 1000).toFixed(0)} s`);
