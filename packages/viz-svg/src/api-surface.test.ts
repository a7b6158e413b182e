import { expect, it } from 'vitest';
import * as api from './index.js';

it('exports exactly the documented API', () => {
  expect(Object.keys(api).sort()).toEqual([
    'encodePng',
    'escapeXml',
    'renderAugmentationComparison',
    'renderClassDistribution',
    'renderConfusionMatrix',
    'renderDigitGrid',
    'renderHeatmap',
    'renderLineChart',
    'renderMeanDigits',
    'renderModelComparison',
    'renderPerClassMetrics',
    'renderReportHtml',
    'renderRocCurves',
    'renderSampleGallery',
    'renderTrainingCurves',
  ]);
});
