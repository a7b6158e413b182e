/**
 * A seeded fuzz of every metric: random label and score arrays of random shapes and types, a share of their
 * entries hostile (NaN, ±Infinity, negatives, fractions, strings, null, bigints, out-of-range labels), random
 * options. Each call either throws a TypeError/RangeError whose message starts with the function's name, or returns
 * a result that agrees with a brute-force reference (accuracy, confusion matrix) or lies in its documented range.
 */
import { describe, expect, it } from 'vitest';
import * as m from './index.js';
import { seeded } from './test-support/seeded-random.js';

const random = seeded(12);
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
const HOSTILE: unknown[] = [Number.NaN, Infinity, -Infinity, -1, 0.5, '1', null, undefined, 1n, true];

function labelArray(count: number, numClasses: number, hostileRate: number): unknown {
  const values = Array.from({ length: count }, () => (random() < hostileRate ? pick(HOSTILE) : Math.floor(random() * numClasses)));
  const kind = pick(['array', 'uint8', 'int32', 'float64'] as const);
  if (kind === 'array' || values.some((v) => typeof v !== 'number')) return values;
  const numbers = values as number[];
  return kind === 'uint8' ? Uint8Array.from(numbers) : kind === 'int32' ? Int32Array.from(numbers) : Float64Array.from(numbers);
}

function scoreInput(count: number, numClasses: number, hostileRate: number): unknown {
  const rows = Array.from({ length: count }, () => {
    const row = Array.from({ length: numClasses }, () => random());
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (random() < hostileRate ? pick(HOSTILE) : v / sum));
  });
  const kind = pick(['rows', 'flat-array', 'float32', 'float64'] as const);
  if (kind === 'rows') return rows;
  const flat = rows.flat();
  if (kind === 'flat-array' || flat.some((v) => typeof v !== 'number')) return flat;
  return kind === 'float32' ? Float32Array.from(flat as number[]) : Float64Array.from(flat as number[]);
}

function expectArgumentError(error: unknown, fn: string): void {
  expect(error instanceof TypeError || error instanceof RangeError, `${fn}: ${String(error)}`).toBe(true);
  expect((error as Error).message.startsWith(`${fn}: `), (error as Error).message).toBe(true);
}

const inUnit = (v: number) => v >= 0 && v <= 1;

describe('seeded fuzz', () => {
  it('label metrics: argument errors or brute-force-equal results, 800 random calls', () => {
    let answered = 0;
    for (let trial = 0; trial < 800; trial++) {
      const numClasses = pick([1, 2, 3, 10]);
      const count = pick([0, 1, 5, 40]);
      const hostile = random() < 0.4 ? 0.05 : 0;
      const yTrue = labelArray(count, numClasses, hostile);
      const yPred = labelArray(random() < 0.05 ? count + 1 : count, numClasses, hostile);
      const options = random() < 0.5 ? { numClasses: pick<unknown>([numClasses, numClasses + 2, 0, 2.5, NaN, '3']) } : undefined;
      const fn = pick(['confusionMatrix', 'accuracy', 'balancedAccuracy', 'cohenKappa', 'matthewsCorrcoef', 'precisionRecallF1'] as const);
      let result: unknown;
      try {
        result = fn === 'accuracy' ? m.accuracy(yTrue as number[], yPred as number[]) : m[fn](yTrue as number[], yPred as number[], options as never);
      } catch (error) {
        expectArgumentError(error, fn);
        continue;
      }
      answered++;
      const t = Array.from(yTrue as ArrayLike<number>);
      const p = Array.from(yPred as ArrayLike<number>);
      if (fn === 'accuracy') expect(result).toBe(t.filter((y, i) => y === p[i]).length / t.length);
      else if (fn === 'confusionMatrix') {
        const matrix = result as number[][];
        for (let i = 0; i < t.length; i++) matrix[t[i]][p[i]]--;
        expect(matrix.flat().every((v) => v === 0)).toBe(true);
      } else if (fn === 'precisionRecallF1') {
        const scores = result as { precision: number; recall: number; f1: number };
        expect([scores.precision, scores.recall, scores.f1].every(inUnit)).toBe(true);
      } else if (fn === 'balancedAccuracy') expect(inUnit(result as number)).toBe(true);
      else expect(Number.isNaN(result) || ((result as number) >= -1 && (result as number) <= 1)).toBe(true);
    }
    expect(answered).toBeGreaterThan(100);
  });

  it('score metrics: argument errors or results in their documented ranges, 800 random calls', () => {
    let answered = 0;
    for (let trial = 0; trial < 800; trial++) {
      const numClasses = pick([1, 2, 3, 10]);
      const count = pick([1, 2, 9, 30]);
      const hostile = random() < 0.4 ? 0.03 : 0;
      const yTrue = labelArray(count, numClasses, hostile);
      const yScore = scoreInput(random() < 0.05 ? count + 1 : count, numClasses, hostile);
      const options = random() < 0.3 ? { numClasses: pick<unknown>([numClasses, numClasses + 1, 0, 2 ** 40]) } : {};
      const fn = pick(['logLoss', 'rocAucOvr', 'perClassRocAuc', 'topKAccuracy', 'expectedCalibrationError', 'evaluateClassifier'] as const);
      let result: unknown;
      try {
        result =
          fn === 'topKAccuracy'
            ? m.topKAccuracy(yTrue as number[], yScore as number[], pick([1, 2, 0, 1.5]), options as never)
            : m[fn](yTrue as number[], yScore as number[], options as never);
      } catch (error) {
        expectArgumentError(error, fn);
        continue;
      }
      answered++;
      if (fn === 'logLoss') expect(Number.isFinite(result) && (result as number) >= 0).toBe(true);
      else if (fn === 'rocAucOvr' || fn === 'topKAccuracy') expect(inUnit(result as number)).toBe(true);
      else if (fn === 'perClassRocAuc') expect((result as Array<number | null>).every((v) => v === null || inUnit(v))).toBe(true);
      else if (fn === 'expectedCalibrationError') expect(inUnit((result as { ece: number }).ece)).toBe(true);
      else {
        const evaluation = result as m.ClassifierEvaluation;
        expect(inUnit(evaluation.accuracy) && Number.isFinite(evaluation.logLoss)).toBe(true);
        expect(evaluation.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(count);
      }
    }
    expect(answered).toBeGreaterThan(100);
  });
});
