/**
 * Every value in every scikit-learn 1.2 fixture under ../shared/fixtures/metrics must be reproduced to 1e-9.
 * An expected key this test does not know fails the test: nothing in a fixture is skipped.
 */
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  balancedAccuracy,
  classificationReport,
  cohenKappa,
  confusionMatrix,
  evaluateClassifier,
  logLoss,
  matthewsCorrcoef,
  perClassRocAuc,
  precisionRecallF1,
  rocAucOvr,
  topKAccuracy,
} from './index.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  COMMITTED_FIXTURE_DIR,
  expectClose,
  FIXTURE_DIR,
  fixtureFiles,
  leaves,
  loadFixtures,
  SHARED_FIXTURE_DIR,
  type MetricFixture,
} from './test-support/fixtures.js';

type Computed = { value: unknown } | { unknown: true };

/** What this package computes for one expected key (a dotted path into `expected`). */
function compute(path: string, f: MetricFixture): Computed {
  const { yTrue, yPred, numClasses } = f;
  const scores = () => {
    if (!f.yScore) throw new Error(`${f.file}: ${path} needs yScore but the fixture has none`);
    return f.yScore;
  };
  if (path === 'accuracy') return { value: accuracy(yTrue, yPred) };
  if (path === 'balancedAccuracy') return { value: balancedAccuracy(yTrue, yPred, { numClasses }) };
  if (path === 'confusionMatrix') return { value: confusionMatrix(yTrue, yPred, { numClasses }) };
  if (path === 'cohenKappa') return { value: cohenKappa(yTrue, yPred, { numClasses }) };
  if (path === 'matthewsCorrcoef') return { value: matthewsCorrcoef(yTrue, yPred, { numClasses }) };
  if (path === 'logLoss') return { value: logLoss(yTrue, scores(), { numClasses }) };
  if (path === 'perClassRocAuc') return { value: perClassRocAuc(yTrue, scores(), { numClasses }) };
  const perClassMatch = /^perClass\.(precision|recall|f1|support)$/.exec(path);
  if (perClassMatch) {
    const key = perClassMatch[1] as 'precision' | 'recall' | 'f1' | 'support';
    return { value: precisionRecallF1(yTrue, yPred, { numClasses, average: 'none' })[key] };
  }
  const averageMatch = /^averages\.(macro|micro|weighted)\.(precision|recall|f1|support)$/.exec(path);
  if (averageMatch) {
    const average = averageMatch[1] as 'macro' | 'micro' | 'weighted';
    const key = averageMatch[2] as 'precision' | 'recall' | 'f1' | 'support';
    return { value: precisionRecallF1(yTrue, yPred, { numClasses, average })[key] };
  }
  const topKMatch = /^top(\d+)Accuracy$/.exec(path);
  if (topKMatch) return { value: topKAccuracy(yTrue, scores(), Number(topKMatch[1]), { numClasses }) };
  const aucMatch = /^rocAucOvr(Macro|Weighted)$/.exec(path);
  if (aucMatch) {
    const average = aucMatch[1] === 'Macro' ? 'macro' : 'weighted';
    return { value: rocAucOvr(yTrue, scores(), { numClasses, average }) };
  }
  return { unknown: true };
}

const fixtures = loadFixtures();

describe.skipIf(!existsSync(SHARED_FIXTURE_DIR))('the committed copy of the shared fixtures', () => {
  it('holds exactly the files of ../shared/fixtures/metrics, byte for byte', () => {
    expect(fixtureFiles(COMMITTED_FIXTURE_DIR)).toEqual(fixtureFiles(SHARED_FIXTURE_DIR));
    for (const file of fixtureFiles(SHARED_FIXTURE_DIR)) {
      expect(readFileSync(join(COMMITTED_FIXTURE_DIR, file), 'utf8'), file).toBe(readFileSync(join(SHARED_FIXTURE_DIR, file), 'utf8'));
    }
  });
});

