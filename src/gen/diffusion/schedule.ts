/**
 * DDPM noise schedules as plain arrays (no tensors): betas, alphas = 1 - beta and the
 * cumulative products alphaBar. Timesteps are 0-based: t in [0, T), alphaBar[t] = prod_{s<=t} alpha_s,
 * so x_t ~ N(sqrt(alphaBar[t]) x0, (1 - alphaBar[t]) I) (Ho et al.'s t = 1..T shifted by one).
 */
import type { ScheduleKind } from './config.js';

export interface NoiseSchedule {
  kind: ScheduleKind;
  /** T. */
  timesteps: number;
  betas: Float64Array;
  alphas: Float64Array;
  alphaBar: Float64Array;
}

const MAX_BETA = 0.999;

export function makeSchedule(kind: ScheduleKind, timesteps: number): NoiseSchedule {
  const T = timesteps;
  const betas = new Float64Array(T);
  if (kind === 'linear') {
    // Ho et al.'s 1e-4..0.02 over 1000 steps, rescaled so fewer steps reach the same noise.
    const scale = 1000 / T;
    const lo = scale * 1e-4;
    const hi = scale * 0.02;
    for (let t = 0; t < T; t++) betas[t] = Math.min(MAX_BETA, T === 1 ? lo : lo + ((hi - lo) * t) / (T - 1));
  } else {
    // Nichol & Dhariwal 2021: alphaBar(t) = f(t) / f(0), f(t) = cos^2(((t / T + s) / (1 + s)) * pi / 2).
    const s = 0.008;
    const f = (t: number): number => Math.cos((((t / T) + s) / (1 + s)) * (Math.PI / 2)) ** 2;
    for (let t = 0; t < T; t++) betas[t] = Math.min(MAX_BETA, 1 - f(t + 1) / f(t));
  }
  const alphas = betas.map((b) => 1 - b);
  const alphaBar = new Float64Array(T);
  let prod = 1;
  for (let t = 0; t < T; t++) {
    prod *= alphas[t];
    alphaBar[t] = prod;
  }
  return { kind, timesteps: T, betas, alphas, alphaBar };
}

/** Signal-to-noise ratio alphaBar / (1 - alphaBar) at step t (falls from large to near 0). */
export function snr(schedule: NoiseSchedule, t: number): number {
  const a = schedule.alphaBar[t];
  return a / (1 - a);
}

/** DDIM's timesteps: `steps` values spread evenly over [0, T), descending from T - 1 to 0 (one step: [T - 1]). */
export function ddimTimesteps(timesteps: number, steps: number): number[] {
  if (steps <= 1) return [timesteps - 1];
  const out: number[] = [];
  for (let i = 0; i < steps; i++) out.push(Math.round(((timesteps - 1) * i) / Math.max(1, steps - 1)));
  return [...new Set(out)].sort((a, b) => b - a);
}
