/**
 * `pnpm bench`: fit + predict time and test accuracy on the full MNIST (60,000 / 10,000) for k-NN, the RBF SVM
 * (Nyström approximation) and logistic regression on tfjs-backend-wasm, next to scikit-learn in the same run when
 * Debian's `/usr/bin/python3` can import sklearn (skipped cleanly otherwise). Prints a table; asserts nothing.
 * Each row also gives the CPU time (all threads of the process) and the 1-minute load average around it, and the
 * ours/scikit-learn ratios of wall and CPU time — on a shared machine the ratio is the figure to read.
 *
 * Arguments: `--only=<keys>` runs only the listed rows, ours and scikit-learn's matching ones, e.g.
 * `pnpm bench --only=logistic-regression,rbf-svm`. Keys: `knn`, `pca-knn`, `rbf-svm`, `logistic-regression`.
 * Environment: `SKLEARN=0` skips scikit-learn; `SVC_TIMEOUT_S` (default 900) stops scikit-learn's exact SVC after
 * that many seconds and reports it as "> N s" (it takes the longest by far; `0` skips it); `BRUTE=1` adds our
 * brute-force k-NN row (same neighbours as the default bounded search, ~5x the work).
 */
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { enableWasmTraining } from '@digitkit/wasm-training';
import { loadMnist } from '@digitkit/mnist-data/node';
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { fitKNearestNeighbors, fitLogisticRegression, fitPca, fitSupportVectorMachine } from '../src/index.js';

interface Measured {
  fit: number;
  predict: number;
  /** Fit + predict CPU seconds (all threads). */
  cpu: number;
  accuracy: number;
  /** 1-minute load average before → after. */
  load: string;
}

interface Row {
  model: string;
  ours?: Measured;
  sklearnName: string;
  sklearn?: Measured | string;
}

const ROW_KEYS = ['knn', 'pca-knn', 'rbf-svm', 'logistic-regression'] as const;

function selectedRows(): Set<string> {
  const only = process.argv.slice(2).find((arg) => arg.startsWith('--only='));
  if (only === undefined) return new Set(ROW_KEYS);
  const keys = only.slice('--only='.length).split(',').filter((key) => key !== '');
  const unknown = keys.filter((key) => !(ROW_KEYS as readonly string[]).includes(key));
  if (keys.length === 0 || unknown.length > 0) {
    throw new RangeError(`classic.bench: expected --only=<keys> from ${ROW_KEYS.join(', ')}, got ${JSON.stringify(only)}`);
  }
  return new Set(keys);
}

const load = () => loadavg()[0].toFixed(2);

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./sklearn_bench.py', import.meta.url));

function sklearnAvailable(): boolean {
  if (process.env.SKLEARN === '0') return false;
  const probe = spawnSync(PYTHON, ['-c', 'import sklearn, numpy'], { encoding: 'utf8' });
  return probe.status === 0;
}

function runSklearn(name: string, timeoutSeconds: number): Row['sklearn'] {
  if (timeoutSeconds <= 0) return 'skipped (SVC_TIMEOUT_S=0)';
  const loadBefore = load();
  const result = spawnSync(PYTHON, [SCRIPT, name], { encoding: 'utf8', timeout: timeoutSeconds * 1000, maxBuffer: 1 << 20 });
  if (result.error !== undefined || result.status !== 0) {
    return result.signal === 'SIGTERM' ? `> ${timeoutSeconds} s (stopped)` : `failed: ${(result.stderr || String(result.error)).trim().split('\n').pop()}`;
  }
  const line = JSON.parse(result.stdout.trim().split('\n').pop()!) as { fitSeconds: number; predictSeconds: number; cpuSeconds: number; accuracy: number };
  return { fit: line.fitSeconds, predict: line.predictSeconds, cpu: line.cpuSeconds, accuracy: line.accuracy, load: `${loadBefore} → ${load()}` };
}

async function timed<T>(fn: () => T | Promise<T>): Promise<[T, number, number]> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const value = await fn();
  const cpu = process.cpuUsage(cpuStart);
  return [value, (performance.now() - start) / 1000, (cpu.user + cpu.system) / 1e6];
}

/** Times a fit then a predict (CPU time and load average around both). */
async function measure<M>(fit: () => M | Promise<M>, predict: (model: M) => Promise<Int32Array>, labels: Uint8Array): Promise<Measured> {
  const loadBefore = load();
  const [model, fitSeconds, fitCpu] = await timed(fit);
  const [predicted, predictSeconds, predictCpu] = await timed(() => predict(model));
  return { fit: fitSeconds, predict: predictSeconds, cpu: fitCpu + predictCpu, accuracy: accuracyOf(predicted, labels), load: `${loadBefore} → ${load()}` };
}

