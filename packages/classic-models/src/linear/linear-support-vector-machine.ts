import { argmaxRows, checkFiniteNumber, checkInteger, checkOneOf, checkOptions } from '@digitkit/core';
import type { ClassicClassifier } from '../classic-classifier.js';
import { readFeatures, readTrainingData, type PredictInput, type TrainingInput } from '../input/features.js';
import { configNumber, configString, stateArray, stateToJson, type ClassicModelJson, type JsonValue, type ModelState } from '../serialization/model-json.js';
import type { SolverRows } from './dual-coordinate-descent.js';
import {
  classScores,
  fitLinearMachine,
  fitTemperature,
  linearDecisions,
  machineCount,
  temperatureSoftmax,
  type LinearMachine,
  type LinearMachineSettings,
  type MulticlassStrategy,
} from './multiclass-linear-machine.js';
import type { DenseKernelArena } from '../native/dense-kernel-arena.js';
import { toSparseRows, type BufferAllocator } from './sparse-rows.js';

/** Options of {@link fitLinearSupportVectorMachine}. */
export interface LinearSupportVectorMachineOptions {
  /** Penalty `C` of `½‖w‖² + C · Σ loss` per binary machine (scikit-learn's `C`). Default `1`. */
  C?: number;
  /** `'squared-hinge'` (L2-loss, scikit-learn `LinearSVC`'s default) or `'hinge'`. Default `'squared-hinge'`. */
  loss?: 'squared-hinge' | 'hinge';
  /** `'one-vs-rest'` (`K` machines, `LinearSVC`'s rule) or `'one-vs-one'` (`K(K−1)/2`, `SVC`'s). Default `'one-vs-rest'`. */
  strategy?: MulticlassStrategy;
  /** Stop a binary problem when max − min projected gradient ≤ this (scikit-learn's `tol`). Default `1e-4`. */
  tolerance?: number;
  /** Passes over the data per binary problem at most (scikit-learn's `max_iter`). Default `1000`. */
  maxIterations?: number;
  /** Value of the constant bias feature (scikit-learn's `intercept_scaling`; the bias is penalized as in liblinear). Default `1`. */
  biasScale?: number;
  /** Seed of the visiting order. Default `0`. */
  seed?: number;
}

/** Settings every linear machine is fitted with (also used by the kernel SVM on its feature map). */
export type ResolvedLinearMachineSettings = LinearMachineSettings;

/** The option keys of the fit (also checked by `./node`'s parallel variant). */
export const LINEAR_SUPPORT_VECTOR_MACHINE_OPTION_KEYS = ['C', 'loss', 'strategy', 'tolerance', 'maxIterations', 'biasScale', 'seed'] as const;

/** Resolves and checks the linear-machine options (shared with `fitSupportVectorMachine`). */
export function resolveLinearMachineOptions(
  functionName: string,
  options: Omit<LinearSupportVectorMachineOptions, never>,
): ResolvedLinearMachineSettings {
  return {
    C: checkFiniteNumber(functionName, 'options.C', options.C ?? 1, { greaterThan: 0 }),
    loss: checkOneOf(functionName, 'options.loss', options.loss ?? 'squared-hinge', ['squared-hinge', 'hinge'] as const),
    strategy: checkOneOf(functionName, 'options.strategy', options.strategy ?? 'one-vs-rest', ['one-vs-rest', 'one-vs-one'] as const),
    tolerance: checkFiniteNumber(functionName, 'options.tolerance', options.tolerance ?? 1e-4, { greaterThan: 0 }),
    maxIterations: checkInteger(functionName, 'options.maxIterations', options.maxIterations ?? 1000, { min: 1 }),
    biasScale: checkFiniteNumber(functionName, 'options.biasScale', options.biasScale ?? 1, { min: 0 }),
    seed: checkFiniteNumber(functionName, 'options.seed', options.seed ?? 0),
  };
}

/** Dense or sparse solver rows, whichever is smaller (sparse below 40 % non-zeros). */
export function solverRows(
  values: Float32Array | Float64Array,
  count: number,
  numFeatures: number,
  allocate: BufferAllocator = (byteLength) => new ArrayBuffer(byteLength),
  arena?: DenseKernelArena,
): SolverRows {
  let nonZero = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) nonZero++;
  if (nonZero < 0.4 * values.length) return { kind: 'sparse', ...toSparseRows(values, count, numFeatures, allocate) };
  return { kind: 'dense', values, count, numFeatures, ...(arena === undefined ? {} : { arena }) };
}

/** A fitted multi-class linear SVM. Pure TypeScript (no tfjs). */
export interface LinearSupportVectorMachineModel extends ClassicClassifier<PredictInput> {
  readonly kind: 'linear-support-vector-machine';
  readonly strategy: MulticlassStrategy;
  /** `[numFeatures, M]` row-major, `M = K` (one-vs-rest) or `K(K−1)/2` (one-vs-one, pairs `(0,1), (0,2), …`). */
  readonly weights: Float64Array;
  /** `[M]`. */
  readonly bias: Float64Array;
  /** Softmax temperature turning class scores into probabilities (fitted on the training log-loss). */
  readonly temperature: number;
  /** Largest number of passes a binary problem took. */
  readonly iterations: number;
  /** Raw decision values `[N, M]` float64 (scikit-learn's `decision_function`, `'ovo'` shape for one-vs-one). */
  decisionFunctionSync(input: PredictInput): Float64Array;
  /** {@link ClassicClassifier.predictProbabilities}, synchronously. */
  predictProbabilitiesSync(input: PredictInput): Float32Array;
}