describe(`scikit-learn fixtures in ${FIXTURE_DIR}`, () => {
  it('finds the fixture files', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(3);
  });

  for (const fixture of fixtures) {
    describe(fixture.file, () => {
      const expectedLeaves = leaves(fixture.expected);

      it('has only expected keys this test knows how to compute', () => {
        const unknown = expectedLeaves.map(([path]) => path).filter((path) => 'unknown' in compute(path, fixture));
        expect(unknown).toEqual([]);
      });

      for (const [path, expected] of expectedLeaves) {
        it(`matches expected.${path}`, () => {
          const computed = compute(path, fixture);
          expect('value' in computed, `no computation for ${path}`).toBe(true);
          expectClose((computed as { value: unknown }).value, expected, `${fixture.file} ${path}`);
        });
      }

      it('gives the same numbers through classificationReport', () => {
        const e = fixture.expected as {
          perClass: { precision: number[]; recall: number[]; f1: number[]; support: number[] };
          averages: Record<'macro' | 'weighted' | 'micro', { precision: number; recall: number; f1: number }>;
          accuracy: number;
        };
        const report = classificationReport(fixture.yTrue, fixture.yPred, { numClasses: fixture.numClasses });
        expect(report.perClass.map((row) => row.label)).toEqual(
          Array.from({ length: fixture.numClasses }, (_, c) => String(c)),
        );
        for (const key of ['precision', 'recall', 'f1', 'support'] as const) {
          expectClose(
            report.perClass.map((row) => row[key]),
            e.perClass[key],
            `report perClass ${key}`,
          );
        }
        for (const key of ['precision', 'recall', 'f1'] as const) {
          expectClose(report.macro[key], e.averages.macro[key], `report macro ${key}`);
          expectClose(report.weighted[key], e.averages.weighted[key], `report weighted ${key}`);
        }
        expectClose(report.accuracy, e.accuracy, 'report accuracy');
        expect(report.macro.support).toBe(fixture.yTrue.length);
      });

      if (fixture.yScore) {
        it('gives the same numbers through evaluateClassifier (flat Float64Array and rows)', () => {
          const e = fixture.expected as Record<string, unknown>;
          const flat = Float64Array.from(fixture.yScore!.flat());
          for (const yScore of [fixture.yScore!, flat]) {
            const result = evaluateClassifier(fixture.yTrue, yScore, { numClasses: fixture.numClasses });
            // The fixtures' yPred is the arg-max of yScore, so every label metric must agree too.
            expect(result.yPred).toEqual(fixture.yPred);
            expectClose(result.accuracy, e.accuracy, 'accuracy');
            expectClose(result.balancedAccuracy, e.balancedAccuracy, 'balancedAccuracy');
            expectClose(result.confusionMatrix, e.confusionMatrix, 'confusionMatrix');
            expectClose(result.cohenKappa, e.cohenKappa, 'cohenKappa');
            expectClose(result.matthewsCorrcoef, e.matthewsCorrcoef, 'matthewsCorrcoef');
            const averages = e.averages as Record<string, Record<string, number>>;
            expectClose(result.precisionMacro, averages.macro.precision, 'precisionMacro');
            expectClose(result.recallMacro, averages.macro.recall, 'recallMacro');
            expectClose(result.f1Macro, averages.macro.f1, 'f1Macro');
            if ('logLoss' in e) expectClose(result.logLoss, e.logLoss, 'logLoss');
            if ('top2Accuracy' in e) expectClose(result.topKAccuracy[2], e.top2Accuracy, 'topKAccuracy[2]');
            if ('perClassRocAuc' in e) {
              expectClose(result.rocAuc.perClass, e.perClassRocAuc, 'rocAuc.perClass');
              expectClose(
                result.rocCurves.map((curve) => curve.auc),
                e.perClassRocAuc,
                'rocCurves auc',
              );
            }
            if ('rocAucOvrMacro' in e) expectClose(result.rocAuc.macro, e.rocAucOvrMacro, 'rocAuc.macro');
            if ('rocAucOvrWeighted' in e) expectClose(result.rocAuc.weighted, e.rocAucOvrWeighted, 'rocAuc.weighted');
          }
        });
      }
    });
  }
});
