import { renderModelComparison, renderReportHtml, type ReportSection } from '@digitkit/viz-svg';
import type { FewLabelsFile } from './few-labels.js';
import { formatDuration } from './training-progress.js';

const percent = (x: number) => `${(100 * x).toFixed(2)}%`;

/** `report.html` of a few-labels run: the accuracy-vs-labels table and figure, and every run's validation curve. */
export function buildFewLabelsReport(file: FewLabelsFile): string {
  const c = file.config;
  const perClass = c.labelsPerClass.filter((n) => file.results.some((r) => r.labelsPerClass === n));
  const rows = perClass.map((n) => {
    const row: { name: string; [k: string]: string | number } = { name: `${n} per class` };
    for (const r of file.results.filter((r) => r.labelsPerClass === n)) row[r.variant] = 100 * r.testAccuracy;
    return row;
  });
  const metrics = ['supervised', ...(c.unlabeled ? ['fixmatch'] : [])].filter((m) => rows.every((row) => typeof row[m] === 'number'));
  const sections: ReportSection[] = [
    {
      title: 'Setup',
      text: [
        `For every N, a seeded class-balanced draw from the ${c.limit === null ? '60,000' : `first ${c.limit}`} training images: N labelled images per class for training, ` +
          `${c.validationPerClass} labelled images per class as the validation part (used only to pick the best checkpoint, never for gradients; they are extra labels: ` +
          `${c.validationPerClass * 10} images), and every other training image without its label (FixMatch only; the trainer takes images only).`,
        `supervised = ${c.model} trained on the N·10 labelled images alone${c.baselineAugment === false ? ' (no augmentation: the images as they are)' : ' (with the weak augmentation)'}; ` +
          `FixMatch = the same network, steps (${c.steps}), batches (${c.batchSize} labelled per step), ` +
          `weak augmentation, schedule and EMA (${c.emaDecay}) plus the unlabelled term: μ = ${c.unlabeledRatio}, τ = ${c.threshold}, λ_u = ${c.unlabeledWeight}` +
          `${c.warmupSteps > 0 ? `, after ${c.warmupSteps} labelled-only warm-up steps` : ''}` +
          `${c.selfTrainingRounds > 0 ? `, and ${c.selfTrainingRounds} self-training rounds (the EMA model pseudo-labels the most confident images of each predicted class, up to ${100 * c.selfTrainingFraction}% of the unlabelled images at the last round; they join the labelled batches)` : ''}; strong view = stronger geometry plus one random corruption ` +
          `(noise, blur, contrast, stripes, block occlusion, erode/dilate). Adam ${c.learningRate} with FixMatch's cosine decay; seed ${c.seed}.`,
        `Test accuracy on ${file.test} test images; ${file.backend} backend.`,
      ],
      table: {
        columns: ['labels per class', 'variant', 'labelled', 'validation', 'unlabelled', 'test accuracy', 'best step', 'val accuracy', 'train time'],
        rows: file.results.map((r) => [
          r.labelsPerClass, r.variant, r.labelled, r.validation, r.unlabelled, percent(r.testAccuracy), r.bestStep, percent(r.bestValAccuracy), formatDuration(r.trainSeconds),
        ]),
      },
    },
  ];
  if (rows.length > 0 && metrics.length > 0) {
    sections.push({
      title: 'Test accuracy vs labels per class',
      svg: renderModelComparison(rows, { title: 'Test accuracy (%): supervised on the labelled images vs FixMatch', metrics }),
    });
  }
  sections.push({
    title: 'Validation accuracy during training',
    table: file.results.map((r) => ({
      caption: `${r.labelsPerClass} per class, ${r.variant}`,
      columns: ['step', 'loss', 'labelled loss', 'unlabelled loss', 'mask rate', 'val loss', 'val accuracy'],
      rows: r.history.evaluations.map((e) => [
        e.step, e.loss.toFixed(4), e.supervisedLoss.toFixed(4), e.unlabelledLoss.toFixed(4), percent(e.maskRate), e.valLoss.toFixed(4), percent(e.valAccuracy),
      ]),
    })),
  });
  return renderReportHtml({ title: 'Few labels: supervised vs FixMatch', subtitle: `${file.updatedAt} — ${file.command}`, sections });
}