/**
 * Fits a multi-class linear SVM by dual coordinate descent (liblinear's algorithm, what scikit-learn's
 * `LinearSVC(dual=True)` runs; same objective, so the same solution up to the tolerance). Probabilities are
 * softmax(T · class scores) with one temperature `T` fitted on the training log-loss.
 *
 * @param data - A `DigitDataset` (pixels scaled to `[0, 1]`) or `{ features, labels, numClasses }`.
 * @param options - {@link LinearSupportVectorMachineOptions}.
 */
export function fitLinearSupportVectorMachine(
  data: TrainingInput,
  options?: LinearSupportVectorMachineOptions,
): LinearSupportVectorMachineModel {
  const problem = prepareLinearSupportVectorMachine('fitLinearSupportVectorMachine', data, options);
  return finishLinearSupportVectorMachine(problem, fitLinearMachine(problem.rows, problem.training.labels, problem.training.numClasses, problem.settings));
}

/** A checked linear-SVM fit: the data, the settings and the solver rows (sparse ones from `allocate`). */
export interface PreparedLinearSupportVectorMachine {
  training: ReturnType<typeof readTrainingData>;
  settings: ResolvedLinearMachineSettings;
  rows: SolverRows;
}

/** Checks the data and options of a linear-SVM fit and builds the solver rows. */
export function prepareLinearSupportVectorMachine(
  functionName: string,
  data: TrainingInput,
  options: LinearSupportVectorMachineOptions | undefined,
  allocate?: BufferAllocator,
): PreparedLinearSupportVectorMachine {
  const training = readTrainingData(functionName, data);
  const settings = resolveLinearMachineOptions(functionName, checkOptions(functionName, options, LINEAR_SUPPORT_VECTOR_MACHINE_OPTION_KEYS));
  return { training, settings, rows: solverRows(training.values, training.count, training.numFeatures, allocate) };
}

/** The model from a fitted machine (temperature fitted on the training rows). */
export function finishLinearSupportVectorMachine(problem: PreparedLinearSupportVectorMachine, machine: LinearMachine): LinearSupportVectorMachineModel {
  const { training, settings } = problem;
  const scores = classScores(machine.strategy, linearDecisions(machine, training.values, training.count), machine.numClasses);
  const temperature = fitTemperature(scores, training.labels, machine.numClasses);
  return createLinearSupportVectorMachine(machine, temperature, { ...settings });
}

function createLinearSupportVectorMachine(
  machine: LinearMachine,
  temperature: number,
  settings: { [key: string]: JsonValue },
): LinearSupportVectorMachineModel {
  const { numFeatures, numClasses, strategy } = machine;
  const decisionFunctionSync = (input: PredictInput): Float64Array => {
    const x = readFeatures('LinearSupportVectorMachineModel.predict', input);
    if (x.numFeatures !== numFeatures) {
      throw new RangeError(`LinearSupportVectorMachineModel.predict: expected ${numFeatures} features per example, got ${x.numFeatures}`);
    }
    return linearDecisions(machine, x.values, x.count);
  };
  const scoresOf = (input: PredictInput) => classScores(strategy, decisionFunctionSync(input), numClasses);
  const predictProbabilitiesSync = (input: PredictInput) => temperatureSoftmax(scoresOf(input), numClasses, temperature);
  return {
    kind: 'linear-support-vector-machine',
    numClasses,
    numFeatures,
    strategy,
    weights: machine.weights,
    bias: machine.bias,
    temperature,
    iterations: machine.iterations,
    decisionFunctionSync,
    predictProbabilitiesSync,
    predictProbabilities: async (input) => predictProbabilitiesSync(input),
    predict: async (input) => argmaxRows(scoresOf(input), numClasses),
    toJSON: (): ClassicModelJson =>
      stateToJson(
        {
          kind: 'linear-support-vector-machine',
          config: { ...settings, numFeatures, numClasses, strategy, temperature, iterations: machine.iterations },
          arrays: { weights: machine.weights, bias: machine.bias },
        },
        { weights: [numFeatures, machine.bias.length], bias: [machine.bias.length] },
      ),
  };
}

/** Restores the linear machine part of a state (shared with the kernel SVM). */
export function linearMachineFromState(functionName: string, state: ModelState): LinearMachine {
  const numFeatures = configNumber(functionName, state, 'numFeatures');
  const numClasses = configNumber(functionName, state, 'numClasses');
  const strategy = configString(functionName, state, 'strategy') as MulticlassStrategy;
  const m = machineCount(strategy, numClasses);
  return {
    strategy,
    numClasses,
    numFeatures,
    weights: stateArray(functionName, state, 'weights', Float64Array, numFeatures * m),
    bias: stateArray(functionName, state, 'bias', Float64Array, m),
    iterations: configNumber(functionName, state, 'iterations'),
  };
}

/** Restores a model from its state (see `classicModelFromJson`). */
export function linearSupportVectorMachineFromState(state: ModelState): LinearSupportVectorMachineModel {
  const machine = linearMachineFromState('classicModelFromJson', state);
  return createLinearSupportVectorMachine(machine, configNumber('classicModelFromJson', state, 'temperature'), state.config);
}
