import { checkFiniteNumber, describeValue } from '@digitkit/core';

/** One epoch of a training history (the `TrainingHistory` contract; extra fields are ignored). */
export interface TrainingEpoch {
  /** Epoch number (0- or 1-based, strictly increasing). */
  epoch: number;
  /** Training loss. */
  loss: number;
  /** Training accuracy in [0, 1]. */
  accuracy: number;
  /** Validation loss, when a validation set was used. */
  valLoss?: number;
  /** Validation accuracy in [0, 1]. */
  valAccuracy?: number;
  /** Learning rate of the epoch (required only with `showLearningRate`). */
  learningRate?: number;
}
// No index signature: any object with these fields fits (e.g. @digitkit/cnn-models' EpochLog with `seconds`,
// `imagesPerSecond`, …), and the other fields are ignored.

/** digitkit's history shape (e.g. what `trainClassifier` returns). */
export interface TrainingHistoryInput {
  /** One entry per epoch, in order. */
  epochs: ReadonlyArray<TrainingEpoch>;
  /** Epoch (its `epoch` value) with the best validation result, marked with a vertical line. */
  bestEpoch?: number;
  /** Whether early stopping ended training (marked at the last epoch). */
  stoppedEarly?: boolean;
}

/**
 * The `History` that tfjs's `model.fit` resolves to (and Keras's `History`): 0-based epoch indices and one
 * array per logged metric, under Keras names — `loss`, `acc` or `accuracy`, `val_loss`, `val_acc` or
 * `val_accuracy`, and `lr` or `learning_rate` when a callback logs it. Other fields of the object (`params`,
 * `model`, …) are ignored.
 */
export interface TfjsHistoryInput {
  /** Epoch indices, 0-based as tfjs stores them (drawn as epochs 1…N, as Keras prints them). */
  epoch: ReadonlyArray<number>;
  /** Metric name → one value per epoch. */
  history: Readonly<Record<string, ReadonlyArray<unknown>>>;
}

/** A metric that can be given a panel: digitkit's names or the Keras/tfjs ones (`val_*` selects the same panel). */
export type TrainingMetricName = 'accuracy' | 'acc' | 'val_accuracy' | 'val_acc' | 'loss' | 'val_loss';

/** The panel each accepted metric name selects (train and validation are drawn together). */
export const METRIC_PANELS: Readonly<Record<TrainingMetricName, 'accuracy' | 'loss'>> = {
  accuracy: 'accuracy',
  acc: 'accuracy',
  val_accuracy: 'accuracy',
  val_acc: 'accuracy',
  loss: 'loss',
  val_loss: 'loss',
};

/** A history resolved to plain series, one value (or `undefined`) per epoch. */
export interface TrainingSeries {
  epochs: number[];
  loss: number[];
  accuracy: number[];
  valLoss: Array<number | undefined>;
  valAccuracy: Array<number | undefined>;
  learningRate: number[];
  bestEpoch: number | undefined;
  stoppedEarly: boolean;
}

/** Which series a figure needs. */
export interface SeriesNeeds {
  accuracy: boolean;
  loss: boolean;
  learningRate: boolean;
}

const KERAS_KEYS = {
  loss: ['loss'],
  accuracy: ['acc', 'accuracy'],
  valLoss: ['val_loss'],
  valAccuracy: ['val_acc', 'val_accuracy'],
  learningRate: ['lr', 'learning_rate'],
} as const;

/**
 * Checks a training history of either shape (digitkit's `{ epochs: [...] }` or tfjs's `History`) and returns
 * its series. Only the series in `needs` are required; validation series are optional.
 *
 * @throws TypeError/RangeError naming `fn` for no epochs, non-increasing epochs, a missing or non-finite value.
 */
export function resolveTrainingSeries(fn: string, history: unknown, needs: SeriesNeeds): TrainingSeries {
  if (history !== null && typeof history === 'object' && 'history' in history && 'epoch' in history) {
    return fromTfjsHistory(fn, history as TfjsHistoryInput, needs);
  }
  if (history === null || typeof history !== 'object' || !('epochs' in history)) {
    throw new TypeError(
      `${fn}: expected history to be { epochs: [...] } or a tfjs History { epoch, history }, got ${describeValue(history)}`,
    );
  }
  return fromDigitkitHistory(fn, history as TrainingHistoryInput, needs);
}

function checkEpochs(fn: string, name: string, epochs: readonly unknown[]): number[] {
  return epochs.map((value, i) => {
    const epoch = checkFiniteNumber(fn, `${name}[${i}]`, value);
    if (i > 0 && epoch <= (epochs[i - 1] as number)) {
      throw new RangeError(`${fn}: expected increasing epoch numbers, got ${epochs[i - 1]} then ${epoch} at index ${i}`);
    }
    return epoch;
  });
}

