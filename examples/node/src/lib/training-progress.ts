import cliProgress from 'cli-progress';
import type { BatchLog, EpochLog } from '@digitkit/cnn-models';

/** Options of {@link createTrainingProgress}. */
export interface TrainingProgressOptions {
  /** Total epochs of the run (a resumed run counts the epochs already done). */
  epochs: number;
  /** Training examples per epoch. */
  imagesPerEpoch: number;
  /** Draw a live bar (on stderr) — only when stderr is a terminal. */
  bar: boolean;
  /** Where epoch summary lines go when there is no bar (with a bar they are printed above it, on stderr). */
  out: (line: string) => void;
}

/** Live progress of a training run: a cli-progress bar with loss, accuracy, images/s and ETA, plus one line per epoch. */
export interface TrainingProgress {
  onBatchEnd(log: BatchLog): void;
  onEpochEnd(log: EpochLog): void;
  stop(): void;
}

/** Formats seconds as `1m05s` / `42s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/**
 * Creates the progress display; smoothed loss/accuracy are running means over the current epoch. The epochs finished
 * before this process started (resume) are learnt from the first step's epoch, so the checkpoint is not read twice.
 */
export function createTrainingProgress(options: TrainingProgressOptions): TrainingProgress {
  const total = options.epochs * options.imagesPerEpoch;
  const start = performance.now();
  let done = 0;
  let startDone: number | undefined;
  let epochLoss = 0;
  let epochCorrect = 0;
  let epochSeen = 0;
  let currentEpoch = 1;
  const multibar = options.bar
    ? new cliProgress.MultiBar(
        {
          format:
            ' epoch {epoch}/{epochs} |{bar}| {percentage}% | loss {loss} acc {acc} | {speed} img/s | ETA {etaText}',
          barsize: 24,
          hideCursor: true,
          clearOnComplete: true,
          stream: process.stderr,
          fps: 5,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const bar = multibar?.create(total, done, payload());

  function payload() {
    const seconds = (performance.now() - start) / 1000;
    const speed = seconds > 0 && startDone !== undefined ? (done - startDone) / seconds : 0;
    const eta = speed > 0 ? (total - done) / speed : Number.NaN;
    return {
      epoch: currentEpoch,
      epochs: options.epochs,
      loss: epochSeen > 0 ? (epochLoss / epochSeen).toFixed(4) : '-.----',
      acc: epochSeen > 0 ? (epochCorrect / epochSeen).toFixed(4) : '-.----',
      speed: speed.toFixed(0).padStart(4),
      etaText: formatDuration(eta),
    };
  }

  return {
    onBatchEnd(log) {
      if (startDone === undefined) {
        startDone = done = (log.epoch - 1) * options.imagesPerEpoch;
        currentEpoch = log.epoch;
      }
      if (log.epoch !== currentEpoch) {
        currentEpoch = log.epoch;
        epochLoss = 0;
        epochCorrect = 0;
        epochSeen = 0;
      }
      done += log.size;
      epochLoss += log.loss * log.size;
      epochCorrect += log.accuracy * log.size;
      epochSeen += log.size;
      bar?.update(done, payload());
    },
    onEpochEnd(log) {
      const validation =
        log.valLoss === undefined ? '' : ` | val loss ${log.valLoss.toFixed(4)} acc ${(log.valAccuracy ?? 0).toFixed(4)}`;
      const line =
        `epoch ${log.epoch}/${options.epochs}: loss ${log.loss.toFixed(4)} acc ${log.accuracy.toFixed(4)}${validation}` +
        ` | lr ${log.learningRate.toExponential(2)} | ${log.imagesPerSecond.toFixed(0)} img/s | ${formatDuration(log.seconds)}`;
      // Keep the epoch's full count even if the next epoch's first batch has not come yet.
      done = log.epoch * options.imagesPerEpoch;
      currentEpoch = log.epoch + 1 <= options.epochs ? log.epoch + 1 : log.epoch;
      epochLoss = 0;
      epochCorrect = 0;
      epochSeen = 0;
      if (multibar) {
        // The bar owns the terminal: print the line above it.
        multibar.log(`${line}\n`);
        bar?.update(done, payload());
      } else {
        options.out(line);
      }
    },
    stop() {
      multibar?.stop();
    },
  };
}
