/**
 * Classification scores from predicted and true labels: pure functions, no tfjs.
 * Conventions (scikit-learn's): confusion[t][p] counts images of true class t predicted as p;
 * a class never predicted has precision 0, a class never present has recall 0 (and F1 0).
 */

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Images whose true class this is. */
  support: number;
}

export interface ClassificationReport {
  /** Share of images predicted right, in [0, 1] (0 for no images). */
  accuracy: number;
  /** Unweighted mean of the per-class F1 over classes with support > 0. */
  macroF1: number;
  perClass: ClassScores[];
  /** numClasses x numClasses, rows = true class, columns = predicted class. */
  confusion: number[][];
  count: number;
}

/** Counts of (true, predicted) pairs; labels must be integers in [0, numClasses). */
export function confusionMatrix(trueLabels: ArrayLike<number>, predicted: ArrayLike<number>, numClasses: number): number[][] {
  if (trueLabels.length !== predicted.length) {
    throw new RangeError(`confusion matrix: ${trueLabels.length} true labels but ${predicted.length} predictions`);
  }
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < trueLabels.length; i++) {
    const t = trueLabels[i];
    const p = predicted[i];
    if (!(Number.isInteger(t) && t >= 0 && t < numClasses)) throw new RangeError(`confusion matrix: true label ${t} at ${i} is not in [0, ${numClasses})`);
    if (!(Number.isInteger(p) && p >= 0 && p < numClasses)) throw new RangeError(`confusion matrix: prediction ${p} at ${i} is not in [0, ${numClasses})`);
    m[t][p]++;
  }
  return m;
}

/** Accuracy, per-class precision/recall/F1 and macro F1 from a confusion matrix. */
export function reportFromConfusion(confusion: number[][]): ClassificationReport {
  const k = confusion.length;
  let count = 0;
  let right = 0;
  const perClass: ClassScores[] = [];
  for (let c = 0; c < k; c++) {
    const support = confusion[c].reduce((a, b) => a + b, 0);
    let predictedAs = 0;
    for (let t = 0; t < k; t++) predictedAs += confusion[t][c];
    const tp = confusion[c][c];
    const precision = predictedAs > 0 ? tp / predictedAs : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass.push({ precision, recall, f1, support });
    count += support;
    right += tp;
  }
  const present = perClass.filter((s) => s.support > 0);
  const macroF1 = present.length > 0 ? present.reduce((a, s) => a + s.f1, 0) / present.length : 0;
  return { accuracy: count > 0 ? right / count : 0, macroF1, perClass, confusion, count };
}

export function classificationReport(trueLabels: ArrayLike<number>, predicted: ArrayLike<number>, numClasses: number): ClassificationReport {
  return reportFromConfusion(confusionMatrix(trueLabels, predicted, numClasses));
}

/** The report as a small Markdown table (class, precision, recall, F1, support) for logs and reports. */
export function formatReport(report: ClassificationReport, classNames: readonly string[]): string {
  const pct = (x: number): string => (100 * x).toFixed(1);
  const lines = [
    `accuracy ${pct(report.accuracy)}% over ${report.count} images, macro F1 ${pct(report.macroF1)}%`,
    '',
    '| class | precision % | recall % | F1 % | support |',
    '|---|---:|---:|---:|---:|',
    ...report.perClass.map((s, c) => `| ${classNames[c] ?? c} | ${pct(s.precision)} | ${pct(s.recall)} | ${pct(s.f1)} | ${s.support} |`),
  ];
  return lines.join('\n');
}
