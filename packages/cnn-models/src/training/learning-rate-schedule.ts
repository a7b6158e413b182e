import { checkOptions } from '@digitkit/core';
/** Exponential decay: `lr · decayRate^(epochProgress / decayEpochs)` (continuous per step unless `staircase`). */
export interface ExponentialSchedule {
  type: 'exponential';
  /** Multiplier per `decayEpochs`, in (0, 1]. Default `0.95`. */
  decayRate?: number;
  /** Epochs per decay period. Default `1`. */
  decayEpochs?: number;
  /** Decay in whole periods (a step function) instead of continuously. Default `false`. */
  staircase?: boolean;
}

/** Cosine decay from `lr` to `minLearningRate` over the run, after an optional linear warm-up. */
export interface CosineSchedule {
  type: 'cosine';
  /** Final learning rate. Default `0`. */
  minLearningRate?: number;
  /** Epochs of linear warm-up from `lr / warmupSteps` to `lr`. Default `0`. */
  warmupEpochs?: number;
}

/**
 * One-cycle policy (Smith & Topin 2018, as PyTorch's `OneCycleLR` with cosine annealing): `lr` is the peak; the
 * rate rises from `lr / divFactor` to `lr` over the first `pctStart` of the steps, then falls to
 * `lr / (divFactor · finalDivFactor)`.
 */
export interface OneCycleSchedule {
  type: 'one-cycle';
  /** Fraction of the steps spent rising, in (0, 1). Default `0.3`. */
  pctStart?: number;
  /** Initial rate = peak / divFactor. Default `25`. */
  divFactor?: number;
  /** Final rate = initial / finalDivFactor. Default `1e4`. */
  finalDivFactor?: number;
}

/** A learning-rate schedule, evaluated once per training step (batch). */
export type LearningRateSchedule = ExponentialSchedule | CosineSchedule | OneCycleSchedule;

/** Schedule names accepted as shorthand for the schedule with default settings. */
export type LearningRateScheduleName = LearningRateSchedule['type'];

/** Where training stands when a schedule is evaluated. */
export interface ScheduleProgress {
  /** Base (for one-cycle: peak) learning rate. */
  learningRate: number;
  /** 0-based global step (batches done before this one, across epochs). */
  step: number;
  /** Steps (batches) per epoch. */
  stepsPerEpoch: number;
  /** Steps in the whole run (`epochs × stepsPerEpoch`). */
  totalSteps: number;
}

