/** A smooth objective: its value and gradient at `params`. */
export type Objective = (params: Float64Array) => { loss: number; gradient: Float64Array };

/** Settings of {@link minimizeLbfgs}. */
export interface LbfgsSettings {
  /** Iterations at most. */
  maxIterations: number;
  /** Stop when the gradient's max-norm falls below this. */
  tolerance: number;
  /** Correction pairs kept. Default 10. */
  memory?: number;
}

/** Result of {@link minimizeLbfgs}. */
export interface LbfgsResult {
  params: Float64Array;
  loss: number;
  iterations: number;
  /** `true` when the gradient tolerance (or a zero improvement) stopped it, `false` when `maxIterations` did. */
  converged: boolean;
}

/**
 * Minimizes a smooth objective by L-BFGS (two-loop recursion, memory 10) with a backtracking Armijo line search
 * (Nocedal & Wright, Algorithm 7.4 / 3.1). Pure TypeScript on Float64Array.
 */
export function minimizeLbfgs(evaluate: Objective, initial: Float64Array, settings: LbfgsSettings): LbfgsResult {
  const steps = lbfgsSteps(initial, settings);
  let step = steps.next();
  while (step.done !== true) step = steps.next(evaluate(step.value));
  return step.value;
}

/** One evaluation of the objective: its value and gradient. */
export type Evaluation = ReturnType<Objective>;

/**
 * {@link minimizeLbfgs} as a generator: it yields each point to evaluate and takes its {@link Evaluation} back, so
 * the same iterations run with an objective evaluated synchronously or on worker threads (`await` between steps).
 */
export function* lbfgsSteps(initial: Float64Array, settings: LbfgsSettings): Generator<Float64Array, LbfgsResult, Evaluation> {
  const size = initial.length;
  const memory = settings.memory ?? 10;
  let params = Float64Array.from(initial);
  let { loss, gradient } = yield params;
  const history: { s: Float64Array; y: Float64Array; rho: number }[] = [];
  let iterations = 0;
  let converged = false;
  for (; iterations < settings.maxIterations; iterations++) {
    if (maxAbs(gradient) < settings.tolerance) {
      converged = true;
      break;
    }
    const direction = twoLoopDirection(gradient, history);
    let slope = dot(gradient, direction);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      history.length = 0;
      for (let j = 0; j < size; j++) direction[j] = -gradient[j];
      slope = -dot(gradient, gradient);
    }
    let step = 1;
    let next = params;
    let nextEval = { loss, gradient };
    for (let tries = 0; tries < 40; tries++) {
      next = new Float64Array(size);
      for (let j = 0; j < size; j++) next[j] = params[j] + step * direction[j];
      nextEval = yield next;
      if (nextEval.loss <= loss + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(nextEval.loss <= loss)) {
      converged = true;
      break;
    }
    const s = new Float64Array(size);
    const y = new Float64Array(size);
    for (let j = 0; j < size; j++) {
      s[j] = next[j] - params[j];
      y[j] = nextEval.gradient[j] - gradient[j];
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      history.push({ s, y, rho: 1 / sy });
      if (history.length > memory) history.shift();
    }
    const improvement = loss - nextEval.loss;
    params = next;
    loss = nextEval.loss;
    gradient = nextEval.gradient;
    if (improvement < 1e-14 * Math.max(1, Math.abs(loss))) {
      converged = true;
      iterations++;
      break;
    }
  }
  return { params, loss, iterations, converged };
}

function twoLoopDirection(gradient: Float64Array, history: { s: Float64Array; y: Float64Array; rho: number }[]): Float64Array {
  const q = Float64Array.from(gradient);
  const alphas = new Float64Array(history.length);
  for (let h = history.length - 1; h >= 0; h--) {
    const { s, y, rho } = history[h];
    alphas[h] = rho * dot(s, q);
    for (let j = 0; j < q.length; j++) q[j] -= alphas[h] * y[j];
  }
  if (history.length > 0) {
    const { s, y } = history[history.length - 1];
    const gamma = dot(s, y) / dot(y, y);
    for (let j = 0; j < q.length; j++) q[j] *= gamma;
  }
  for (let h = 0; h < history.length; h++) {
    const { s, y, rho } = history[h];
    const beta = rho * dot(y, q);
    for (let j = 0; j < q.length; j++) q[j] += s[j] * (alphas[h] - beta);
  }
  for (let j = 0; j < q.length; j++) q[j] = -q[j];
  return q;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += a[j] * b[j];
  return sum;
}

function maxAbs(a: Float64Array): number {
  let max = 0;
  for (let j = 0; j < a.length; j++) max = Math.max(max, Math.abs(a[j]));
  return max;
}
