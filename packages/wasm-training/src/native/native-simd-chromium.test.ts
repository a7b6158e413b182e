/**
 * The kernels in real headless Chromium (Debian's `chromium`, driven by playwright-core): which builds it accepts,
 * and the relaxed-SIMD and SIMD128 builds' GEMM, convolution forward and both convolution gradients over the kernel
 * test grids, against the tfjs cpu backend (computed here in Node). The page imports no tfjs: it instantiates each
 * build on its own memory (plain, and shared on a cross-origin-isolated page) and calls the C entry points with the
 * arguments the kernel wrappers pass (tfjs's geometry functions). Fails under CI without Chromium, skips elsewhere.
 */
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { backend_util } from '@tensorflow/tfjs-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convBackpropGrid, convs, matmuls, type Pad } from '../../test-support/kernel-cases.js';
import { relativeError, runKernelOn, seededValues } from '../../test-support/kernel-check.js';
import { nativeModuleBytes, RELAXED_MADD_PROBE, type NativeSimd } from './native-module.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) {
  throw new Error(`native-simd-chromium: expected Chromium at ${CHROMIUM} (CI installs Debian's chromium package), found none`);
}

/** A pointer argument: buffer `index` of the call, or a scratch block the page sizes itself. */
type Arg = number | { buffer: number } | { scratch: 'gemm' } | { scratch: 'cols'; patch: number };

/** One native call: its input/output buffers (base64 float32 or a size of zeros), its arguments, its output. */
interface Call {
  label: string;
  entry: string;
  buffers: Array<{ base64: string } | { floats: number }>;
  args: Arg[];
  output: number;
  truth: Float32Array;
}

