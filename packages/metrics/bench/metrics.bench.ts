/**
 * Speed of the metrics on realistic sizes (prints figures; not a test).
 *   pnpm bench
 * Targets (issue 3): confusion matrix + classification report on 1,000,000 predictions <= 50 ms;
 * rocAucOvr on 10,000 x 10 scores <= 50 ms. The machine is shared, so the median of several runs is
 * reported, next to a naive peer (the same work with plain arrays and comparator sorts) measured in the
 * same run for a noise-independent ratio.
 */
import { classificationReport, confusionMatrix, evaluateClassifier, rocAucOvr } from '../src/index.js';
import { seeded } from '../src/test-support/seeded-random.js';


function median(fn: () => void, runs: number): { median: number; min: number } {
  fn(); // warm-up
  fn();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)], min: times[0] };
}

function labels(count: number, numClasses: number, seed: number): { yTrue: Uint8Array; yPred: Uint8Array } {
  const random = seeded(seed);
  const yTrue = new Uint8Array(count);
  const yPred = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    yTrue[i] = Math.floor(random() * numClasses);
    yPred[i] = random() < 0.9 ? yTrue[i] : Math.floor(random() * numClasses);
  }
  return { yTrue, yPred };
}

function softmaxScores(yTrue: ArrayLike<number>, numClasses: number, seed: number): Float32Array {
  const random = seeded(seed);
  const scores = new Float32Array(yTrue.length * numClasses);
  for (let i = 0; i < yTrue.length; i++) {
    let sum = 0;
    for (let c = 0; c < numClasses; c++) {
      const v = Math.exp(3 * random() + (c === yTrue[i] ? 2.5 : 0));
      scores[i * numClasses + c] = v;
      sum += v;
    }
    for (let c = 0; c < numClasses; c++) scores[i * numClasses + c] /= sum;
  }
  return scores;
}

/** Naive peer: AUC per class with an index sort by comparator and a rank sum (no typed-array sort). */
function naiveRocAucOvr(yTrue: ArrayLike<number>, scores: Float32Array, numClasses: number): number {
  const n = yTrue.length;
  let total = 0;
  for (let c = 0; c < numClasses; c++) {
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => scores[a * numClasses + c] - scores[b * numClasses + c],
    );
    let rankSumPositives = 0;
    let positives = 0;
    for (let i = 0; i < n; ) {
      let j = i;
      while (j + 1 < n && scores[order[j + 1] * numClasses + c] === scores[order[i] * numClasses + c]) j++;
      const rank = (i + j + 2) / 2;
      for (let k = i; k <= j; k++)
        if (yTrue[order[k]] === c) {
          rankSumPositives += rank;
          positives++;
        }
      i = j + 1;
    }
    total += (rankSumPositives - (positives * (positives + 1)) / 2) / (positives * (n - positives));
  }
  return total / numClasses;
}

const format = (ms: number) => `${ms.toFixed(2)} ms`;
console.log(`@digitkit/metrics benchmark — Node ${process.version}, ${new Date().toISOString()}`);

{
  const count = 1_000_000;
  const numClasses = 10;
  const { yTrue, yPred } = labels(count, numClasses, 1);
  const typed = median(() => {
    confusionMatrix(yTrue, yPred, { numClasses });
    classificationReport(yTrue, yPred, { numClasses });
  }, 15);
  const plainTrue = Array.from(yTrue);
  const plainPred = Array.from(yPred);
  const plain = median(() => {
    confusionMatrix(plainTrue, plainPred, { numClasses });
    classificationReport(plainTrue, plainPred, { numClasses });
  }, 15);
  console.log(
    `confusionMatrix + classificationReport, ${count.toLocaleString('en-US')} predictions, 10 classes:\n` +
      `  Uint8Array labels: median ${format(typed.median)} (min ${format(typed.min)})   target <= 50 ms: ${typed.median <= 50 ? 'met' : 'NOT met'}\n` +
      `  number[] labels:   median ${format(plain.median)} (min ${format(plain.min)})`,
  );
}

{
  const count = 10_000;
  const numClasses = 10;
  const { yTrue } = labels(count, numClasses, 2);
  const scores = softmaxScores(yTrue, numClasses, 3);
  const ours = median(() => rocAucOvr(yTrue, scores, { numClasses }), 25);
  const naive = median(() => naiveRocAucOvr(yTrue, scores, numClasses), 25);
  const a = rocAucOvr(yTrue, scores, { numClasses });
  const b = naiveRocAucOvr(yTrue, scores, numClasses);
  console.log(
    `rocAucOvr, ${count.toLocaleString('en-US')} x ${numClasses} Float32Array scores:\n` +
      `  median ${format(ours.median)} (min ${format(ours.min)})   target <= 50 ms: ${ours.median <= 50 ? 'met' : 'NOT met'}\n` +
      `  naive peer (comparator index sort + rank sum): median ${format(naive.median)}; ratio ${(naive.median / ours.median).toFixed(1)}x` +
      `; |difference| ${Math.abs(a - b).toExponential(1)}`,
  );
  const rows = Array.from({ length: count }, (_, i) =>
    Array.from(scores.subarray(i * numClasses, (i + 1) * numClasses)),
  );
  const fromRows = median(() => rocAucOvr(yTrue, rows), 25);
  console.log(`  same scores as number[][] rows: median ${format(fromRows.median)}`);
  const evaluate = median(() => evaluateClassifier(yTrue, scores, { numClasses }), 9);
  console.log(
    `evaluateClassifier (everything incl. ROC curves and calibration), 10,000 x 10: median ${format(evaluate.median)}`,
  );
}
{
  const count = 1_000_000;
  const numClasses = 10;
  const { yTrue } = labels(count, numClasses, 4);
  const scores = softmaxScores(yTrue, numClasses, 5);
  const big = median(() => rocAucOvr(yTrue, scores, { numClasses }), 3);
  console.log(`rocAucOvr, 1,000,000 x 10 Float32Array scores: median ${format(big.median)}`);
}
