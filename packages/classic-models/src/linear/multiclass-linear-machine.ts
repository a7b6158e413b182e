import { createRng, deriveSeed } from '@digitkit/core';
import { rowSquaredNorms, solveBinarySvmDual, type BinarySolution, type SolverRows } from './dual-coordinate-descent.js';

/** How a multi-class problem is split into binary ones. */
export type MulticlassStrategy = 'one-vs-rest' | 'one-vs-one';

/** Settings of {@link fitLinearMachine}. */
export interface LinearMachineSettings {
  C: number;
  loss: 'squared-hinge' | 'hinge';
  strategy: MulticlassStrategy;
  biasScale: number;
  tolerance: number;
  maxIterations: number;
  seed: number;
}

/** A multi-class linear SVM: `M` binary machines (`K` for one-vs-rest, `K(K−1)/2` for one-vs-one). */
export interface LinearMachine {
  strategy: MulticlassStrategy;
  numClasses: number;
  numFeatures: number;
  /** `[numFeatures, M]` row-major. */
  weights: Float64Array;
  /** `[M]`. */
  bias: Float64Array;
  /** Largest number of passes any binary problem needed. */
  iterations: number;
}

/** Number of binary machines of a strategy. */
export function machineCount(strategy: MulticlassStrategy, numClasses: number): number {
  return strategy === 'one-vs-rest' ? numClasses : (numClasses * (numClasses - 1)) / 2;
}

/** The class pairs `(a, b)`, `a < b`, in scikit-learn's order `(0,1), (0,2), …, (1,2), …`. */
export function classPairs(numClasses: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let a = 0; a < numClasses; a++) for (let b = a + 1; b < numClasses; b++) pairs.push([a, b]);
  return pairs;
}

/** One binary problem of a multi-class machine: its rows, their ±1 signs and the seed of its visiting order. */
export interface BinaryProblem {
  /** Row indices of the problem (all rows for one-vs-rest). */
  members: Int32Array;
  /** `+1` / `−1` per member. */
  signs: Int8Array;
  /** Seed of this problem's own random stream (`deriveSeed(settings.seed, j)` for machine `j`). */
  seed: number;
}

/**
 * The binary problems of a multi-class machine, in machine order. Each has its own seeded random stream, so the
 * problems are independent: solved one after the other or on several threads, each gives the same solution.
 */
export function binaryProblems(rows: { count: number }, labels: Int32Array, numClasses: number, settings: LinearMachineSettings): BinaryProblem[] {
  const problems: BinaryProblem[] = [];
  if (settings.strategy === 'one-vs-rest') {
    const members = Int32Array.from({ length: rows.count }, (_, i) => i);
    for (let c = 0; c < numClasses; c++) {
      problems.push({ members, signs: Int8Array.from(labels, (y) => (y === c ? 1 : -1)), seed: deriveSeed(settings.seed, c) });
    }
  } else {
    classPairs(numClasses).forEach(([a, b], j) => {
      const members: number[] = [];
      for (let i = 0; i < rows.count; i++) if (labels[i] === a || labels[i] === b) members.push(i);
      problems.push({
        members: Int32Array.from(members),
        signs: Int8Array.from(members, (i) => (labels[i] === a ? 1 : -1)),
        seed: deriveSeed(settings.seed, j),
      });
    });
  }
  return problems;
}

/** Solves one binary problem (on this thread). */
export function solveBinaryProblem(rows: SolverRows, norms: Float64Array, problem: BinaryProblem, settings: LinearMachineSettings): BinarySolution {
  return solveBinarySvmDual(rows, norms, problem.members, problem.signs, { ...settings, random: createRng(problem.seed) });
}

/** The multi-class machine from its binary solutions (in machine order). */
export function assembleLinearMachine(
  rows: { numFeatures: number },
  numClasses: number,
  strategy: MulticlassStrategy,
  solutions: readonly BinarySolution[],
): LinearMachine {
  const m = solutions.length;
  const weights = new Float64Array(rows.numFeatures * m);
  const bias = new Float64Array(m);
  let iterations = 0;
  solutions.forEach((solution, j) => {
    for (let f = 0; f < rows.numFeatures; f++) weights[f * m + j] = solution.w[f];
    bias[j] = solution.bias;
    iterations = Math.max(iterations, solution.iterations);
  });
  return { strategy, numClasses, numFeatures: rows.numFeatures, weights, bias, iterations };
}

