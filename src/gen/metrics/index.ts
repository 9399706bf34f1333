/**
 * Sample-quality metrics for the generative lab (browser-safe: the Node file loader is
 * judge-node.ts, imported directly where node:fs is available).
 */
export { type ClassificationReport, classificationReport, type ClassScores, confusionMatrix, formatReport, reportFromConfusion } from './classification.js';
export { type FeatureSet, featureRows, kernelInceptionDistance } from './kid.js';
export { Judge, JUDGE_FEATURES, type JudgeMeta } from './judge.js';
export { decodeJudge, encodeJudge, JUDGE_KIND } from './judge-io.js';
export { JUDGE_URLS, loadJudgeBrowser } from './judge-browser.js';
export { conditionalAccuracy, DEFAULT_JUDGE_TRAIN_CONFIG, evaluateJudge, type JudgeTrainConfig, resolveJudgeTrainConfig, shiftBatch, trainJudge } from './judge-train.js';
export { nearestRealDistance, type NearestRealResult } from './nearest.js';
