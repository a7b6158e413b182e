import type { ClassicModelJson } from './serialization/model-json.js';

/** The kinds of model this package fits (the `kind` of every model and of its JSON). */
export type ClassicModelKind =
  | 'k-nearest-neighbors'
  | 'support-vector-machine'
  | 'logistic-regression'
  | 'linear-support-vector-machine'
  | 'pca';

/**
 * What every classifier of `@digitkit/classic-models` offers. `Input` is what it predicts on: a `DigitDataset`
 * (pixels scaled by 1/255, as when it was fitted on one), a `FeatureMatrix` or a tensor `[N, ...]`.
 */
export interface ClassicClassifier<Input> {
  /** Which model this is. */
  readonly kind: Exclude<ClassicModelKind, 'pca'>;
  /** Number of classes `K`. */
  readonly numClasses: number;
  /** Features per example `F` it was fitted on (784 for 28×28 images). */
  readonly numFeatures: number;
  /**
   * Class probabilities, `[N, K]` row-major float32 (each row sums to 1): the shape `@digitkit/ensemble` and
   * `@digitkit/metrics` take unchanged.
   */
  predictProbabilities(input: Input): Promise<Float32Array>;
  /** The most probable class of each example (`N` indices; the lowest index wins ties). */
  predict(input: Input): Promise<Int32Array>;
  /** The whole model as JSON-safe data (arrays base64-encoded); restore it with `classicModelFromJson`. */
  toJSON(): ClassicModelJson;
}
