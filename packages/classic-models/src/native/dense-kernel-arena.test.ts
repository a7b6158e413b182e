import { createRng, deriveSeed } from '@digitkit/core';
import { describeBackends, expectNoTensorLeak } from '@digitkit/test-utils';
import { describe, expect, it } from 'vitest';
import { fitSupportVectorMachine, fitSupportVectorMachineWith } from '../support-vector-machine.js';
import { mnistSubset } from '../test-support/mnist.js';
import { allocateDenseRows } from './dense-kernel-arena.js';
import { rowSquaredNorms, solveBinarySvmDual, type SolverRows } from '../linear/dual-coordinate-descent.js';
import { fitLinearMachine } from '../linear/multiclass-linear-machine.js';

// The truth is the solver's TypeScript loops on the same float32 rows without an arena: the SIMD kernels must give
// the very same bits (same float64 operations in the same order), for every feature count (tails of 0–3 features).
const bits = (a: ArrayLike<number>) => Array.from(a);

/** `count × numFeatures` float32 values in [−1, 1), with about a tenth zeros, on an arena and on a plain buffer. */
function rowsBothWays(count: number, numFeatures: number, seed: number, options = { slots: 2, shared: false }) {
  const random = createRng(seed);
  const allocation = allocateDenseRows(count, numFeatures, options);
  for (let i = 0; i < allocation.values.length; i++) allocation.values[i] = random() < 0.1 ? 0 : random() * 2 - 1;
  const arena: SolverRows = { kind: 'dense', values: allocation.values, count, numFeatures, arena: allocation.arena };
  const plain: SolverRows = { kind: 'dense', values: Float32Array.from(allocation.values), count, numFeatures };
  return { allocation, arena, plain };
}

function solveBoth(count: number, numFeatures: number, loss: 'squared-hinge' | 'hinge', slot = 0) {
  const { arena, plain } = rowsBothWays(count, numFeatures, deriveSeed(numFeatures, count));
  const random = createRng(7);
  const members = Int32Array.from({ length: count }, (_, i) => i).filter(() => random() < 0.8);
  const signs = Int8Array.from(members, (i) => (i % 3 === 0 ? 1 : -1));
  const settings = { C: 0.5, loss, biasScale: 1, tolerance: 1e-4, maxIterations: 60 };
  const norms = rowSquaredNorms(plain);
  return {
    simd: solveBinarySvmDual(arena, norms, members, signs, { ...settings, slot, random: createRng(3) }),
    scalar: solveBinarySvmDual(plain, norms, members, signs, { ...settings, random: createRng(3) }),
  };
}

describe('allocateDenseRows', () => {
  it('puts the rows and one 16-byte-aligned scratch slot per thread, disjoint, on one WebAssembly memory', () => {
    for (const shared of [false, true]) {
      const { values, arena } = allocateDenseRows(300, 37, { slots: 3, shared });
      expect(arena, `shared ${shared}: Node 20 runs WebAssembly SIMD`).toBeDefined();
      expect(values.buffer).toBe(arena!.memory.buffer);
      expect(values.buffer instanceof SharedArrayBuffer).toBe(shared);
      expect(values.byteOffset).toBe(arena!.rowsOffset);
      expect(values.length).toBe(300 * 37);
      expect(arena!.slotOffsets).toHaveLength(3);
      arena!.slotOffsets.forEach((offset, s) => {
        expect(offset % 16).toBe(0);
        expect(offset + 37 * 8).toBeLessThanOrEqual(s + 1 < 3 ? arena!.slotOffsets[s + 1] : arena!.rowsOffset);
      });
      expect(arena!.memory.buffer.byteLength).toBeGreaterThanOrEqual(arena!.rowsOffset + values.byteLength);
    }
  });
});