const b64 = (values: Float32Array) => Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Instantiates `bytes` on a fresh memory, runs every call, returns each output as base64 (runs in the page). */
function pageRun({ module, shared, calls }: { module: string; shared: boolean; calls: Array<Omit<Call, 'truth'>> }): string[] {
  const decode = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const memory = new WebAssembly.Memory(shared ? { initial: 1024, maximum: 65536, shared: true } : { initial: 1024 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(decode(module)), { env: { memory } });
  const x = instance.exports as Record<string, (...args: number[]) => number> & { __stack_pointer: WebAssembly.Global };
  const outputs: string[] = [];
  for (const call of calls) {
    let top = 1024; // 0 stays the null pointer (no bias)
    const alloc = (floats: number) => {
      const pointer = top;
      top = (top + floats * 4 + 64 + 15) & ~15;
      return pointer;
    };
    const stack = alloc(16384);
    x.__stack_pointer.value = top & ~15;
    const pointers = call.buffers.map((b) => alloc('floats' in b ? b.floats : atob(b.base64).length / 4));
    const args = call.args.map((a) => {
      if (typeof a === 'number') return a;
      if ('buffer' in a) return pointers[a.buffer]!;
      return alloc(a.scratch === 'gemm' ? x.dk_gemm_scratch_floats!() : x.dk_conv_cols_floats!(a.patch));
    });
    if (top > memory.buffer.byteLength) memory.grow(Math.ceil((top - memory.buffer.byteLength) / 65536));
    const heap = new Uint8Array(memory.buffer);
    heap.fill(0, 0, top);
    call.buffers.forEach((b, i) => {
      if ('base64' in b) heap.set(decode(b.base64), pointers[i]);
    });
    void stack;
    x[call.entry]!(...args);
    const out = call.buffers[call.output]!;
    const bytes = new Uint8Array(memory.buffer, pointers[call.output], 'floats' in out ? out.floats * 4 : atob(out.base64).length).slice();
    let text = '';
    for (let i = 0; i < bytes.length; i += 32768) text += String.fromCharCode(...bytes.subarray(i, i + 32768));
    outputs.push(btoa(text));
  }
  return outputs;
}

function convArgs(info: backend_util.Conv2DInfo): number[] {
  return [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    info.padInfo.top, info.padInfo.left,
  ];
}

const padOf = (pad: Pad) => (pad === 'valid' || pad === 'same' || typeof pad === 'number' ? pad : (pad as backend_util.ExplicitPadding));

/** The calls, with their truths from the tfjs cpu backend. */
async function buildCalls(): Promise<Call[]> {
  const calls: Call[] = [];
  for (const [index, c] of convBackpropGrid().filter((k) => k.dataFormat === 'NHWC' && k.batch > 0).entries()) {
    const [h, w] = c.size;
    const info = backend_util.computeConv2DInfo([c.batch, h, w, c.inChannels], [...c.filter, c.inChannels, c.outChannels], c.strides, c.dilations, padOf(c.pad));
    const x = seededValues(size(info.inShape), 11 + index);
    const dy = seededValues(size(info.outShape), 97 + index);
    const filter = seededValues(size(info.filterShape), 5 + index);
    const K = info.filterHeight * info.filterWidth * info.inChannels;
    const common = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC' } as const;
    const label = `${c.batch}x${h}x${w}x${c.inChannels}->${c.outChannels} f${c.filter.join('x')} s${c.strides.join(',')} pad ${JSON.stringify(c.pad)}`;
    const dw = await runKernelOn('cpu', 'Conv2DBackpropFilter', { x: { shape: info.inShape, values: x }, dy: { shape: info.outShape, values: dy } }, { ...common, filterShape: info.filterShape } as never);
    calls.push({
      label: `Conv2DBackpropFilter ${label}`, entry: 'dk_conv2d_backprop_filter',
      buffers: [{ base64: b64(x) }, { base64: b64(dy) }, { floats: filter.length }], output: 2,
      args: [{ buffer: 0 }, { buffer: 1 }, { buffer: 2 }, ...convArgs(info), { scratch: 'gemm' }, { scratch: 'cols', patch: K }],
      truth: dw.values,
    });
    const dx = await runKernelOn('cpu', 'Conv2DBackpropInput', { dy: { shape: info.outShape, values: dy }, filter: { shape: info.filterShape, values: filter } }, { ...common, inputShape: info.inShape } as never);
    calls.push({
      label: `Conv2DBackpropInput ${label}`, entry: 'dk_conv2d_backprop_input',
      buffers: [{ base64: b64(dy) }, { base64: b64(filter) }, { floats: x.length }], output: 2,
      args: [{ buffer: 0 }, { buffer: 1 }, { buffer: 2 }, ...convArgs(info), { scratch: 'gemm' }, { scratch: 'cols', patch: K }],
      truth: dx.values,
    });
  }
  for (const [index, c] of convs.entries()) {
    const info = backend_util.computeConv2DInfo(c.x, c.filter, c.strides, c.dilations, padOf(c.pad));
    const x = seededValues(size(c.x), 200 + index);
    const filter = seededValues(size(c.filter), 300 + index);
    const y = await runKernelOn('cpu', 'Conv2D', { x: { shape: c.x, values: x }, filter: { shape: c.filter, values: filter } }, { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dilations: c.dilations } as never);
    calls.push({
      label: `Conv2D ${JSON.stringify(c)}`, entry: 'dk_conv2d',
      buffers: [{ base64: b64(x) }, { base64: b64(filter) }, { floats: y.values.length }], output: 2,
      args: [{ buffer: 0 }, { buffer: 1 }, 0, { buffer: 2 }, ...convArgs(info), 0, { scratch: 'gemm' }, { scratch: 'cols', patch: c.filter[0] * c.filter[1] * c.filter[2] }],
      truth: y.values,
    });
  }
  for (const [index, m] of matmuls.filter((mm) => mm.a.length === 2).entries()) {
    const [M, K] = m.a as [number, number];
    const N = m.b[1]!;
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        const a = seededValues(M * K, 400 + index);
        const b = seededValues(K * N, 500 + index);
        const aShape = transposeA ? [K, M] : [M, K];
        const bShape = transposeB ? [N, K] : [K, N];
        const c = await runKernelOn('cpu', 'BatchMatMul', { a: { shape: aShape, values: a }, b: { shape: bShape, values: b } }, { transposeA, transposeB });
        calls.push({
          label: `GEMM ${M}x${K} * ${K}x${N} transposeA ${transposeA} transposeB ${transposeB}`, entry: 'dk_gemm',
          buffers: [{ base64: b64(a) }, { base64: b64(b) }, { floats: M * N }], output: 2,
          args: [M, N, K, { buffer: 0 }, transposeA ? 1 : K, transposeA ? M : 1, { buffer: 1 }, transposeB ? 1 : N, transposeB ? K : 1, { buffer: 2 }, N, 0, { scratch: 'gemm' }],
          truth: c.values,
        });
      }
    }
  }
  return calls;
}

