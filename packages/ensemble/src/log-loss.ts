/** Internal: the probability floor of every log in the package (a zero probability costs −log(1e-7) ≈ 16.1). */
export const PROBABILITY_FLOOR = 1e-7;

/** Mean −log p(true class) of `[N, numClasses]` probabilities (floored at {@link PROBABILITY_FLOOR}), and accuracy. */
export function logLossAndAccuracy(probabilities: ArrayLike<number>, labels: ArrayLike<number>, numClasses: number): { logLoss: number; accuracy: number } {
  const count = labels.length;
  let loss = 0;
  let right = 0;
  for (let i = 0; i < count; i++) {
    const row = i * numClasses;
    const y = labels[i];
    loss -= Math.log(Math.max(probabilities[row + y], PROBABILITY_FLOOR));
    let best = 0;
    for (let c = 1; c < numClasses; c++) if (probabilities[row + c] > probabilities[row + best]) best = c;
    right += best === y ? 1 : 0;
  }
  return { logLoss: loss / count, accuracy: right / count };
}
