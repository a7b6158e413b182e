/**
 * `pnpm bench`: fit + predict time and test accuracy on the full MNIST (60,000 / 10,000) for k-NN, the RBF SVM
 * (Nyström approximation) and logistic regression on tfjs-backend-wasm, next to scikit-learn in the same run when
 * Debian's `/usr/bin/python3` can import sklearn (skipped cleanly otherwise). Prints a table; asserts nothing.
 * Each row also gives the CPU time (all threads of the process) and the 1-minute load average around it, and the
 * ours/scikit-learn ratios of wall and CPU time — on a shared machine the ratio is the figure to read.
 *
 * Arguments: `--only=<keys>` runs only the listed rows, ours and scikit-learn's matching ones, e.g.
 * `pnpm bench --only=logistic-regression,rbf-svm`. Keys: `knn`, `pca-knn`, `rbf-svm`, `logistic-regression`,
 * `linear-svm`. `--threads=<n>` (default `os.availableParallelism()`; `1` drops them): the RBF SVM, logistic
 * regression and linear SVM rows get a second "ours" row, the `./node` worker-thread fit (`…InParallel`,
 * `threads: n`) measured in a child process whose wasm backend also runs `n` threads (`enableWasmThreads`: the
 * PCA and feature-map products), against the same scikit-learn row. `--child=<key>` is that child (internal).
 * `--limit=<train>,<test>` fits on the first rows only, both sides (a quick check of the script).
 * Environment: `SKLEARN=0` skips scikit-learn; `SVC_TIMEOUT_S` (default 900) stops scikit-learn's exact SVC after
 * that many seconds and reports it as "> N s" (it takes the longest by far; `0` skips it); `BRUTE=1` adds our
 * brute-force k-NN row (same neighbours as the default bounded search, ~5x the work).
 */
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { enableWasmTraining } from '@digitkit/wasm-training';
import { enableWasmThreads } from '@digitkit/wasm-training/node';
import { loadMnist } from '@digitkit/mnist-data/node';
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { fitKNearestNeighbors, fitLinearSupportVectorMachine, fitLogisticRegression, fitPca, fitSupportVectorMachine } from '../src/index.js';
import { fitLinearSupportVectorMachineInParallel, fitLogisticRegressionInParallel, fitSupportVectorMachineInParallel } from '../src/node.js';

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
  ours?: Measured | string;
  /** scikit-learn's row run for this one ('' when another row's run is the peer). */
  sklearnName: string;
  sklearn?: Measured | string;
  /** The scikit-learn row the ratios compare with (default: `sklearnName`). */
  peer?: string;
}

const ROW_KEYS = ['knn', 'pca-knn', 'rbf-svm', 'logistic-regression', 'linear-svm'] as const;
type ParallelKey = 'rbf-svm' | 'logistic-regression' | 'linear-svm';

/** `--name=<value>` of the command line. */
function argument(name: string): string | undefined {
  return process.argv
    .slice(2)
    .find((arg) => arg.startsWith(`--${name}=`))
    ?.slice(name.length + 3);
}

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
  const result = spawnSync(PYTHON, [SCRIPT, name, ...(LIMIT === undefined ? [] : [String(LIMIT.train), String(LIMIT.test)])], { encoding: 'utf8', timeout: timeoutSeconds * 1000, maxBuffer: 1 << 20 });
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

/** `--limit=<train>,<test>`: the first rows only (a quick check of the script; the README's figures use all). */
const LIMIT = ((): { train: number; test: number } | undefined => {
  const value = argument('limit');
  if (value === undefined) return undefined;
  const [train, test] = value.split(',').map(Number);
  if (!Number.isSafeInteger(train) || !Number.isSafeInteger(test) || train < 1 || test < 1) throw new RangeError(`classic.bench: expected --limit=<train>,<test>, got ${value}`);
  return { train, test };
})();

function benchThreads(): number {
  const value = Number(argument('threads') ?? availableParallelism());
  if (!Number.isSafeInteger(value) || value < 1 || value > 64) throw new RangeError(`classic.bench: expected --threads=<1..64>, got ${argument('threads')}`);
  return value;
}

// The fits of the rows, single-thread and on worker threads (the same options, so the same models).
const RBF_OPTIONS = { C: 1, pca: { components: 50 }, approximation: { method: 'nystrom' as const, components: 2000 } };
const LOGISTIC_OPTIONS = { C: 1, maxIterations: 100 };
const LINEAR_SVM_OPTIONS = { C: 1 };

/**
 * `--child=<key>`: measures one worker-thread fit + predict with `--threads` threads (and as many wasm threads) and
 * prints it as one JSON line, then exits. Run by the parent below, so the parent's rows keep a 1-thread backend.
 */
async function runChild(key: ParallelKey, threads: number): Promise<void> {
  if (threads > 1) enableWasmThreads({ threads });
  await tf.setBackend('wasm');
  enableWasmTraining();
  const { train, test } = await loadMnist(LIMIT === undefined ? {} : { limit: LIMIT });
  const measured =
    key === 'rbf-svm'
      ? await measure(() => fitSupportVectorMachineInParallel(train, { ...RBF_OPTIONS, threads }), (model) => model.predict(test), test.labels)
      : key === 'logistic-regression'
        ? await measure(() => fitLogisticRegressionInParallel(train, { ...LOGISTIC_OPTIONS, threads }), (model) => model.predict(test), test.labels)
        : await measure(() => fitLinearSupportVectorMachineInParallel(train, { ...LINEAR_SVM_OPTIONS, threads }), (model) => model.predict(test), test.labels);
  console.log(JSON.stringify(measured));
}