const toFloats = (base64: string) => {
  const bytes = Buffer.from(base64, 'base64');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
};

describe.skipIf(!available)('the native kernels in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let calls: Call[];

  beforeAll(async () => {
    await tf.setBackend('cpu');
    calls = await buildCalls();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    page = await browser.newPage();
    // A cross-origin-isolated page (COOP/COEP on a potentially trustworthy origin), so shared memory is allowed.
    await page.route('http://localhost/**', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><title>digitkit kernels</title>',
        headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
      }),
    );
    await page.goto('http://localhost/');
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('accepts relaxed SIMD (the probe and both relaxed builds) and SIMD128, on a cross-origin-isolated page', async () => {
    const version = browser.version();
    const report = await page.evaluate(
      ({ probe, builds }) => ({
        isolated: globalThis.crossOriginIsolated,
        probe: WebAssembly.validate(Uint8Array.from(probe)),
        builds: Object.fromEntries(
          Object.entries(builds).map(([name, text]) => [name, WebAssembly.validate(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)))]),
        ),
      }),
      {
        probe: [...RELAXED_MADD_PROBE],
        builds: Object.fromEntries(
          (['relaxed-simd', 'simd128'] as const).flatMap((simd) =>
            [false, true].map((shared) => [`${simd}${shared ? ' shared' : ''}`, Buffer.from(nativeModuleBytes(shared, simd)).toString('base64')]),
          ),
        ),
      },
    );
    console.log(`Chromium ${version}: ${JSON.stringify(report)}`);
    expect(report).toEqual({
      isolated: true,
      probe: true,
      builds: { 'relaxed-simd': true, 'relaxed-simd shared': true, simd128: true, 'simd128 shared': true },
    });
  });

  const results = new Map<string, Float32Array[]>();
  for (const simd of ['relaxed-simd', 'simd128'] as NativeSimd[]) {
    for (const shared of [false, true]) {
      const name = `${simd}${shared ? ' shared-memory' : ''}`;
      it(`the ${name} build's GEMM, Conv2D and both Conv2D gradients match the cpu backend over the grids (rel. error ≤ 1e-4)`, async () => {
        const module = Buffer.from(nativeModuleBytes(shared, simd)).toString('base64');
        const outputs = await page.evaluate(pageRun, { module, shared, calls: calls.map(({ truth: _, ...call }) => call) });
        const values = outputs.map(toFloats);
        results.set(name, values);
        const failures = calls
          .map((call, i) => ({ label: call.label, error: relativeError(values[i]!, call.truth) }))
          .filter((r) => !(r.error <= 1e-4));
        expect(failures).toEqual([]);
      });
    }
  }

  it('reports how far the relaxed build differs from SIMD128 (fused multiply-adds change the last bits)', () => {
    const relaxed = results.get('relaxed-simd');
    const simd128 = results.get('simd128');
    expect(relaxed).toHaveLength(calls.length);
    expect(simd128).toHaveLength(calls.length);
    let differing = 0;
    let total = 0;
    let worst = 0;
    for (let i = 0; i < calls.length; i++) {
      for (let j = 0; j < relaxed![i]!.length; j++) {
        total++;
        if (relaxed![i]![j] !== simd128![i]![j]) differing++;
      }
      worst = Math.max(worst, relativeError(relaxed![i]!, simd128![i]!));
    }
    console.log(`relaxed SIMD vs SIMD128 in Chromium: ${differing}/${total} outputs differ, largest relative difference ${worst.toExponential(2)} (${calls.length} calls)`);
    expect(worst).toBeLessThanOrEqual(1e-4);
  });
});
