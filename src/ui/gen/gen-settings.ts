/**
 * What each gen panel shows and lets a person set, as plain data: titles, the controls per
 * model (with their choices), the loss terms per chart, and the form values to settings.
 * Pure: testable in Node.
 */
import type { GenSlotSettings } from '../../gen/slot-config.js';
import type { GenModelName } from '../../gen/types.js';

export const GEN_TITLES: Readonly<Record<GenModelName, { title: string; blurb: string }>> = {
  vae: { title: 'VAE', blurb: 'encoder to a Gaussian latent, reparameterised sample, decoder; loss = reconstruction + β·KL' },
  gan: { title: 'DCGAN', blurb: 'a generator and a discriminator in a min-max game; non-saturating loss, Adam 2e-4 / 0.5; conditional: projection D with an auxiliary classifier' },
  diffusion: { title: 'Diffusion', blurb: 'DDPM: a small U-Net learns the noise added at step t; sampling runs the process backwards' },
};

/** Loss-chart series per model: [loss term, label, colour]; `second`: a second chart (GAN: D(x), D(G(z))). */
export const LOSS_SERIES: Readonly<Record<GenModelName, { main: [string, string, string][]; second?: [string, string, string][] }>> = {
  vae: { main: [['recon', 'reconstruction', '#6e96ff'], ['kl', 'KL', '#ffd23f'], ['total', 'total', '#ff6b8b']] },
  // dClass / gClass: the conditional GAN's auxiliary class terms (absent, so not drawn, otherwise).
  gan: { main: [['d', 'D loss', '#ff6b8b'], ['g', 'G loss', '#6e96ff'], ['dClass', 'D class CE', '#5be37d'], ['gClass', 'G class CE', '#c792ea']], second: [['dReal', 'D(x)', '#5be37d'], ['dFake', 'D(G(z))', '#ffa94d']] },
  diffusion: { main: [['mse', 'noise MSE', '#c792ea']] },
};

export type GenField = 'data' | 'conditional' | 'seed' | 'size' | 'learningRate' | 'batchSize' | 'latentDim' | 'beta' | 'samplingSteps';

/** The settings each panel shows (besides data, conditional and seed). */
export const MODEL_FIELDS: Readonly<Record<GenModelName, readonly GenField[]>> = {
  vae: ['size', 'learningRate', 'batchSize', 'latentDim', 'beta'],
  gan: ['learningRate', 'batchSize', 'latentDim'],
  diffusion: ['size', 'learningRate', 'batchSize', 'samplingSteps'],
};

export const CHOICES = {
  data: ['digits', 'sprites', 'frames'],
  /** 84 (the agent's full frames) for frames only. */
  size: [32, 84],
  learningRate: [1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3],
  batchSize: [8, 16, 32, 64, 128],
  latentDim: [2, 8, 16, 32, 64, 128],
  beta: [0, 0.25, 0.5, 1, 2, 4],
  samplingSteps: [10, 20, 50, 100, 200],
} as const;

export const FIELD_LABELS: Readonly<Record<GenField, string>> = {
  data: 'data', conditional: 'conditional', seed: 'seed', size: 'image size', learningRate: 'learning rate', batchSize: 'batch', latentDim: 'latent', beta: 'β (KL weight)', samplingSteps: 'DDIM steps',
};

/** The fields whose value in `next` differs from `applied` (they apply on "Apply"). */
export function changedFields(applied: GenSlotSettings, next: GenSlotSettings): GenField[] {
  return (Object.keys(FIELD_LABELS) as GenField[]).filter((k) => applied[k] !== next[k]);
}

/** "step 1,200 · 3.4 steps/s · training". */
export function panelStatus(steps: number, stepsPerSec: number, status: string): string {
  const rate = stepsPerSec > 0 ? ` · ${stepsPerSec >= 10 ? stepsPerSec.toFixed(0) : stepsPerSec.toFixed(1)} steps/s` : '';
  return `step ${steps.toLocaleString('en-US')}${rate} · ${status}`;
}