/** The `--child` run of `key`, or why it failed. */
function runParallel(key: ParallelKey, threads: number): Measured | string {
  const script = fileURLToPath(import.meta.url);
  const result = spawnSync(process.execPath, [...process.execArgv, script, `--child=${key}`, `--threads=${threads}`, ...process.argv.slice(2).filter((arg) => arg.startsWith('--limit='))], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) return `failed: ${(result.stderr || String(result.error)).trim().split('\n').pop()}`;
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as Measured;
}

const child = argument('child');
if (child !== undefined) {
  if (!['rbf-svm', 'logistic-regression', 'linear-svm'].includes(child)) throw new RangeError(`classic.bench: unknown --child=${child}`);
  await runChild(child as ParallelKey, benchThreads());
  process.exit(0);
}

const only = selectedRows();
const threads = benchThreads();
await tf.setBackend('wasm');
enableWasmTraining();
const { train, test } = await loadMnist(LIMIT === undefined ? {} : { limit: LIMIT });
const withSklearn = sklearnAvailable();
const svcTimeout = Number(process.env.SVC_TIMEOUT_S ?? 900);
console.log(`MNIST ${train.count} / ${test.count}${LIMIT === undefined ? '' : ' (--limit)'}, backend ${tf.getBackend()} (${getThreadsCount()} thread, @digitkit/wasm-training kernels), scikit-learn ${withSklearn ? 'available' : 'not importable by /usr/bin/python3 (skipped)'}`);
console.log(`rows: ${[...only].join(', ')}; worker-thread rows: ${threads > 1 ? `${threads} threads (child processes, wasm ${threads} threads)` : 'none (--threads=1)'}; load average at start ${loadavg().map((v) => v.toFixed(2)).join(', ')}`);
const rows: Row[] = [];

/** The worker-thread row of `key` (a child process), next to the single-thread row `peer` compares with. */
function pushParallelRow(key: ParallelKey, peer: string, name: string): void {
  if (threads === 1) return;
  rows.push({ model: `  (ours, ${threads} threads: ${name}, wasm ${threads} threads)`, ours: runParallel(key, threads), sklearnName: '', peer });
  console.log(rows.at(-1));
}

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
  const ours = await measure(() => fitSupportVectorMachine(train, RBF_OPTIONS), (model) => model.predict(test), test.labels);
  rows.push({ model: 'RBF SVM: PCA-50 + Nyström 2000 + linear SVM', ours, sklearnName: 'svc', peer: 'pca-nystroem-linearsvc' });
  console.log(rows.at(-1));
  pushParallelRow('rbf-svm', 'pca-nystroem-linearsvc', 'fitSupportVectorMachineInParallel');
  rows.push({ model: '  (sklearn: the same approximation pipeline)', sklearnName: 'pca-nystroem-linearsvc' });
}
if (only.has('logistic-regression')) {
  const ours = await measure(() => fitLogisticRegression(train, LOGISTIC_OPTIONS), (model) => model.predict(test), test.labels);
  rows.push({ model: 'logistic regression C=1, 100 L-BFGS iterations', ours, sklearnName: 'logistic-regression' });
  console.log(rows.at(-1));
  pushParallelRow('logistic-regression', 'logistic-regression', 'fitLogisticRegressionInParallel');
}
if (only.has('linear-svm')) {
  const ours = await measure(() => fitLinearSupportVectorMachine(train, LINEAR_SVM_OPTIONS), (model) => model.predict(test), test.labels);
  rows.push({ model: 'linear SVM C=1 (squared hinge, one-vs-rest), raw pixels', ours, sklearnName: 'linear-svc' });
  console.log(rows.at(-1));
  pushParallelRow('linear-svm', 'linear-svc', 'fitLinearSupportVectorMachineInParallel');
}

if (withSklearn) {
  for (const row of rows) {
    if (row.sklearnName === '' || row.sklearnName.endsWith('(same as above)')) continue;
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
  const ours = row.ours === undefined ? ['', '', '', '', ''] : typeof row.ours === 'string' ? [row.ours, '', '', '', ''] : cells(row.ours);
  const theirs =
    row.sklearnName === ''
      ? ['', '', '', '', '']
      : row.sklearn === undefined
      ? ['skipped', '', '', '', '']
      : typeof row.sklearn === 'string'
        ? [row.sklearn, '', '', '', '']
        : cells(row.sklearn);
  console.log(`| ${row.model} | ${ours.join(' | ')} | ${row.sklearnName} | ${theirs.join(' | ')} |`);
}

// Ours against scikit-learn's like-for-like row (the RBF SVM against the same Nyström + LinearSVC pipeline).
const ratios: string[] = [];
let lastModel = '';
for (const row of rows) {
  if (!row.model.startsWith('  ')) lastModel = row.model.split(':')[0];
  const peer = rows.find((other) => other.sklearnName === (row.peer ?? row.sklearnName))?.sklearn;
  if (row.ours === undefined || typeof row.ours === 'string' || peer === undefined || typeof peer === 'string') continue;
  const wall = (row.ours.fit + row.ours.predict) / (peer.fit + peer.predict);
  const label = row.model.startsWith('  ') ? `${lastModel}, ${threads} threads` : `${lastModel}, 1 thread`;
  ratios.push(`${label}: fit wall ours/sklearn ${(row.ours.fit / peer.fit).toFixed(2)}; fit + predict wall ${wall.toFixed(2)}, CPU ${(row.ours.cpu / peer.cpu).toFixed(2)}`);
}
if (ratios.length > 0) console.log(`\n${ratios.join('\n')}`);
