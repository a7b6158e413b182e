/** One entry of a recognition's ranking. */
export interface DigitProbability {
  /** The digit, 0–9. */
  digit: number;
  /** Its probability, 0–1. */
  probability: number;
}

/** The `k` most probable digits of one probability row, most probable first (ties: the smaller digit first). */
export function topDigits(probabilities: Float32Array, k: number): DigitProbability[] {
  const order = Array.from(probabilities, (probability, digit) => ({ digit, probability }));
  order.sort((a, b) => b.probability - a.probability || a.digit - b.digit);
  return order.slice(0, k);
}