function fromDigitkitHistory(fn: string, history: TrainingHistoryInput, needs: SeriesNeeds): TrainingSeries {
  const list = history.epochs;
  if (!Array.isArray(list)) throw new TypeError(`${fn}: expected history.epochs to be an array, got ${describeValue(list)}`);
  if (list.length === 0) throw new RangeError(`${fn}: expected history.epochs to be a non-empty array, got an array of length 0`);
  list.forEach((e, i) => {
    if (e === null || typeof e !== 'object') throw new TypeError(`${fn}: expected history.epochs[${i}] to be an object, got ${describeValue(e)}`);
  });
  const epochs = checkEpochs(fn, 'history.epochs[].epoch', list.map((e) => e.epoch));
  const required = (key: 'loss' | 'accuracy' | 'learningRate', needed: boolean): number[] =>
    needed ? list.map((e, i) => checkFiniteNumber(fn, `history.epochs[${i}].${key}`, e[key])) : [];
  const optional = (key: 'valLoss' | 'valAccuracy', needed: boolean): Array<number | undefined> =>
    list.map((e, i) => (needed && e[key] !== undefined ? checkFiniteNumber(fn, `history.epochs[${i}].${key}`, e[key]) : undefined));
  let bestEpoch: number | undefined;
  if (history.bestEpoch !== undefined) {
    bestEpoch = checkFiniteNumber(fn, 'history.bestEpoch', history.bestEpoch);
    if (!epochs.includes(bestEpoch)) {
      throw new RangeError(`${fn}: expected history.bestEpoch to be one of the history's epochs, got ${describeValue(bestEpoch)}`);
    }
  }
  return {
    epochs,
    loss: required('loss', needs.loss),
    accuracy: required('accuracy', needs.accuracy),
    valLoss: optional('valLoss', needs.loss),
    valAccuracy: optional('valAccuracy', needs.accuracy),
    learningRate: required('learningRate', needs.learningRate),
    bestEpoch,
    stoppedEarly: history.stoppedEarly === true,
  };
}

function fromTfjsHistory(fn: string, history: TfjsHistoryInput, needs: SeriesNeeds): TrainingSeries {
  const { epoch, history: logs } = history;
  if (!Array.isArray(epoch)) throw new TypeError(`${fn}: expected history.epoch to be an array, got ${describeValue(epoch)}`);
  if (epoch.length === 0) throw new RangeError(`${fn}: expected history.epoch to be a non-empty array, got an array of length 0`);
  if (logs === null || typeof logs !== 'object') {
    throw new TypeError(`${fn}: expected history.history to be an object of metric arrays, got ${describeValue(logs)}`);
  }
  // tfjs counts epochs from 0; Keras prints them from 1.
  const epochs = checkEpochs(fn, 'history.epoch', epoch).map((e) => e + 1);
  const series = (names: readonly string[], needed: boolean, optional: boolean): Array<number | undefined> | undefined => {
    if (!needed) return undefined;
    const key = names.find((name) => logs[name] !== undefined);
    if (key === undefined) {
      if (optional) return undefined;
      const hint = names.includes('acc') ? " (compile the model with metrics: ['accuracy'])" : '';
      throw new TypeError(
        `${fn}: expected history.history.${names.join(' or history.history.')} to be an array${hint}, got undefined`,
      );
    }
    const values = logs[key];
    if (!Array.isArray(values)) throw new TypeError(`${fn}: expected history.history.${key} to be an array, got ${describeValue(values)}`);
    if (values.length !== epochs.length) {
      throw new RangeError(
        `${fn}: expected history.history.${key} to have ${epochs.length} values (one per history.epoch), got ${values.length}`,
      );
    }
    return values.map((v, i) => checkFiniteNumber(fn, `history.history.${key}[${i}]`, v));
  };
  const none = (): Array<number | undefined> => epochs.map(() => undefined);
  return {
    epochs,
    loss: (series(KERAS_KEYS.loss, needs.loss, false) ?? []) as number[],
    accuracy: (series(KERAS_KEYS.accuracy, needs.accuracy, false) ?? []) as number[],
    valLoss: series(KERAS_KEYS.valLoss, needs.loss, true) ?? none(),
    valAccuracy: series(KERAS_KEYS.valAccuracy, needs.accuracy, true) ?? none(),
    learningRate: (series(KERAS_KEYS.learningRate, needs.learningRate, false) ?? []) as number[],
    bestEpoch: undefined,
    stoppedEarly: false,
  };
}
