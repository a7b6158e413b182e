import { checkOptions } from '@digitkit/core';
import { resolveMonitor, resolveMode, type MonitorAlias, type MonitorMode, type MonitorName } from './monitor.js';

/** Options of early stopping (Keras `EarlyStopping` semantics). */
export interface EarlyStoppingOptions {
  /**
   * Quantity to watch. Default `'valLoss'` (model selection on validation data only). Keras' names
   * (`'val_loss'`, `'val_acc'`, `'val_accuracy'`, `'acc'`) are accepted too.
   */
  monitor?: MonitorName | MonitorAlias;
  /** Epochs without improvement after which training stops. Default `0` (Keras' default). */
  patience?: number;
  /** Smallest change that counts as an improvement (absolute, ≥ 0). Default `0`. */
  minDelta?: number;
  /** `'min'`, `'max'` or `'auto'` (max for accuracies). Default `'auto'`. */
  mode?: MonitorMode;
  /** At the end of training, put back the weights of the best epoch. Default `false`. */
  restoreBestWeights?: boolean;
}

/** Early stopping after validation, with defaults filled in. */
export interface ResolvedEarlyStopping {
  monitor: MonitorName;
  patience: number;
  minDelta: number;
  mode: 'min' | 'max';
  restoreBestWeights: boolean;
}

/** Serializable state of early stopping between epochs (stored in checkpoints). */
export interface EarlyStoppingState {
  /** Best monitored value so far, or `null` before the first finite value. */
  best: number | null;
  /** 1-based epoch of `best`, or `null`. */
  bestEpoch: number | null;
  /** Epochs since the last improvement. */
  wait: number;
}

/** Result of one {@link updateEarlyStopping} step. */
export interface EarlyStoppingUpdate {
  /** State to carry into the next epoch. */
  state: EarlyStoppingState;
  /** This epoch improved on the best value (snapshot the weights when restoring). */
  improved: boolean;
  /** Training should stop after this epoch. */
  stop: boolean;
}

/** Validates early-stopping options and fills in Keras' defaults. */
export function resolveEarlyStopping(functionName: string, options: EarlyStoppingOptions | true): ResolvedEarlyStopping {
  const opts: EarlyStoppingOptions = options === true ? {} : options;
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) {
    throw new TypeError(`${functionName}: expected earlyStopping to be an options object or true, got ${String(options)}`);
  }
  checkOptions(functionName, opts, ['monitor', 'patience', 'minDelta', 'mode', 'restoreBestWeights'], 'options.earlyStopping');
  const monitor = resolveMonitor(`${functionName}: earlyStopping`, opts.monitor ?? 'valLoss');
  const patience = opts.patience ?? 0;
  if (!Number.isInteger(patience) || patience < 0) {
    throw new RangeError(`${functionName}: expected earlyStopping.patience to be an integer >= 0, got ${String(patience)}`);
  }
  const minDelta = opts.minDelta ?? 0;
  if (typeof minDelta !== 'number' || !Number.isFinite(minDelta) || minDelta < 0) {
    throw new RangeError(`${functionName}: expected earlyStopping.minDelta to be a finite number >= 0, got ${String(minDelta)}`);
  }
  const restoreBestWeights = opts.restoreBestWeights ?? false;
  if (typeof restoreBestWeights !== 'boolean') {
    throw new TypeError(`${functionName}: expected earlyStopping.restoreBestWeights to be a boolean, got ${typeof restoreBestWeights}`);
  }
  return { monitor, patience, minDelta, mode: resolveMode(`${functionName}: earlyStopping`, monitor, opts.mode), restoreBestWeights };
}

/** The state before the first epoch. */
export function initialEarlyStoppingState(): EarlyStoppingState {
  return { best: null, bestEpoch: null, wait: 0 };
}

/**
 * One epoch of early stopping, as a pure function (Keras semantics): the wait counter grows every epoch and is
 * reset by an improvement (`value` beats `best` by more than `minDelta`, in the direction of `mode`); training
 * stops once `wait >= patience`, never after the first epoch. A NaN value is never an improvement.
 *
 * @param state - State after the previous epoch ({@link initialEarlyStoppingState} at the start).
 * @param epoch - 1-based epoch number of `value`.
 * @param value - Monitored value of this epoch.
 * @param options - Resolved options (see {@link resolveEarlyStopping}).
 */
export function updateEarlyStopping(
  state: EarlyStoppingState,
  epoch: number,
  value: number,
  options: Pick<ResolvedEarlyStopping, 'patience' | 'minDelta' | 'mode'>,
): EarlyStoppingUpdate {
  const wait = state.wait + 1;
  const improved =
    !Number.isNaN(value) &&
    (state.best === null ||
      (options.mode === 'min' ? value + options.minDelta < state.best : value - options.minDelta > state.best));
  if (improved) {
    return { state: { best: value, bestEpoch: epoch, wait: 0 }, improved: true, stop: false };
  }
  return { state: { ...state, wait }, improved: false, stop: wait >= options.patience && epoch > 1 };
}
