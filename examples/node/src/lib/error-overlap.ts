/**
 * Error overlap (diversity) of several classifiers on the same examples: `matrix[i][j]` is the number of examples
 * both model i and model j get wrong (the diagonal: each model's errors). Few shared errors between two accurate
 * models is what lets an ensemble beat both. @digitkit/metrics has no diversity measure; this is the CLI's until it
 * does.
 *
 * @param labels - True labels, length N.
 * @param predictions - One label array (length N) per model.
 */
export function errorOverlap(labels: ArrayLike<number>, predictions: ReadonlyArray<ArrayLike<number>>): number[][] {
  const wrong = predictions.map((predicted, m) => {
    if (predicted.length !== labels.length) {
      throw new RangeError(`errorOverlap: expected ${labels.length} predictions of model ${m}, got ${predicted.length}`);
    }
    const indices: number[] = [];
    for (let i = 0; i < labels.length; i++) if (predicted[i] !== labels[i]) indices.push(i);
    return new Set(indices);
  });
  return wrong.map((a) => wrong.map((b) => [...a].filter((i) => b.has(i)).length));
}