describe('solveBinarySvmDual on an arena (SIMD kernels)', () => {
  it('gives bit for bit the TypeScript loops for 1–4 tail features and both losses, in any slot', () => {
    for (const numFeatures of [1, 6, 37, 64, 203]) {
      for (const loss of ['squared-hinge', 'hinge'] as const) {
        const { simd, scalar } = solveBoth(180, numFeatures, loss, numFeatures % 2);
        expect(simd.simd, `F ${numFeatures}`).toBe(true);
        expect(scalar.simd).toBe(false);
        expect(bits(simd.w), `F ${numFeatures}, ${loss}`).toEqual(bits(scalar.w));
        expect(simd.bias).toBe(scalar.bias);
        expect(simd.iterations).toBe(scalar.iterations);
        expect(simd.w.some((v) => v !== 0)).toBe(true);
      }
    }
  });

  it('returns w on its own buffer (the slot is reused) and runs the TypeScript loops for a slot the arena lacks', () => {
    const { arena, plain } = rowsBothWays(120, 40, 11, { slots: 1, shared: false });
    const members = Int32Array.from({ length: 120 }, (_, i) => i);
    const signs = Int8Array.from(members, (i) => (i % 2 === 0 ? 1 : -1));
    const settings = { C: 1, loss: 'squared-hinge' as const, biasScale: 1, tolerance: 1e-4, maxIterations: 40 };
    const norms = rowSquaredNorms(plain);
    const first = solveBinarySvmDual(arena, norms, members, signs, { ...settings, random: createRng(1) });
    const copy = Float64Array.from(first.w);
    const second = solveBinarySvmDual(arena, norms, members, Int8Array.from(signs, (y) => -y), { ...settings, random: createRng(2) });
    expect(first.w.buffer).not.toBe(second.w.buffer);
    expect(bits(first.w)).toEqual(bits(copy));
    const outside = solveBinarySvmDual(arena, norms, members, signs, { ...settings, slot: 1, random: createRng(1) });
    expect(outside.simd).toBe(false);
    expect(bits(outside.w)).toEqual(bits(first.w));
  });

  it('fitLinearMachine: one-vs-one on an arena equals it on plain rows', () => {
    const { arena, plain } = rowsBothWays(240, 29, 5);
    const labels = Int32Array.from({ length: 240 }, (_, i) => (i * 7) % 4);
    const settings = { C: 1, loss: 'squared-hinge' as const, strategy: 'one-vs-one' as const, biasScale: 1, tolerance: 1e-4, maxIterations: 50, seed: 4 };
    const a = fitLinearMachine(arena, labels, 4, settings);
    const b = fitLinearMachine(plain, labels, 4, settings);
    expect(bits(a.weights)).toEqual(bits(b.weights));
    expect(bits(a.bias)).toEqual(bits(b.bias));
  });
});

describeBackends('fitSupportVectorMachine with its features on an arena', () => {
  it('is bit for bit the fit on plain float32 features (real MNIST rows, Nyström), and leaks no tensor', async () => {
    const { train, test } = await mnistSubset(500, 100);
    const options = { approximation: { components: 150 }, maxIterations: 200 };
    const rowsSeen: SolverRows[] = [];
    const fitWith = (allocateFeatures: (count: number, numFeatures: number) => ReturnType<typeof allocateDenseRows>) =>
      fitSupportVectorMachineWith('fitSupportVectorMachine', train, options, {
        allocate: (byteLength) => new ArrayBuffer(byteLength),
        allocateFeatures,
        fitMachine: (rows, labels, numClasses, settings) => {
          rowsSeen.push(rows);
          return fitLinearMachine(rows, labels, numClasses, settings);
        },
      });
    const simd = await expectNoTensorLeak(() => fitWith((count, numFeatures) => allocateDenseRows(count, numFeatures, { slots: 1, shared: false })));
    const scalar = await fitWith((count, numFeatures) => ({ values: new Float32Array(count * numFeatures), arena: undefined }));
    expect(rowsSeen.map((rows) => rows.kind === 'dense' && rows.arena !== undefined)).toEqual([true, false]);
    expect(simd.temperature).toBe(scalar.temperature);
    const decisions = bits(await scalar.decisionFunction(test));
    expect(bits(await simd.decisionFunction(test))).toEqual(decisions);
    // The public fit (its features on an arena) is the same model.
    expect(bits(await (await fitSupportVectorMachine(train, options)).decisionFunction(test))).toEqual(decisions);
  });
});
