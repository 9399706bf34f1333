/**
 * Live settings: epsilon (with "follow schedule"), gamma, learning rate (log scale), batch size
 * and target sync period (both over a few stops). A slider
 * sends its value to the worker as it moves; the value shown beside it is what the worker
 * reports back in its next snapshot, so the page never claims a setting the agent does not use.
 * While the run decays its learning rate, a note under that slider gives the rate in use; a run
 * that explores by softmax or by corridors says so under epsilon (with its temperature).
 */
import type { LiveParams } from '../../rl/config.js';
import type { RlSnapshot } from '../../rl/snapshot.js';
import { BATCH_SIZES, nearestStop, TARGET_SYNC_STOPS } from './restart-config.js';
import {
  explorationText, fromLogPosition, GAMMA_RANGE, LEARNING_RATE_RANGE, type LearningRateDecay, learningRateNowText, type ExplorationSettings,
  toLogPosition,
} from './run-config.js';

/** After a person moves a slider, snapshots leave its knob alone for this long. */
const HANDS_OFF_MS = 800;

interface Slider {
  input: HTMLInputElement;
  shown: HTMLElement;
  touchedAt: number;
  held: boolean;
}

export class ParamsPanel {
  private readonly epsilon: Slider;
  private readonly gamma: Slider;
  private readonly learningRate: Slider;
  private readonly batchSize: Slider;
  private readonly targetSync: Slider;
  private readonly follow: HTMLInputElement;
  private readonly schedule: HTMLElement;
  /** The learning-rate note; empty (and hidden by CSS) when the run has no decay. */
  private readonly rateNow: HTMLElement;
  private decay: LearningRateDecay = {};
  /** The exploration note; empty (hidden) for a run that picks the argmax. */
  private readonly explorationNow: HTMLElement;
  private exploration: ExplorationSettings = {};

  constructor(root: HTMLElement, private readonly send: (params: LiveParams) => void) {
    this.epsilon = this.slider(root, 'epsilon', (v) => this.send({ epsilon: v, epsilonMode: 'manual' }));
    this.gamma = this.slider(root, 'gamma', (v) => this.send({ gamma: v }));
    this.learningRate = this.slider(root, 'learning-rate', (p) => this.send({
      learningRate: Number(fromLogPosition(p, LEARNING_RATE_RANGE.min, LEARNING_RATE_RANGE.max).toPrecision(3)),
    }));
    this.batchSize = this.stops(root, 'batch-size', BATCH_SIZES, (v) => this.send({ batchSize: v }));
    this.targetSync = this.stops(root, 'target-sync', TARGET_SYNC_STOPS, (v) => this.send({ targetSyncEvery: v }));
    this.gamma.input.min = String(GAMMA_RANGE.min);
    this.gamma.input.max = String(GAMMA_RANGE.max);
    this.gamma.input.step = String(GAMMA_RANGE.step);
    this.follow = root.querySelector<HTMLInputElement>('#epsilon-follow')!;
    this.schedule = root.querySelector<HTMLElement>('#epsilon-schedule')!;
    this.rateNow = root.querySelector<HTMLElement>('#learning-rate-now')!;
    this.explorationNow = root.querySelector<HTMLElement>('#exploration-now')!;
    this.follow.addEventListener('change', () => this.send({ epsilonMode: this.follow.checked ? 'schedule' : 'manual' }));
  }

  /**
   * A fresh run (its config's dqn): its learning-rate decay and exploration beyond epsilon, if any. The
   * notes show its step 0 at once: the worker may have sent its first snapshot before this call.
   */
  setRun(run: LearningRateDecay & ExplorationSettings & { learningRate?: number }): void {
    this.decay = { learningRateDecaySteps: run.learningRateDecaySteps, learningRateEnd: run.learningRateEnd };
    this.exploration = {
      softmaxTemperature: run.softmaxTemperature, softmaxTemperatureSteps: run.softmaxTemperatureSteps, softmaxTemperatureEnd: run.softmaxTemperatureEnd,
      exploreCorridors: run.exploreCorridors,
    };
    this.rateNow.textContent = run.learningRate === undefined ? '' : learningRateNowText(run.learningRate, 0, this.decay);
    this.explorationNow.textContent = explorationText(this.exploration, 0);
  }

  /** Shows what the worker has in force: `epsilon` and `learningRateNow` are what the next step uses. */
  sync({ params, epsilon, learningRateNow, envSteps }: Pick<RlSnapshot, 'params' | 'epsilon' | 'learningRateNow' | 'envSteps'>): void {
    this.follow.checked = params.epsilonMode === 'schedule';
    const schedule = `(${params.epsilonStart} → ${params.epsilonEnd} over ${params.epsilonSteps.toLocaleString('en-US')} env steps)`;
    if (this.schedule.textContent !== schedule) this.schedule.textContent = schedule;
    this.show(this.epsilon, epsilon, epsilon.toFixed(2));
    this.show(this.gamma, params.gamma, String(Number(params.gamma.toFixed(3))));
    this.show(this.learningRate, toLogPosition(params.learningRate, LEARNING_RATE_RANGE.min, LEARNING_RATE_RANGE.max),
      params.learningRate.toExponential(1));
    const rateNow = learningRateNowText(learningRateNow, envSteps, this.decay);
    if (this.rateNow.textContent !== rateNow) this.rateNow.textContent = rateNow;
    const exploration = explorationText(this.exploration, envSteps);
    if (this.explorationNow.textContent !== exploration) this.explorationNow.textContent = exploration;
    this.show(this.batchSize, nearestStop(BATCH_SIZES, params.batchSize), String(params.batchSize));
    this.show(this.targetSync, nearestStop(TARGET_SYNC_STOPS, params.targetSyncEvery), params.targetSyncEvery.toLocaleString('en-US'));
  }

  /** A slider over `values` (its position is the index). */
  private stops(root: HTMLElement, id: string, values: readonly number[], onValue: (value: number) => void): Slider {
    const s = this.slider(root, id, (i) => onValue(values[Math.min(values.length - 1, Math.max(0, Math.round(i)))]));
    s.input.min = '0';
    s.input.max = String(values.length - 1);
    s.input.step = '1';
    return s;
  }

  private slider(root: HTMLElement, id: string, onInput: (value: number) => void): Slider {
    const input = root.querySelector<HTMLInputElement>(`#${id}`)!;
    const shown = root.querySelector<HTMLElement>(`#${id}-value`)!;
    const s: Slider = { input, shown, touchedAt: -Infinity, held: false };
    input.addEventListener('input', () => {
      s.touchedAt = performance.now();
      onInput(Number(input.value));
    });
    input.addEventListener('pointerdown', () => (s.held = true));
    input.addEventListener('pointerup', () => (s.held = false));
    input.addEventListener('pointercancel', () => (s.held = false));
    return s;
  }

  private show(s: Slider, knob: number, text: string): void {
    if (s.shown.textContent !== text) s.shown.textContent = text;
    if (!s.held && performance.now() - s.touchedAt > HANDS_OFF_MS && Number(s.input.value) !== knob) s.input.value = String(knob);
  }
}