/** Fits every binary machine by dual coordinate descent, one after the other on this thread. */
export function fitLinearMachine(rows: SolverRows, labels: Int32Array, numClasses: number, settings: LinearMachineSettings): LinearMachine {
  const norms = rowSquaredNorms(rows);
  const solutions = binaryProblems(rows, labels, numClasses, settings).map((problem) => solveBinaryProblem(rows, norms, problem, settings));
  return assembleLinearMachine(rows, numClasses, settings.strategy, solutions);
}

/** Decision values `[N, M]` (float64) of dense features `[N, F]`. */
export function linearDecisions(machine: LinearMachine, values: ArrayLike<number>, count: number): Float64Array {
  const { numFeatures, weights, bias } = machine;
  const m = bias.length;
  const out = new Float64Array(count * m);
  for (let i = 0; i < count; i++) {
    const o = i * m;
    for (let j = 0; j < m; j++) out[o + j] = bias[j];
    const base = i * numFeatures;
    for (let f = 0; f < numFeatures; f++) {
      const v = values[base + f];
      if (v === 0) continue;
      const w = f * m;
      for (let j = 0; j < m; j++) out[o + j] += v * weights[w + j];
    }
  }
  return out;
}

/**
 * Per-class scores `[N, K]` from decision values `[N, M]`: the decisions themselves for one-vs-rest; for one-vs-one,
 * scikit-learn's `decision_function_shape='ovr'` rule — votes plus the summed confidences squashed into
 * `(−⅓, ⅓)`, so the vote count decides and confidences only break ties.
 */
export function classScores(strategy: MulticlassStrategy, decisions: Float64Array, numClasses: number): Float64Array {
  if (strategy === 'one-vs-rest') return decisions;
  const pairs = classPairs(numClasses);
  const count = decisions.length / pairs.length;
  const scores = new Float64Array(count * numClasses);
  const votes = new Float64Array(numClasses);
  const confidence = new Float64Array(numClasses);
  for (let i = 0; i < count; i++) {
    votes.fill(0);
    confidence.fill(0);
    pairs.forEach(([a, b], j) => {
      const d = decisions[i * pairs.length + j];
      if (d > 0) votes[a]++;
      else votes[b]++;
      confidence[a] += d;
      confidence[b] -= d;
    });
    for (let c = 0; c < numClasses; c++) {
      scores[i * numClasses + c] = votes[c] + confidence[c] / (3 * (Math.abs(confidence[c]) + 1));
    }
  }
  return scores;
}

/** Mean cross-entropy of softmax(`temperature` · scores) against the labels. */
function temperatureLoss(scores: Float64Array, labels: Int32Array, k: number, temperature: number): number {
  let loss = 0;
  for (let i = 0; i < labels.length; i++) {
    const o = i * k;
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, temperature * scores[o + c]);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(temperature * scores[o + c] - max);
    loss += Math.log(sum) - (temperature * scores[o + labels[i]] - max);
  }
  return loss / labels.length;
}

/**
 * The temperature `T` minimizing the training log-loss of softmax(`T` · scores) (golden-section search on log T in
 * [1e-3, 1e3]): how an SVM's scores become probabilities here (one parameter; not Platt's cross-validated scaling).
 */
export function fitTemperature(scores: Float64Array, labels: Int32Array, k: number): number {
  let lo = Math.log(1e-3);
  let hi = Math.log(1e3);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - ratio * (hi - lo);
  let x2 = lo + ratio * (hi - lo);
  let f1 = temperatureLoss(scores, labels, k, Math.exp(x1));
  let f2 = temperatureLoss(scores, labels, k, Math.exp(x2));
  for (let step = 0; step < 60; step++) {
    if (f1 <= f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - ratio * (hi - lo);
      f1 = temperatureLoss(scores, labels, k, Math.exp(x1));
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + ratio * (hi - lo);
      f2 = temperatureLoss(scores, labels, k, Math.exp(x2));
    }
  }
  return Math.exp((lo + hi) / 2);
}

/** softmax(`temperature` · scores) per row, float32. */
export function temperatureSoftmax(scores: Float64Array, k: number, temperature: number): Float32Array {
  const out = new Float32Array(scores.length);
  for (let o = 0; o < scores.length; o += k) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, temperature * scores[o + c]);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(temperature * scores[o + c] - max);
    for (let c = 0; c < k; c++) out[o + c] = Math.exp(temperature * scores[o + c] - max) / sum;
  }
  return out;
}
