/** Metrics of one finished epoch. */
export interface EpochLog {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean categorical cross-entropy over the epoch's training batches (dropout active, augmented data). */
  loss: number;
  /** Fraction of training examples classified correctly during the epoch, in [0, 1]. */
  accuracy: number;
  /** Categorical cross-entropy on the validation data after the epoch (when `validationData` was given). */
  valLoss?: number;
  /** Validation accuracy after the epoch, in [0, 1] (when `validationData` was given). */
  valAccuracy?: number;
  /** Learning rate of the epoch's last step. */
  learningRate: number;
  /** Wall time of the epoch in seconds, training and validation. */
  seconds: number;
  /** Training throughput: training examples divided by the seconds spent on training steps. */
  imagesPerSecond: number;
}

/** What `trainClassifier` returns. */
export interface TrainingHistory {
  /** One entry per finished epoch, in order (including epochs finished before a resume). */
  epochs: EpochLog[];
  /**
   * 1-based epoch with the best monitored value: early stopping's monitor when configured, otherwise the lowest
   * validation loss when validation data was given, otherwise undefined. Chosen on validation data only.
   */
  bestEpoch?: number;
  /** Training stopped before `epochs` because early stopping triggered. */
  stoppedEarly: boolean;
}
