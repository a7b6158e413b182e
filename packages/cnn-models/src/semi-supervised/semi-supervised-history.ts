/** One validation evaluation of {@link trainSemiSupervised} (after `step` optimizer steps). */
export interface SemiSupervisedEvaluation {
  /** Optimizer steps done (1-based count). */
  step: number;
  /** Mean total loss `supervised + λ_u · unlabelled` over the steps since the last evaluation. */
  loss: number;
  /** Mean cross-entropy on the weakly augmented labelled batches over those steps. */
  supervisedLoss: number;
  /** Mean masked cross-entropy of the strong views against the pseudo-labels (0 without unlabelled images). */
  unlabelledLoss: number;
  /** Fraction of unlabelled images whose weak-view confidence reached the threshold (0 without unlabelled images). */
  maskRate: number;
  /** Cross-entropy on the labelled validation part (the evaluated weights: the EMA when `emaDecay > 0`). */
  valLoss: number;
  /** Accuracy on the labelled validation part, in `[0, 1]`. */
  valAccuracy: number;
  /** Learning rate of the last step. */
  learningRate: number;
  /** Seconds since the run (or its resume) started. */
  seconds: number;
}

/** What {@link trainSemiSupervised} returns. */
export interface SemiSupervisedHistory {
  /** `'fixmatch'` with unlabelled images, `'supervised'` (the baseline) without. */
  mode: 'fixmatch' | 'supervised';
  /** Every validation evaluation, in step order. */
  evaluations: SemiSupervisedEvaluation[];
  /** Step of the best validation accuracy (ties: lower validation loss); its weights are in the model. */
  bestStep: number;
  /** Validation accuracy at `bestStep`. */
  bestValAccuracy: number;
  /** Steps done. */
  steps: number;
  /** Self-training rounds so far: the step each started at and its pseudo-labelled images per predicted class. */
  rounds: Array<{ step: number; perClass: number[] }>;
}
