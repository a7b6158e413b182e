/**
 * `bench/fma.bench.ts` in headless Chromium (Debian's `chromium`, playwright-core), where relaxed SIMD is on by
 * default: the relaxed-SIMD and SIMD128 builds (plain memory) instantiated on one page memory, the BN CNN's conv1 and
 * conv2 kernels (batch 64) and the dense GEMM called directly, builds alternating round by round; median wall-clock ms
 * per call (a page has no CPU-time clock, so on a loaded machine the figures move with the load).
 *
 * Usage: `tsx bench/fma-chromium.bench.ts [rounds]`.
 */
import { loadavg } from 'node:os';
import { backend_util } from '@tensorflow/tfjs-core';
import { chromium } from 'playwright-core';
import { nativeModuleBytes } from '../src/native/native-module.js';

interface PageCase {
  label: string;
  entry: string;
  /** Arguments; strings name buffers: x, w, dy, out, a, b, c, gemm (GEMM scratch), cols (im2col scratch). */
  args: Array<number | string>;
  patch: number;
}

const rounds = Number(process.argv[2] ?? 9);

function convCases(name: string, x: [number, number, number, number], filter: [number, number, number, number]): PageCase[] {
  const info = backend_util.computeConv2DInfo(x, filter, [1, 1], [1, 1], 'valid');
  const g = [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    info.padInfo.top, info.padInfo.left,
  ];
  const patch = filter[0] * filter[1] * filter[2];
  return [
    { label: `${name} forward (Conv2D)`, entry: 'dk_conv2d', args: ['x', 'w', 0, 'out', ...g, 0, 'gemm', 'cols'], patch },
    { label: `${name} filter gradient`, entry: 'dk_conv2d_backprop_filter', args: ['x', 'dy', 'out', ...g, 'gemm', 'cols'], patch },
    { label: `${name} input gradient`, entry: 'dk_conv2d_backprop_input', args: ['dy', 'w', 'out', ...g, 'gemm', 'cols'], patch },
  ];
}

const cases: PageCase[] = [
  ...convCases('conv1 64×28×28×1 → 26×26×32', [64, 28, 28, 1], [3, 3, 1, 32]),
  ...convCases('conv2 64×13×13×32 → 11×11×64', [64, 13, 13, 32], [3, 3, 32, 64]),
  { label: 'dense GEMM 64×1600 · 1600×128', entry: 'dk_gemm', args: [64, 128, 1600, 'a', 1600, 1, 'b', 128, 1, 'c', 128, 0, 'gemm'], patch: 1 },
];

/** Runs in the page: both builds on one memory, every case, medians in ms. */
function pageBench({ modules, cases: list, rounds: count }: { modules: Record<string, string>; cases: PageCase[]; rounds: number }) {
  const memory = new WebAssembly.Memory({ initial: 2048 });
  let top = 1024;
  const alloc = (floats: number) => {
    const pointer = top;
    top = (top + floats * 4 + 63) & ~63;
    if (top > memory.buffer.byteLength) memory.grow(Math.ceil((top - memory.buffer.byteLength) / 65536));
    return pointer;
  };
  const filled = (floats: number) => {
    const pointer = alloc(floats);
    const view = new Float32Array(memory.buffer, pointer, floats);
    for (let i = 0; i < floats; i++) view[i] = Math.random() - 0.5;
    return pointer;
  };
  const shared: Record<string, number> = {
    x: filled(64 * 28 * 28 * 32), w: filled(9 * 32 * 64), dy: filled(64 * 26 * 26 * 64), out: alloc(64 * 28 * 28 * 64),
    a: filled(64 * 1600), b: filled(1600 * 128), c: alloc(64 * 128),
  };
  const builds = Object.entries(modules).map(([name, text]) => {
    const bytes = Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as Record<string, (...args: number[]) => number> & { __stack_pointer: WebAssembly.Global };
    const stack = alloc(16384);
    const gemm = alloc(exports.dk_gemm_scratch_floats!());
    const cols = alloc(exports.dk_conv_cols_floats!(288));
    return { name, exports, top: (stack + 65536) & ~15, pointers: { ...shared, gemm, cols } as Record<string, number> };
  });
  const median = (values: number[]) => [...values].sort((p, q) => p - q)[Math.floor(values.length / 2)]!;
  return list.map((c) => {
    const calls = builds.map((b) => {
      const args = c.args.map((a) => (typeof a === 'number' ? a : b.pointers[a]!));
      return () => {
        b.exports.__stack_pointer.value = b.top;
        b.exports[c.entry]!(...args);
      };
    });
    for (const call of calls) call();
    const t0 = performance.now();
    calls[0]!();
    const reps = Math.max(1, Math.ceil(20 / Math.max(0.01, performance.now() - t0)));
    const times = builds.map(() => [] as number[]);
    for (let r = 0; r < count; r++) {
      const order = r % 2 === 0 ? [0, 1] : [1, 0];
      for (const i of order) {
        const start = performance.now();
        for (let k = 0; k < reps; k++) calls[i]!();
        times[i]!.push((performance.now() - start) / reps);
      }
    }
    return { label: c.label, ms: Object.fromEntries(builds.map((b, i) => [b.name, median(times[i]!)])) };
  });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
try {
  const page = await browser.newPage();
  // tsx compiles with esbuild's keepNames, whose `__name` helper the serialized function calls in the page.
  await page.evaluate('globalThis.__name = (f) => f');
  const modules = {
    simd128: Buffer.from(nativeModuleBytes(false, 'simd128')).toString('base64'),
    relaxed: Buffer.from(nativeModuleBytes(false, 'relaxed-simd')).toString('base64'),
  };
  console.log(`fma bench in Chromium ${browser.version()}, ${rounds} rounds; load average at start ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
  const results = await page.evaluate(pageBench, { modules, cases, rounds });
  console.log('| kernel | SIMD128 wall ms | relaxed SIMD wall ms | speed-up |');
  console.log('|---|---:|---:|---:|');
  let simd = 0;
  let relaxed = 0;
  for (const r of results) {
    simd += r.ms.simd128!;
    relaxed += r.ms.relaxed!;
    console.log(`| ${r.label} | ${r.ms.simd128!.toFixed(2)} | ${r.ms.relaxed!.toFixed(2)} | ${(r.ms.simd128! / r.ms.relaxed!).toFixed(2)}× |`);
  }
  console.log(`| all of the above | ${simd.toFixed(2)} | ${relaxed.toFixed(2)} | ${(simd / relaxed).toFixed(2)}× |`);
  console.log(`load average at end ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
} finally {
  await browser.close();
}
