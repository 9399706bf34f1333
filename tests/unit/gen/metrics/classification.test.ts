import { describe, expect, it } from 'vitest';
import { classificationReport, confusionMatrix, formatReport } from '../../../../src/gen/metrics/classification.js';

describe('classification metrics', () => {
  it('scores a hand-made case', () => {
    // true:  0 0 0 1 1 2
    // pred:  0 0 1 1 2 2
    const r = classificationReport([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], 3);
    expect(r.confusion).toEqual([[2, 1, 0], [0, 1, 1], [0, 0, 1]]);
    expect(r.accuracy).toBeCloseTo(4 / 6);
    expect(r.perClass[0]).toMatchObject({ precision: 1, recall: 2 / 3, support: 3 });
    expect(r.perClass[0].f1).toBeCloseTo(0.8);
    expect(r.perClass[1].precision).toBeCloseTo(0.5);
    expect(r.perClass[1].recall).toBeCloseTo(0.5);
    expect(r.perClass[2]).toMatchObject({ precision: 0.5, recall: 1 });
    expect(r.perClass[2].f1).toBeCloseTo(2 / 3);
    expect(r.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3);
  });

  it('gives 0 (not NaN) for classes never predicted or never present', () => {
    const r = classificationReport([0, 0, 1], [0, 0, 0], 3);
    expect(r.perClass[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(r.perClass[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(r.macroF1).toBeCloseTo((0.8 + 0) / 2);
    expect(classificationReport([], [], 2).accuracy).toBe(0);
    expect(formatReport(r, ['a', 'b', 'c'])).toContain('| b | 0.0 | 0.0 | 0.0 | 1 |');
  });

  it('refuses mismatched or out-of-range labels, naming them', () => {
    expect(() => confusionMatrix([0, 1], [0], 2)).toThrow(/2 true labels but 1 predictions/);
    expect(() => confusionMatrix([0, 2], [0, 0], 2)).toThrow(/true label 2 at 1 is not in \[0, 2\)/);
    expect(() => confusionMatrix([0], [-1], 2)).toThrow(/prediction -1 at 0/);
  });
});
