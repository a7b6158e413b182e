import { argmaxRows, checkBoolean, checkFiniteNumber, checkInteger, checkOneOf, checkOptions, describeValue } from '@digitkit/core';
import type { ClassicClassifier } from './classic-classifier.js';
import { readFeatures, readTrainingData, type PredictInput, type TrainingInput } from './input/features.js';
import { buildKernelFeatureMap, mapRows, type KernelApproximationMethod, type KernelFeatureMap } from './kernel-feature-map.js';
import { linearMachineFromState, resolveLinearMachineOptions, solverRows } from './linear/linear-support-vector-machine.js';
import {
  classScores,
  fitLinearMachine,
  fitTemperature,
  linearDecisions,
  temperatureSoftmax,
  type LinearMachine,
  type LinearMachineSettings,
  type MulticlassStrategy,
} from './linear/multiclass-linear-machine.js';
import type { SolverRows } from './linear/dual-coordinate-descent.js';
import { allocateDenseRows, type DenseKernelArena, type DenseRowsAllocation } from './native/dense-kernel-arena.js';
import type { BufferAllocator } from './linear/sparse-rows.js';
import { fitPca, pcaFromState, type PcaModel } from './pca.js';
import { configNumber, configString, stateArray, stateToJson, type ClassicModelJson, type JsonValue, type ModelState } from './serialization/model-json.js';

/** The kernel approximation of {@link fitSupportVectorMachine}. */
export interface KernelApproximationOptions {
  /** `'nystrom'` (landmarks from the training set) or `'random-fourier'` (random features). Default `'nystrom'`. */
  method?: KernelApproximationMethod;
  /** Explicit features `D` (Nyström: landmarks, at most the training size). Default `2000`. */
  components?: number;
  /** Seed of the landmark draw / random frequencies. Default: `options.seed`. */
  seed?: number;
}

/** The PCA step of {@link fitSupportVectorMachine} (see `fitPca`). */
export interface SupportVectorMachinePcaOptions {
  /** Principal components kept, integer `1..F`. Default `50` (or `F` when smaller). */
  components?: number;
  /** Unit-variance projections. Default `false`. */
  whiten?: boolean;
}

/** Options of {@link fitSupportVectorMachine}. */
export interface SupportVectorMachineOptions {
  /**
   * Project the inputs on their first principal components before the kernel (a PCA fitted on the training rows,
   * stored in the model and applied to every prediction input; `gamma: 'scale'` is then resolved on the projections).
   * `{ components: 50 }` on MNIST pixels is the benchmark's 98 % pipeline. Default: no PCA.
   */
  pca?: SupportVectorMachinePcaOptions;
  /** `'rbf'` (`exp(−γ‖x − y‖²)`, approximated, see `approximation`) or `'linear'` (exact). Default `'rbf'`. */
  kernel?: 'rbf' | 'linear';
  /** Penalty `C` (scikit-learn's). Default `1`. */
  C?: number;
  /** RBF width γ, or `'scale'` = `1 / (F · Var(X))` over all training values (scikit-learn's default). Default `'scale'`. */
  gamma?: number | 'scale';
  /** `'one-vs-rest'` or `'one-vs-one'` (`SVC`'s rule). Default `'one-vs-rest'`. */
  strategy?: MulticlassStrategy;
  /** `'squared-hinge'` (default; converges faster) or `'hinge'` (`SVC`'s loss). */
  loss?: 'squared-hinge' | 'hinge';
  /** Kernel approximation (rbf only). Default `{ method: 'nystrom', components: 2000 }`. */
  approximation?: KernelApproximationOptions;
  /** Dual coordinate descent tolerance. Default `1e-4`. */
  tolerance?: number;
  /** Dual coordinate descent passes per binary problem at most. Default `1000`. */
  maxIterations?: number;
  /** Seed (visiting order; landmarks / frequencies unless `approximation.seed`). Default `0`. */
  seed?: number;
  /** Rows per feature-map block on the backend. Default `2048`. */
  batchSize?: number;
}

/** A fitted support vector machine. */
export interface SupportVectorMachineModel extends ClassicClassifier<PredictInput> {
  readonly kind: 'support-vector-machine';
  readonly kernel: 'rbf' | 'linear';
  readonly strategy: MulticlassStrategy;
  /** γ used (resolved from `'scale'`); `0` for the linear kernel. */
  readonly gamma: number;
  /** The PCA step applied to inputs first (`undefined` without `options.pca`). */
  readonly pca: PcaModel | undefined;
  /** The approximation used (`undefined` for the linear kernel). */
  readonly approximation: { method: KernelApproximationMethod; components: number } | undefined;
  /** Softmax temperature turning class scores into probabilities (fitted on the training log-loss). */
  readonly temperature: number;
  /** Decision values `[N, M]` float64 (`M = K` one-vs-rest, `K(K−1)/2` one-vs-one). */
  decisionFunction(input: PredictInput): Promise<Float64Array>;
}

