/**
 * `pnpm bench`: fit + predict time and test accuracy on the full MNIST (60,000 / 10,000) for k-NN, the RBF SVM
 * (Nyström approximation) and logistic regression on tfjs-backend-wasm, next to scikit-learn in the same run when
 * Debian's `/usr/bin/python3` can import sklearn (skipped cleanly otherwise). Prints a table; asserts nothing.
 *
 * Environment: `SKLEARN=0` skips scikit-learn; `SVC_TIMEOUT_S` (default 900) stops scikit-learn's exact SVC after
 * that many seconds and reports it as "> N s" (it takes the longest by far); `BRUTE=1` adds our brute-force k-NN
 * row (same neighbours as the default bounded search, ~5x the work).
 */
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { enableWasmTraining } from '@digitkit/wasm-training';
import { loadMnist } from '@digitkit/mnist-data/node';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fitKNearestNeighbors, fitLogisticRegression, fitPca, fitSupportVectorMachine } from '../src/index.js';

interface Row {
  model: string;
  ours?: { fit: number; predict: number; accuracy: number };
  sklearnName: string;
  sklearn?: { fit: number; predict: number; accuracy: number } | string;
}

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./sklearn_bench.py', import.meta.url));

function sklearnAvailable(): boolean {
  if (process.env.SKLEARN === '0') return false;
  const probe = spawnSync(PYTHON, ['-c', 'import sklearn, numpy'], { encoding: 'utf8' });
  return probe.status === 0;
}

function runSklearn(name: string, timeoutSeconds: number): Row['sklearn'] {
  const result = spawnSync(PYTHON, [SCRIPT, name], { encoding: 'utf8', timeout: timeoutSeconds * 1000, maxBuffer: 1 << 20 });
  if (result.error !== undefined || result.status !== 0) {
    return result.signal === 'SIGTERM' ? `> ${timeoutSeconds} s (stopped)` : `failed: ${(result.stderr || String(result.error)).trim().split('\n').pop()}`;
  }
  const line = JSON.parse(result.stdout.trim().split('\n').pop()!) as { fitSeconds: number; predictSeconds: number; accuracy: number };
  return { fit: line.fitSeconds, predict: line.predictSeconds, accuracy: line.accuracy };
}

async function timed<T>(fn: () => T | Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, (performance.now() - start) / 1000];
}

function accuracyOf(predicted: Int32Array, labels: Uint8Array): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct / labels.length;
}

await tf.setBackend('wasm');
enableWasmTraining();
const { train, test } = await loadMnist();
const withSklearn = sklearnAvailable();
const svcTimeout = Number(process.env.SVC_TIMEOUT_S ?? 900);
console.log(`MNIST ${train.count} / ${test.count}, backend ${tf.getBackend()} (${getThreadsCount()} thread, @digitkit/wasm-training kernels), scikit-learn ${withSklearn ? 'available' : 'not importable by /usr/bin/python3 (skipped)'}`);
const rows: Row[] = [];

for (const algorithm of process.env.BRUTE === '1' ? (['bounded', 'brute'] as const) : (['bounded'] as const)) {
  // 'bounded' is the default ('auto' on 784 features): exact, the same neighbours as the brute force.
  const [model, fit] = await timed(() => fitKNearestNeighbors(train, { k: 3, algorithm }));
  const [predicted, predict] = await timed(() => model.predict(test));
  rows.push({
    model: `k-NN k=3, raw pixels (${algorithm === 'bounded' ? 'exact, bounded search' : 'brute'}; sklearn: brute)`,
    ours: { fit, predict, accuracy: accuracyOf(predicted, test.labels) },
    sklearnName: algorithm === 'bounded' ? 'knn' : 'knn (same as above)',
  });
  console.log(rows.at(-1));
}
{
  // PCA-50 then k-NN: the fit time includes the PCA; predict includes projecting the test set.
  const [pieces, fit] = await timed(async () => {
    const pca = await fitPca(train, { components: 50 });
    const features = pca.transform(train);
    const model = fitKNearestNeighbors({ features, labels: train.labels, numClasses: 10 }, { k: 3 });
    features.dispose();
    return { pca, model };
  });
  const [predicted, predict] = await timed(async () => {
    const features = pieces.pca.transform(test);
    const labels = await pieces.model.predict(features);
    features.dispose();
    return labels;
  });
  rows.push({ model: 'k-NN k=3 on PCA-50', ours: { fit, predict, accuracy: accuracyOf(predicted, test.labels) }, sklearnName: 'pca-knn' });
  console.log(rows.at(-1));
}
{
  const [pieces, fit] = await timed(async () => {
    const pca = await fitPca(train, { components: 50 });
    const features = pca.transform(train);
    const model = await fitSupportVectorMachine(
      { features, labels: train.labels, numClasses: 10 },
      { C: 1, approximation: { method: 'nystrom', components: 2000 } },
    );
    features.dispose();
    return { pca, model };
  });
  const [predicted, predict] = await timed(async () => {
    const features = pieces.pca.transform(test);
    const labels = await pieces.model.predict(features);
    features.dispose();
    return labels;
  });
  rows.push({ model: 'RBF SVM: PCA-50 + Nyström 2000 + linear SVM', ours: { fit, predict, accuracy: accuracyOf(predicted, test.labels) }, sklearnName: 'svc' });
  console.log(rows.at(-1));
  rows.push({ model: '  (sklearn: the same approximation pipeline)', sklearnName: 'pca-nystroem-linearsvc' });
}
{
  const [model, fit] = await timed(() => fitLogisticRegression(train, { C: 1, maxIterations: 100 }));
  const [predicted, predict] = await timed(() => model.predict(test));
  rows.push({ model: 'logistic regression C=1, 100 L-BFGS iterations', ours: { fit, predict, accuracy: accuracyOf(predicted, test.labels) }, sklearnName: 'logistic-regression' });
  console.log(rows.at(-1));
}

if (withSklearn) {
  for (const row of rows) {
    if (row.sklearnName.endsWith('(same as above)')) continue;
    row.sklearn = runSklearn(row.sklearnName, row.sklearnName === 'svc' ? svcTimeout : 3600);
    console.log(row.sklearnName, row.sklearn);
  }
}

const seconds = (v: number) => `${v.toFixed(1)} s`;
const percent = (v: number) => `${(100 * v).toFixed(2)} %`;
console.log('\n| model | ours fit | ours predict | ours accuracy | scikit-learn | sklearn fit | sklearn predict | sklearn accuracy |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) {
  const ours = row.ours === undefined ? ['', '', ''] : [seconds(row.ours.fit), seconds(row.ours.predict), percent(row.ours.accuracy)];
  const theirs =
    row.sklearn === undefined
      ? ['skipped', '', '']
      : typeof row.sklearn === 'string'
        ? [row.sklearn, '', '']
        : [seconds(row.sklearn.fit), seconds(row.sklearn.predict), percent(row.sklearn.accuracy)];
  console.log(`| ${row.model} | ${ours.join(' | ')} | ${row.sklearnName} | ${theirs.join(' | ')} |`);
}