/** Validates a schedule (or shorthand name) and returns it with defaults filled in. */
export function resolveSchedule(
  functionName: string,
  schedule: LearningRateSchedule | LearningRateScheduleName,
): Required<ExponentialSchedule> | Required<CosineSchedule> | Required<OneCycleSchedule> {
  const s: LearningRateSchedule = typeof schedule === 'string' ? ({ type: schedule } as LearningRateSchedule) : schedule;
  if (typeof s !== 'object' || s === null) {
    throw new TypeError(`${functionName}: expected schedule to be a schedule object or name, got ${String(schedule)}`);
  }
  const keys = { exponential: ['decayRate', 'decayEpochs', 'staircase'], cosine: ['minLearningRate', 'warmupEpochs'], 'one-cycle': ['pctStart', 'divFactor', 'finalDivFactor'] }[s.type as string];
  if (keys !== undefined) checkOptions(functionName, s, ['type', ...keys], 'options.schedule');
  const check = (name: string, value: number, ok: boolean, expected: string): void => {
    if (typeof value !== 'number' || !ok) {
      throw new RangeError(`${functionName}: expected schedule.${name} ${expected}, got ${String(value)}`);
    }
  };
  switch (s.type) {
    case 'exponential': {
      const decayRate = s.decayRate ?? 0.95;
      const decayEpochs = s.decayEpochs ?? 1;
      check('decayRate', decayRate, decayRate > 0 && decayRate <= 1, 'in (0, 1]');
      check('decayEpochs', decayEpochs, decayEpochs > 0 && Number.isFinite(decayEpochs), 'to be a finite number > 0');
      return { type: 'exponential', decayRate, decayEpochs, staircase: s.staircase ?? false };
    }
    case 'cosine': {
      const minLearningRate = s.minLearningRate ?? 0;
      const warmupEpochs = s.warmupEpochs ?? 0;
      check('minLearningRate', minLearningRate, minLearningRate >= 0 && Number.isFinite(minLearningRate), 'to be a finite number >= 0');
      check('warmupEpochs', warmupEpochs, warmupEpochs >= 0 && Number.isFinite(warmupEpochs), 'to be a finite number >= 0');
      return { type: 'cosine', minLearningRate, warmupEpochs };
    }
    case 'one-cycle': {
      const pctStart = s.pctStart ?? 0.3;
      const divFactor = s.divFactor ?? 25;
      const finalDivFactor = s.finalDivFactor ?? 1e4;
      check('pctStart', pctStart, pctStart > 0 && pctStart < 1, 'in (0, 1)');
      check('divFactor', divFactor, divFactor >= 1 && Number.isFinite(divFactor), 'to be a finite number >= 1');
      check('finalDivFactor', finalDivFactor, finalDivFactor >= 1 && Number.isFinite(finalDivFactor), 'to be a finite number >= 1');
      return { type: 'one-cycle', pctStart, divFactor, finalDivFactor };
    }
    default:
      throw new TypeError(
        `${functionName}: expected schedule type 'exponential', 'cosine' or 'one-cycle', got ${JSON.stringify((s as { type?: unknown }).type)}`,
      );
  }
}

/**
 * The learning rate of one training step under a schedule — a pure function of the step, so a resumed run
 * continues the schedule exactly.
 *
 * @param schedule - A schedule or its name (defaults as documented per schedule type).
 * @param progress - Base rate, 0-based global step, steps per epoch and total steps.
 * @returns The learning rate for step `progress.step`.
 */
export function learningRateAt(
  schedule: LearningRateSchedule | LearningRateScheduleName,
  progress: ScheduleProgress,
): number {
  const s = resolveSchedule('learningRateAt', schedule);
  const { learningRate: lr, step, stepsPerEpoch, totalSteps } = progress;
  if (!(lr > 0) || !Number.isInteger(step) || step < 0 || !(stepsPerEpoch >= 1) || !(totalSteps >= 1)) {
    throw new RangeError(
      `learningRateAt: expected learningRate > 0, integer step >= 0, stepsPerEpoch >= 1 and totalSteps >= 1, got ${JSON.stringify(progress)}`,
    );
  }
  switch (s.type) {
    case 'exponential': {
      const periods = step / (stepsPerEpoch * s.decayEpochs);
      return lr * s.decayRate ** (s.staircase ? Math.floor(periods) : periods);
    }
    case 'cosine': {
      const warmupSteps = Math.round(s.warmupEpochs * stepsPerEpoch);
      if (step < warmupSteps) return (lr * (step + 1)) / warmupSteps;
      const span = Math.max(1, totalSteps - warmupSteps);
      const t = Math.min(1, (step - warmupSteps) / span);
      return s.minLearningRate + (lr - s.minLearningRate) * 0.5 * (1 + Math.cos(Math.PI * t));
    }
    case 'one-cycle': {
      const initial = lr / s.divFactor;
      const final = initial / s.finalDivFactor;
      const peakStep = s.pctStart * totalSteps - 1;
      const lastStep = totalSteps - 1;
      const cosineAnneal = (from: number, to: number, t: number): number =>
        to + ((from - to) / 2) * (1 + Math.cos(Math.PI * Math.min(1, Math.max(0, t))));
      if (step <= peakStep) return cosineAnneal(initial, lr, peakStep <= 0 ? 1 : step / peakStep);
      return cosineAnneal(lr, final, (step - peakStep) / Math.max(1e-12, lastStep - peakStep));
    }
  }
}