function accuracyOf(predicted: Int32Array, labels: Uint8Array): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct / labels.length;
}

const only = selectedRows();
await tf.setBackend('wasm');
enableWasmTraining();
const { train, test } = await loadMnist();
const withSklearn = sklearnAvailable();
const svcTimeout = Number(process.env.SVC_TIMEOUT_S ?? 900);
console.log(`MNIST ${train.count} / ${test.count}, backend ${tf.getBackend()} (${getThreadsCount()} thread, @digitkit/wasm-training kernels), scikit-learn ${withSklearn ? 'available' : 'not importable by /usr/bin/python3 (skipped)'}`);
console.log(`rows: ${[...only].join(', ')}; load average at start ${loadavg().map((v) => v.toFixed(2)).join(', ')}`);
const rows: Row[] = [];

if (only.has('knn')) {
  for (const algorithm of process.env.BRUTE === '1' ? (['bounded', 'brute'] as const) : (['bounded'] as const)) {
    // 'bounded' is the default ('auto' on 784 features): exact, the same neighbours as the brute force.
    const ours = await measure(() => fitKNearestNeighbors(train, { k: 3, algorithm }), (model) => model.predict(test), test.labels);
    rows.push({
      model: `k-NN k=3, raw pixels (${algorithm === 'bounded' ? 'exact, bounded search' : 'brute'}; sklearn: brute)`,
      ours,
      sklearnName: algorithm === 'bounded' ? 'knn' : 'knn (same as above)',
    });
    console.log(rows.at(-1));
  }
}
if (only.has('pca-knn')) {
  // PCA-50 then k-NN: the fit time includes the PCA; predict includes projecting the test set.
  const ours = await measure(
    async () => {
      const pca = await fitPca(train, { components: 50 });
      const features = pca.transform(train);
      const model = fitKNearestNeighbors({ features, labels: train.labels, numClasses: 10 }, { k: 3 });
      features.dispose();
      return { pca, model };
    },
    async (pieces) => {
      const features = pieces.pca.transform(test);
      const labels = await pieces.model.predict(features);
      features.dispose();
      return labels;
    },
    test.labels,
  );
  rows.push({ model: 'k-NN k=3 on PCA-50', ours, sklearnName: 'pca-knn' });
  console.log(rows.at(-1));
}
if (only.has('rbf-svm')) {
  // The PCA step inside the model (options.pca), as digitkit compare's default: fit includes the PCA.
  const ours = await measure(
    () => fitSupportVectorMachine(train, { C: 1, pca: { components: 50 }, approximation: { method: 'nystrom', components: 2000 } }),
    (model) => model.predict(test),
    test.labels,
  );
  rows.push({ model: 'RBF SVM: PCA-50 + Nyström 2000 + linear SVM', ours, sklearnName: 'svc' });
  console.log(rows.at(-1));
  rows.push({ model: '  (sklearn: the same approximation pipeline)', sklearnName: 'pca-nystroem-linearsvc' });
}
if (only.has('logistic-regression')) {
  const ours = await measure(() => fitLogisticRegression(train, { C: 1, maxIterations: 100 }), (model) => model.predict(test), test.labels);
  rows.push({ model: 'logistic regression C=1, 100 L-BFGS iterations', ours, sklearnName: 'logistic-regression' });
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
const cells = (m: Measured) => [seconds(m.fit), seconds(m.predict), seconds(m.cpu), percent(m.accuracy), m.load];
console.log('\n| model | ours fit | ours predict | ours CPU | ours accuracy | load | scikit-learn | sklearn fit | sklearn predict | sklearn CPU | sklearn accuracy | load |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) {
  const ours = row.ours === undefined ? ['', '', '', '', ''] : cells(row.ours);
  const theirs =
    row.sklearn === undefined
      ? ['skipped', '', '', '', '']
      : typeof row.sklearn === 'string'
        ? [row.sklearn, '', '', '', '']
        : cells(row.sklearn);
  console.log(`| ${row.model} | ${ours.join(' | ')} | ${row.sklearnName} | ${theirs.join(' | ')} |`);
}

// Ours against scikit-learn's like-for-like row (the RBF SVM against the same Nyström + LinearSVC pipeline).
const ratios: string[] = [];
rows.forEach((row, index) => {
  const peer = row.sklearnName === 'svc' ? rows[index + 1]?.sklearn : row.sklearn;
  if (row.ours === undefined || peer === undefined || typeof peer === 'string') return;
  const wall = (row.ours.fit + row.ours.predict) / (peer.fit + peer.predict);
  ratios.push(`${row.model.split(':')[0]}: fit + predict wall ours/sklearn ${wall.toFixed(2)}, CPU ${(row.ours.cpu / peer.cpu).toFixed(2)}`);
});
if (ratios.length > 0) console.log(`\n${ratios.join('\n')}`);
