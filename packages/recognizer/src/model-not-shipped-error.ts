import { DigitKitError } from '@digitkit/core';

/** Details of a {@link ModelNotShippedError}. */
export interface ModelNotShippedErrorDetails {
  /** The function that was asked for the model. */
  functionName: string;
  /** The model that was asked for. */
  model: string;
  /** The models this version ships. */
  shipped: readonly string[];
  /** What to do instead. */
  fix?: string;
}

/**
 * A known model choice whose weights this version of `@digitkit/recognizer` does not ship (for example
 * `'ensemble'` before its members are trained and measured). `error.model` is the choice, `error.shipped` the ones
 * that load.
 */
export class ModelNotShippedError extends DigitKitError {
  readonly model: string;
  readonly shipped: readonly string[];

  constructor(details: ModelNotShippedErrorDetails) {
    const fix = details.fix === undefined ? '' : `; ${details.fix}`;
    super(
      `${details.functionName}: expected a model this version ships (${details.shipped.map((name) => `'${name}'`).join(', ')}), got '${details.model}', which is not shipped in this version${fix}`,
    );
    this.name = 'ModelNotShippedError';
    this.model = details.model;
    this.shipped = Object.freeze([...details.shipped]);
  }
}
