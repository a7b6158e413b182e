/** Messages between the page (main.ts) and the training worker (train-worker.ts). */
import type { ModelName } from '@digitkit/cnn-models';
import type { TrainingSettings } from './training-settings.js';

/** One of the top classes of a prediction. */
export interface TopClass {
  label: number;
  probability: number;
}

/** What the worker knows about the model that answers predictions. */
export interface ModelSummary {
  /** Registry name, or 'uploaded' for a model whose metadata does not say. */
  name: ModelName | 'uploaded';
  /** Accuracy on the 10,000 MNIST test images, measured after training (or after loading). */
  testAccuracy?: number;
  /** Training steps taken. */
  steps?: number;
  /** Set when the run was stopped early: the number of batches it finished. */
  stoppedAfterBatches?: number;
  /** Where the model came from. */
  source: 'trained' | 'indexeddb' | 'upload';
  /** Set when it was fine-tuned on the user's own drawings: how many. */
  fineTunedOn?: number;
  /** ISO time the model was trained. */
  trainedAt?: string;
  /** The settings it was trained with. */
  settings?: TrainingSettings;
}

/** The figures shown after training (SVG strings from @digitkit/viz-svg, rendered in the worker). */
export interface TrainingFigures {
  curves?: string;
  confusionMatrix: string;
  misclassified?: string;
}

/** Page → worker. */
export type ToWorker =
  | { type: 'train'; settings: TrainingSettings }
  | { type: 'stop' }
  | { type: 'predict'; id: number; pixels: Uint8Array }
  | { type: 'export' }
  | { type: 'import'; modelJson: string; weights: ArrayBuffer }
  | { type: 'fineTune'; train: UserExamples; heldOut: UserExamples; seed: number };

/** Digits the user drew, MNIST-normalized: `count` 28×28 byte images (white ink on black) and their labels. */
export interface UserExamples {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

/** The outcome of teaching the model the user's handwriting. */
export interface FineTuneResult {
  trainCount: number;
  heldOutCount: number;
  /** Right answers on the held-out drawings before and after fine-tuning. */
  heldOutRightBefore: number;
  heldOutRightAfter: number;
  /** MNIST test accuracy before and after (does it still read MNIST?). */
  testAccuracyBefore?: number;
  testAccuracyAfter: number;
  seconds: number;
}

/** tfjs model artifacts as plain data (what `model.save` hands an IO handler). */
export interface ExportedModel {
  modelJson: string;
  weights: ArrayBuffer;
}

/** Worker → page. */
export type FromWorker =
  | {
      type: 'ready';
      backend: string;
      simd: boolean;
      threads: number;
      crossOriginIsolated: boolean;
      trainCount: number;
      testCount: number;
      model?: ModelSummary;
      /** The ready-made recognizer of @digitkit/recognizer that answers until a model is trained or loaded. */
      shipped?: { architecture: string; testAccuracy: number };
    }
  | {
      type: 'progress';
      epoch: number;
      epochs: number;
      batch: number;
      batches: number;
      step: number;
      totalSteps: number;
      loss: number;
      accuracy: number;
      imagesPerSecond: number;
      secondsLeft: number;
      /** Per-step history so far, for the live curve (loss, accuracy of each logged step). */
      curve?: string;
    }
  | { type: 'phase'; text: string }
  | {
      type: 'done';
      model: ModelSummary;
      /** Mean training-batch accuracy of the last 20 batches. */
      lastBatchAccuracy: number;
      seconds: number;
      imagesPerSecond: number;
      figures: TrainingFigures;
      saved: boolean;
    }
  | { type: 'prediction'; id: number; top?: TopClass[]; model?: 'shipped' | string }
  | { type: 'exported'; model: ExportedModel }
  | { type: 'imported'; model: ModelSummary }
  | { type: 'fineTuned'; model: ModelSummary; result: FineTuneResult }
  | { type: 'error'; during: 'start' | 'train' | 'import' | 'export' | 'predict' | 'fineTune'; message: string };