/** The option keys of the fit (also checked by `./node`'s parallel variant). */
export const SUPPORT_VECTOR_MACHINE_OPTION_KEYS = ['kernel', 'C', 'gamma', 'strategy', 'loss', 'approximation', 'pca', 'tolerance', 'maxIterations', 'seed', 'batchSize'] as const;
const PCA_KEYS = ['components', 'whiten'] as const;
const APPROXIMATION_KEYS = ['method', 'components', 'seed'] as const;

function resolveGamma(functionName: string, gamma: unknown, values: Float32Array | Float64Array, numFeatures: number): number {
  if (gamma === undefined || gamma === 'scale') {
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < values.length; i++) {
      sum += values[i];
      squares += values[i] * values[i];
    }
    const mean = sum / values.length;
    const variance = squares / values.length - mean * mean;
    return variance > 0 ? 1 / (numFeatures * variance) : 1;
  }
  if (typeof gamma !== 'number') {
    throw new TypeError(`${functionName}: expected options.gamma to be a finite number > 0 or 'scale', got ${describeValue(gamma)}`);
  }
  return checkFiniteNumber(functionName, 'options.gamma', gamma, { greaterThan: 0 });
}

/**
 * Fits a support vector machine. `kernel: 'linear'` is an exact linear SVM (dual coordinate descent, as
 * `LinearSVC`). `kernel: 'rbf'` is a NAMED APPROXIMATION of scikit-learn's `SVC(kernel='rbf')`: the RBF kernel is
 * replaced by an explicit feature map — Nyström (default) or random Fourier features, built on the current tfjs
 * backend — and a linear SVM is fitted on those features by dual coordinate descent (TypeScript, its dense loops in
 * the package's WebAssembly SIMD module when the engine has it; the same bits either way). With
 * enough components it reaches `SVC`'s accuracy (see the README's measurements) at a fraction of its time.
 * Probabilities are softmax(T · class scores), one temperature `T` fitted on the training log-loss.
 *
 * @param data - A `DigitDataset` (pixels scaled to `[0, 1]`) or `{ features, labels, numClasses }`.
 * @param options - {@link SupportVectorMachineOptions}.
 */
export async function fitSupportVectorMachine(data: TrainingInput, options?: SupportVectorMachineOptions): Promise<SupportVectorMachineModel> {
  return fitSupportVectorMachineWith('fitSupportVectorMachine', data, options, {
    allocate: (byteLength) => new ArrayBuffer(byteLength),
    allocateFeatures: (count, numFeatures) => allocateDenseRows(count, numFeatures, { slots: 1, shared: false }),
    fitMachine: fitLinearMachine,
  });
}

/** Where {@link fitSupportVectorMachineWith} keeps the feature map and how it fits the linear machines. */
export interface SupportVectorMachineRuntime {
  /** Memory for sparse solver rows (`SharedArrayBuffer`s for worker threads). */
  allocate: BufferAllocator;
  /**
   * Memory for the `[N, D]` float32 features of the kernel map: `allocateDenseRows` with a scratch slot per thread
   * that solves at once (shared for worker threads), so the solver runs its SIMD kernels on them.
   */
  allocateFeatures: (count: number, numFeatures: number) => DenseRowsAllocation;
  /** Fits the linear machines on the (mapped) rows: on this thread, or on worker threads (`./node`). */
  fitMachine: (rows: SolverRows, labels: Int32Array, numClasses: number, settings: LinearMachineSettings) => LinearMachine | Promise<LinearMachine>;
  /** Called between the steps (after the PCA, the landmark factorization, the feature map); may throw to stop. */
  checkpoint?: (completed: string) => void | Promise<void>;
}

