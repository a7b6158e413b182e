/**
 * One configuration of `bench:train`, run in its own process (kernel registrations and wasm builds are
 * process-wide): prints `RESULT <json>` with training and inference images/s of both papers' CNNs.
 *
 * Usage: `tsx bench/train-runner.ts <config> <windows> <trainStepsPerWindow> <inferBatchesPerWindow>`
 * where config is cpu | wasm-missing | wasm-missing-threads-2 | wasm | wasm-stock-adam | wasm-threads-<n>[-xnnpack-<m>]
 * (the threaded build: this package's kernel pool on n threads, XNNPACK's on m, default enableWasmThreads') | wasm-data-parallel-<n>.
 */
import * as tf from '@tensorflow/tfjs-core';
import { enableWasmTraining } from '../src/index.js';
import { createDataParallelTrainer, enableWasmThreads } from '../src/node.js';
import { createBenchModel } from './models.js';
import type { BenchModelName } from './models.js';
import { mainThreadCpuMs } from './main-thread-cpu.js';
import { readMnistTrain } from './mnist-batches.js';
import { UnsupportedEnvironmentError } from '@digitkit/core';
import { setAdamUpdateOverride } from '../src/optimizers/adam-update.js';

export const TRAIN_BATCH = 64;
export const INFER_BATCH = 256;
const MODELS: BenchModelName[] = ['paper-cnn', 'bn-cnn'];

/** Timed windows of one measurement: images/s of each, and process CPU time (all threads) per image. */
interface Measured {
  rates: number[];
  cpuMsPerImage: number;
  /** CPU time of the main thread alone per image (bench/main-thread-cpu.ts). */
  mainCpuMsPerImage: number;
}

/** Images per second of each timed window (after `warmup` untimed calls), and CPU milliseconds per image. */
async function windowsOf(
  run: () => Promise<void>,
  imagesPerCall: number,
  warmup: number,
  windows: number,
  callsPerWindow: number,
): Promise<Measured> {
  for (let i = 0; i < warmup; i++) await run();
  const rates: number[] = [];
  // process.cpuUsage() is process-wide: it includes worker threads (data-parallel workers, wasm pthreads).
  const cpuStart = process.cpuUsage();
  const mainStart = mainThreadCpuMs();
  for (let w = 0; w < windows; w++) {
    const start = performance.now();
    for (let i = 0; i < callsPerWindow; i++) await run();
    rates.push((imagesPerCall * callsPerWindow) / ((performance.now() - start) / 1000));
  }
  const cpu = process.cpuUsage(cpuStart);
  const main = mainThreadCpuMs() - mainStart;
  const images = imagesPerCall * callsPerWindow * windows;
  return {
    rates,
    cpuMsPerImage: images > 0 ? (cpu.user + cpu.system) / 1000 / images : Number.NaN,
    mainCpuMsPerImage: images > 0 ? main / images : Number.NaN,
  };
}

async function main(): Promise<void> {
  const [config = 'wasm', windowsArg = '5', trainStepsArg = '3', inferArg = '3'] = process.argv.slice(2);
  const windows = Number(windowsArg);
  const trainSteps = Number(trainStepsArg);
  const inferBatches = Number(inferArg);
  let backend = 'wasm';
  let info: unknown = null;
  if (config === 'cpu') {
    await import('@tensorflow/tfjs-backend-cpu');
    backend = 'cpu';
  } else {
    await import('@tensorflow/tfjs-backend-wasm');
    // `…-threads-<n>[-xnnpack-<m>]`: the threaded build, kernel pool of n threads, XNNPACK pool of m (default n).
    const threaded = /-threads-(\d+)(?:-xnnpack-(\d+))?$/.exec(config);
    if (threaded !== null) {
      const threads = Number(threaded[1]);
      info = enableWasmThreads(threaded[2] === undefined ? { threads } : { threads, xnnpackThreads: Number(threaded[2]) });
    }
    info = { threads: info, training: enableWasmTraining({ fast: !config.startsWith('wasm-missing') }) };
    // The fused Adam update off: tfjs-core's ten kernels per variable, everything else as `wasm`.
    if (config === 'wasm-stock-adam') setAdamUpdateOverride(false);
  }
  if (!(await tf.setBackend(backend))) {
    throw new UnsupportedEnvironmentError({ functionName: 'train-runner', expected: `the ${backend} backend to initialise`, found: 'tf.setBackend resolving to false' });
  }

  const batches = 8;
  const data = readMnistTrain(TRAIN_BATCH * batches);
  const trainX = Array.from({ length: batches }, (_, b) =>
    tf.tensor4d(data.images.subarray(b * TRAIN_BATCH * 784, (b + 1) * TRAIN_BATCH * 784), [TRAIN_BATCH, 28, 28, 1]),
  );
  const trainY = Array.from({ length: batches }, (_, b) =>
    tf.tensor2d(data.oneHot.subarray(b * TRAIN_BATCH * 10, (b + 1) * TRAIN_BATCH * 10), [TRAIN_BATCH, 10]),
  );
  const inferX = [0, 1].map((b) =>
    tf.tensor4d(data.images.subarray(b * INFER_BATCH * 784, (b + 1) * INFER_BATCH * 784), [INFER_BATCH, 28, 28, 1]),
  );

  const results: Record<string, { train: number[]; infer: number[]; trainCpuMsPerImage: number; trainMainCpuMsPerImage: number }> = {};
  for (const name of MODELS) {
    const model = createBenchModel(name);
    let step = 0;
    let train: Measured;
    if (config.startsWith('wasm-data-parallel-')) {
      const trainer = await createDataParallelTrainer(model, { workers: Number(config.slice('wasm-data-parallel-'.length)) });
      train = await windowsOf(
        async () => {
          const b = step++ % batches;
          await trainer.trainStep(trainX[b]!, trainY[b]!);
        },
        TRAIN_BATCH,
        5,
        windows,
        trainSteps,
      );
      await trainer.dispose();
    } else {
      train = await windowsOf(
        async () => {
          const b = step++ % batches;
          await model.trainOnBatch(trainX[b]!, trainY[b]!);
        },
        TRAIN_BATCH,
        config === 'cpu' ? 0 : 5, // as the PyTorch twin: 5 untimed steps (allocators, primitive caches, the pool)
        windows,
        trainSteps,
      );
    }
    let call = 0;
    const infer =
      config.startsWith('wasm-data-parallel-')
        ? { rates: [], cpuMsPerImage: Number.NaN, mainCpuMsPerImage: Number.NaN }
        : await windowsOf(
            async () => {
              const out = model.predict(inferX[call++ % 2]!) as tf.Tensor;
              await out.data();
              out.dispose();
            },
            INFER_BATCH,
            config === 'cpu' ? 0 : 2,
            windows,
            inferBatches,
          );
    results[name] = {
      train: train.rates,
      infer: infer.rates,
      trainCpuMsPerImage: train.cpuMsPerImage,
      trainMainCpuMsPerImage: train.mainCpuMsPerImage,
    };
    model.dispose();
  }
  process.stdout.write(`RESULT ${JSON.stringify({ config, info, results })}\n`);
  // The threaded build's pthread workers would keep the process alive.
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`train-runner failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
