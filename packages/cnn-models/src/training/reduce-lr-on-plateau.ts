import { checkOptions } from '@digitkit/core';
import { resolveMonitor, resolveMode, type MonitorAlias, type MonitorMode, type MonitorName } from './monitor.js';

/** Options of learning-rate reduction on a plateau (Keras `ReduceLROnPlateau` semantics). */
export interface ReduceLrOnPlateauOptions {
  /** Quantity to watch. Default `'valLoss'`; Keras' names (`'val_loss'`, `'val_acc'`, …) are accepted too. */
  monitor?: MonitorName | MonitorAlias;
  /** Factor the learning rate is multiplied by, in (0, 1). Default `0.1`. */
  factor?: number;
  /** Epochs without improvement before a reduction. Default `10`. */
  patience?: number;
  /** Smallest change that counts as an improvement (absolute). Default `1e-4`. */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again. Default `0`. */
  cooldown?: number;
  /** Lower bound of the learning rate. Default `0`. */
  minLr?: number;
  /** `'min'`, `'max'` or `'auto'` (max for accuracies). Default `'auto'`. */
  mode?: MonitorMode;
}

/** Plateau options after validation, with defaults filled in. */
export interface ResolvedReduceLrOnPlateau {
  monitor: MonitorName;
  factor: number;
  patience: number;
  minDelta: number;
  cooldown: number;
  minLr: number;
  mode: 'min' | 'max';
}

/** Serializable plateau state between epochs (stored in checkpoints). */
export interface ReduceLrOnPlateauState {
  /** Best monitored value so far, or `null` before the first. */
  best: number | null;
  /** Epochs since the last improvement (not counted during cooldown). */
  wait: number;
  /** Cooldown epochs left. */
  cooldownCounter: number;
}

/** Result of one {@link updateReduceLrOnPlateau} step. */
export interface ReduceLrOnPlateauUpdate {
  /** State to carry into the next epoch. */
  state: ReduceLrOnPlateauState;
  /** Learning rate for the next epoch. */
  learningRate: number;
  /** The learning rate was reduced at this epoch. */
  reduced: boolean;
}

/** Validates plateau options and fills in Keras' defaults. */
export function resolveReduceLrOnPlateau(
  functionName: string,
  options: ReduceLrOnPlateauOptions | true,
): ResolvedReduceLrOnPlateau {
  const opts: ReduceLrOnPlateauOptions = options === true ? {} : options;
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) {
    throw new TypeError(`${functionName}: expected reduceLrOnPlateau to be an options object or true, got ${String(options)}`);
  }
  checkOptions(functionName, opts, ['monitor', 'factor', 'patience', 'minDelta', 'cooldown', 'minLr', 'mode'], 'options.reduceLrOnPlateau');
  const monitor = resolveMonitor(`${functionName}: reduceLrOnPlateau`, opts.monitor ?? 'valLoss');
  const factor = opts.factor ?? 0.1;
  if (typeof factor !== 'number' || !(factor > 0 && factor < 1)) {
    throw new RangeError(`${functionName}: expected reduceLrOnPlateau.factor in (0, 1), got ${String(factor)}`);
  }
  const patience = opts.patience ?? 10;
  if (!Number.isInteger(patience) || patience < 0) {
    throw new RangeError(`${functionName}: expected reduceLrOnPlateau.patience to be an integer >= 0, got ${String(patience)}`);
  }
  const cooldown = opts.cooldown ?? 0;
  if (!Number.isInteger(cooldown) || cooldown < 0) {
    throw new RangeError(`${functionName}: expected reduceLrOnPlateau.cooldown to be an integer >= 0, got ${String(cooldown)}`);
  }
  const minDelta = opts.minDelta ?? 1e-4;
  if (typeof minDelta !== 'number' || !Number.isFinite(minDelta) || minDelta < 0) {
    throw new RangeError(`${functionName}: expected reduceLrOnPlateau.minDelta to be a finite number >= 0, got ${String(minDelta)}`);
  }
  const minLr = opts.minLr ?? 0;
  if (typeof minLr !== 'number' || !Number.isFinite(minLr) || minLr < 0) {
    throw new RangeError(`${functionName}: expected reduceLrOnPlateau.minLr to be a finite number >= 0, got ${String(minLr)}`);
  }
  return {
    monitor,
    factor,
    patience,
    minDelta,
    cooldown,
    minLr,
    mode: resolveMode(`${functionName}: reduceLrOnPlateau`, monitor, opts.mode),
  };
}

/** The state before the first epoch. */
export function initialReduceLrOnPlateauState(): ReduceLrOnPlateauState {
  return { best: null, wait: 0, cooldownCounter: 0 };
}

/**
 * One epoch of LR-on-plateau, as a pure function with Keras semantics: during cooldown the counter is held at 0;
 * an improvement (beats `best` by more than `minDelta`) resets it; otherwise it grows, and when it reaches
 * `patience` the learning rate becomes `max(lr × factor, minLr)` (only if `lr > minLr`) and cooldown starts.
 *
 * @param state - State after the previous epoch.
 * @param value - Monitored value of this epoch.
 * @param learningRate - Learning rate used in this epoch.
 * @param options - Resolved options (see {@link resolveReduceLrOnPlateau}).
 */
export function updateReduceLrOnPlateau(
  state: ReduceLrOnPlateauState,
  value: number,
  learningRate: number,
  options: Omit<ResolvedReduceLrOnPlateau, 'monitor'>,
): ReduceLrOnPlateauUpdate {
  let { best, wait, cooldownCounter } = state;
  if (cooldownCounter > 0) {
    cooldownCounter -= 1;
    wait = 0;
  }
  const improved =
    !Number.isNaN(value) &&
    (best === null || (options.mode === 'min' ? value < best - options.minDelta : value > best + options.minDelta));
  let lr = learningRate;
  let reduced = false;
  if (improved) {
    best = value;
    wait = 0;
  } else if (cooldownCounter <= 0) {
    wait += 1;
    if (wait >= options.patience && learningRate > Math.fround(options.minLr)) {
      lr = Math.max(learningRate * options.factor, options.minLr);
      reduced = true;
      cooldownCounter = options.cooldown;
      wait = 0;
    }
  }
  return { state: { best, wait, cooldownCounter }, learningRate: lr, reduced };
}