/** {@link fitSupportVectorMachine} with the runtime given (shared by `./node`'s worker-thread variant). */
export async function fitSupportVectorMachineWith(
  functionName: string,
  data: TrainingInput,
  options: SupportVectorMachineOptions | undefined,
  runtime: SupportVectorMachineRuntime,
): Promise<SupportVectorMachineModel> {
  const checked = checkOptions(functionName, options, SUPPORT_VECTOR_MACHINE_OPTION_KEYS);
  const kernel = checkOneOf(functionName, 'options.kernel', checked.kernel ?? 'rbf', ['rbf', 'linear'] as const);
  const approximation = checkOptions(functionName, checked.approximation, APPROXIMATION_KEYS, 'options.approximation');
  const pcaOptions = checked.pca === undefined ? undefined : checkOptions(functionName, checked.pca, PCA_KEYS, 'options.pca');
  const { approximation: _a, kernel: _k, gamma: _g, batchSize: _b, pca: _p, ...linearOptions } = checked;
  const settings = resolveLinearMachineOptions(functionName, linearOptions);
  const batchSize = checkInteger(functionName, 'options.batchSize', checked.batchSize ?? 2048, { min: 1 });
  const method = checkOneOf(functionName, 'options.approximation.method', approximation.method ?? 'nystrom', ['nystrom', 'random-fourier'] as const);
  const requested = checkInteger(functionName, 'options.approximation.components', approximation.components ?? 2000, { min: 1 });
  const mapSeed = checkFiniteNumber(functionName, 'options.approximation.seed', approximation.seed ?? settings.seed);
  const training = readTrainingData(functionName, data);
  const pcaSettings =
    pcaOptions === undefined
      ? undefined
      : {
          components: checkInteger(functionName, 'options.pca.components', pcaOptions.components ?? Math.min(50, training.numFeatures), {
            min: 1,
            max: training.numFeatures,
          }),
          whiten: checkBoolean(functionName, 'options.pca.whiten', pcaOptions.whiten ?? false),
        };
  if (kernel === 'linear' && checked.gamma !== undefined) {
    throw new TypeError(`${functionName}: options.gamma applies to kernel 'rbf' only`);
  }
  const raw = training.values instanceof Float32Array ? training.values : Float32Array.from(training.values);
  const pca = pcaSettings === undefined ? undefined : await fitPca({ values: raw, count: training.count, numFeatures: training.numFeatures }, pcaSettings);
  if (pca !== undefined) await runtime.checkpoint?.('the PCA fit');
  const values = pca === undefined ? raw : await projectRows(pca, raw, training.count);
  const numFeatures = pca === undefined ? training.numFeatures : pca.components;
  const gamma = kernel === 'rbf' ? resolveGamma(functionName, checked.gamma, values, numFeatures) : 0;

  let map: KernelFeatureMap | undefined;
  let features: Float32Array<ArrayBufferLike> = values;
  let arena: DenseKernelArena | undefined;
  if (kernel === 'rbf') {
    const components = method === 'nystrom' ? Math.min(requested, training.count) : requested;
    map = await buildKernelFeatureMap(method, values, training.count, numFeatures, gamma, components, mapSeed);
    await runtime.checkpoint?.(`${pca === undefined ? '' : 'the PCA and '}the ${method} feature map's basis`);
    const allocation = runtime.allocateFeatures(training.count, components);
    arena = allocation.arena;
    features = await mapRows(map, values, training.count, batchSize, allocation.values);
    await runtime.checkpoint?.(`${pca === undefined ? '' : 'the PCA and '}the ${method} feature map of the ${training.count} rows`);
  }
  const rows = solverRows(features, training.count, map?.components ?? numFeatures, runtime.allocate, arena);
  const machine = await runtime.fitMachine(rows, training.labels, training.numClasses, settings);
  const scores = classScores(machine.strategy, linearDecisions(machine, features, training.count), machine.numClasses);
  const temperature = fitTemperature(scores, training.labels, machine.numClasses);
  return createSupportVectorMachine({
    kernel,
    pca,
    map,
    machine,
    temperature,
    inputFeatures: training.numFeatures,
    batchSize,
    settings: { ...settings },
  });
}

/** `pca.transform` of `[count, F]` rows, read back as float32 `[count, C]`. */
async function projectRows(pca: PcaModel, values: Float32Array, count: number): Promise<Float32Array> {
  const projected = pca.transform({ values, count, numFeatures: pca.numFeatures });
  try {
    return (await projected.data()) as Float32Array;
  } finally {
    projected.dispose();
  }
}

interface SvmParts {
  kernel: 'rbf' | 'linear';
  pca: PcaModel | undefined;
  map: KernelFeatureMap | undefined;
  machine: LinearMachine;
  temperature: number;
  inputFeatures: number;
  batchSize: number;
  settings: { [key: string]: JsonValue };
}

function createSupportVectorMachine(parts: SvmParts): SupportVectorMachineModel {
  const { pca, map, machine, temperature, inputFeatures } = parts;
  const numClasses = machine.numClasses;
  async function decisionFunction(input: PredictInput): Promise<Float64Array> {
    const x = readFeatures('SupportVectorMachineModel.predict', input);
    if (x.numFeatures !== inputFeatures) {
      throw new RangeError(`SupportVectorMachineModel.predict: expected ${inputFeatures} features per example, got ${x.numFeatures}`);
    }
    const raw = x.values instanceof Float32Array ? x.values : Float32Array.from(x.values);
    const values = pca === undefined ? raw : await projectRows(pca, raw, x.count);
    const features = map === undefined ? values : await mapRows(map, values, x.count, parts.batchSize);
    return linearDecisions(machine, features, x.count);
  }
  const scoresOf = async (input: PredictInput) => classScores(machine.strategy, await decisionFunction(input), numClasses);
  return {
    kind: 'support-vector-machine',
    kernel: parts.kernel,
    strategy: machine.strategy,
    numClasses,
    numFeatures: inputFeatures,
    gamma: map?.gamma ?? 0,
    pca,
    approximation: map === undefined ? undefined : { method: map.method, components: map.components },
    temperature,
    decisionFunction,
    predictProbabilities: async (input) => temperatureSoftmax(await scoresOf(input), numClasses, temperature),
    predict: async (input) => argmaxRows(await scoresOf(input), numClasses),
    toJSON: (): ClassicModelJson => {
      const m = machine.bias.length;
      const arrays: ModelState['arrays'] = { weights: machine.weights, bias: machine.bias };
      const shapes: { [name: string]: number[] } = { weights: [machine.numFeatures, m], bias: [m] };
      if (map !== undefined) {
        arrays.basis = map.basis;
        arrays.projection = map.projection;
        shapes.basis = map.method === 'nystrom' ? [map.components, map.numFeatures] : [map.numFeatures, map.components];
        shapes.projection = map.method === 'nystrom' ? [map.components, map.components] : [map.components];
      }
      if (pca !== undefined) {
        arrays.pcaAxes = pca.axes;
        arrays.pcaMean = pca.mean;
        arrays.pcaExplainedVariance = pca.explainedVariance;
        arrays.pcaExplainedVarianceRatio = pca.explainedVarianceRatio;
        shapes.pcaAxes = [pca.components, pca.numFeatures];
        shapes.pcaMean = [pca.numFeatures];
        shapes.pcaExplainedVariance = [pca.components];
        shapes.pcaExplainedVarianceRatio = [pca.components];
      }
      return stateToJson(
        {
          kind: 'support-vector-machine',
          config: {
            ...parts.settings,
            kernel: parts.kernel,
            numClasses,
            numFeatures: machine.numFeatures,
            inputFeatures,
            strategy: machine.strategy,
            temperature,
            iterations: machine.iterations,
            batchSize: parts.batchSize,
            gamma: map?.gamma ?? 0,
            method: map?.method ?? null,
            components: map?.components ?? 0,
            pcaComponents: pca?.components ?? 0,
            pcaWhiten: pca?.whiten ?? false,
          },
          arrays,
        },
        shapes,
      );
    },
  };
}

/** Restores a model from its state (see `classicModelFromJson`). */
export function supportVectorMachineFromState(state: ModelState): SupportVectorMachineModel {
  const fn = 'classicModelFromJson';
  const kernel = configString(fn, state, 'kernel') as 'rbf' | 'linear';
  const inputFeatures = configNumber(fn, state, 'inputFeatures');
  // Models saved before the PCA step existed have no pcaComponents: no PCA.
  const pcaComponents = state.config.pcaComponents === undefined ? 0 : configNumber(fn, state, 'pcaComponents');
  const pca =
    pcaComponents === 0
      ? undefined
      : pcaFromState({
          kind: 'pca',
          config: { numFeatures: inputFeatures, components: pcaComponents, whiten: state.config.pcaWhiten === true },
          arrays: {
            axes: stateArray(fn, state, 'pcaAxes', Float32Array, pcaComponents * inputFeatures),
            mean: stateArray(fn, state, 'pcaMean', Float32Array, inputFeatures),
            explainedVariance: stateArray(fn, state, 'pcaExplainedVariance', Float64Array, pcaComponents),
            explainedVarianceRatio: stateArray(fn, state, 'pcaExplainedVarianceRatio', Float64Array, pcaComponents),
          },
        });
  const mapFeatures = pca === undefined ? inputFeatures : pcaComponents;
  let map: KernelFeatureMap | undefined;
  if (kernel === 'rbf') {
    const method = configString(fn, state, 'method') as KernelApproximationMethod;
    const components = configNumber(fn, state, 'components');
    map = {
      method,
      gamma: configNumber(fn, state, 'gamma'),
      numFeatures: mapFeatures,
      components,
      basis: stateArray(fn, state, 'basis', Float32Array, components * mapFeatures),
      projection: stateArray(fn, state, 'projection', Float32Array, method === 'nystrom' ? components * components : components),
    };
  }
  return createSupportVectorMachine({
    kernel,
    pca,
    map,
    machine: linearMachineFromState(fn, state),
    temperature: configNumber(fn, state, 'temperature'),
    inputFeatures,
    batchSize: configNumber(fn, state, 'batchSize'),
    settings: state.config,
  });
}
