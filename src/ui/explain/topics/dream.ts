/**
 * The Dream panel's explanation (src/gen/world/live-dream.ts, model.ts, pixel-model.ts,
 * latent-model.ts): a world model stepped open-loop on its own predictions, with the shown step's
 * predictions beside the real game's (as the panel compared them) and the model's latest loss
 * terms (as its trainStep reported them).
 */
import type { LossTerms } from '../../../gen/types.js';
import { type Block, type ExplainContent, num, texNum } from '../content.js';
import { actionName } from './rl-live.js';

/** One dreamed step as the Dream panel shows it (its DreamFrame has these fields). */
export interface DreamStepLive {
  /** Steps dreamed so far, this one included. */
  step: number;
  action: number;
  reward: { dreamed: number; real: number };
  /** The model's probability that the step ends the episode; whether the real step did. */
  terminated: { dreamed: number; real: boolean };
  /**
   * The dreamed frame against the real one: maze cells that disagree (ghosts aside), Pac-Man's
   * cell, PSNR in dB; null once the real game has ended (nothing left to compare against).
   */
  error: { wrongCells: number; pacmanRight: boolean; psnr: number } | null;
}

export interface DreamLive {
  /** 'world-pixel' or 'world-latent'; null before the panel reports one. */
  model: string | null;
  /** The world model's training steps and its latest step's loss terms. */
  trainSteps: number | null;
  losses: LossTerms | null;
  /** The latest dreamed step; null while no dream runs. */
  dream: DreamStepLive | null;
}

export const EMPTY_DREAM_LIVE: DreamLive = { model: null, trainSteps: null, losses: null, dream: null };

/** What each loss term of the world models means (their trainStep's names). */
const TERM_LABELS: Readonly<Record<string, string>> = {
  frame: 'next frame: cross-entropy per pixel over 7 levels',
  recon: 'autoencoder: reconstruction cross-entropy per pixel',
  kl: 'autoencoder: KL of the latent',
  latent: "latent MSE against the real next frame's code",
  decode: 'decoded predicted frame: cross-entropy per pixel',
  reward: 'reward: cross-entropy over the reward values',
  terminal: 'episode end: binary cross-entropy',
  total: 'total (weighted sum)',
};

function modelBlocks(live: Readonly<DreamLive>): Block[] {
  if (live.model === 'world-latent') {
    const phase = live.losses && 'recon' in live.losses ? 'It is in phase 1 now: the autoencoder learns alone. ' : live.losses ? 'It is in phase 2 now: the autoencoder is frozen and the GRU learns. ' : '';
    return [
      { kind: 'text', text: `This model works in a latent space (World Models, Ha & Schmidhuber): a VAE encodes each frame to $z$, a GRU steps the latent given the action, and the decoder draws the next frame from the predicted latent. ${phase}` },
      { kind: 'math', tex: "h' = \\mathrm{GRU}\\big(h, [z_t, a_t]\\big), \\qquad z_{t+1} = z_t + \\mathrm{dense}(h'), \\qquad \\hat{x}_{t+1} = \\mathrm{dec}(z_{t+1})" },
    ];
  }
  return [
    { kind: 'text', text: 'This model predicts pixels directly: a convolutional network reads the 4 frames and the action and scores, for each pixel, the 7 gray levels of the raster. Training minimises a weighted sum of cross-entropies:' },
    { kind: 'math', tex: '\\mathcal{L} = \\mathrm{CE}_{\\text{frame}} + \\lambda_r \\, \\mathrm{CE}_{\\text{reward}} + \\lambda_e \\, \\mathrm{BCE}_{\\text{end}}' },
  ];
}

export function dreamContent(live: Readonly<DreamLive>): ExplainContent {
  const blocks: Block[] = [
    { kind: 'text', text: 'A world model learned from the agent\'s own transitions predicts, from the 4 latest frames and an action, the next frame, the reward and whether the episode ends. In a dream it is fed its own predictions: each predicted frame becomes the newest frame of its context and it never sees a real frame again, so small errors compound step by step.' },
    { kind: 'math', tex: '\\big(\\hat{x}_{t+1}, \\hat{r}_{t+1}, \\hat{p}^{\\,\\text{end}}_{t+1}\\big) = f_\\theta\\big(x_{t-3}, x_{t-2}, x_{t-1}, x_t;\\, a_t\\big)' },
    { kind: 'math', tex: '\\text{next context: } \\big(x_{t-2}, x_{t-1}, x_t, \\hat{x}_{t+1}\\big), \\qquad \\hat{x}_{t+1}[i] = \\arg\\max_{\\ell} \\, p\\big(x_{t+1}[i] = \\ell\\big)' },
    { kind: 'text', text: 'Each pixel takes its most likely gray level, so the same frames and actions always dream the same. Beside the dream runs a copy of the real game stepped with the same actions: the gap between the two is what the model has not learned.' },
    ...modelBlocks(live),
  ];
  const d = live.dream;
  if (d) {
    blocks.push(
      { kind: 'heading', text: `Dream step ${num(d.step)}: ${actionName(d.action)}` },
      { kind: 'math', tex: `\\hat{r} = ${texNum(d.reward.dreamed)} \\;(\\text{real } ${texNum(d.reward.real)}), \\qquad \\hat{p}^{\\,\\text{end}} = ${texNum(d.terminated.dreamed)} \\;(\\text{real: ${d.terminated.real ? 'ended' : 'went on'}})` },
      d.error
        ? {
          kind: 'values', rows: [
            { label: 'maze cells that differ from the real frame (ghosts aside)', value: num(d.error.wrongCells) },
            { label: 'Pac-Man in the right cell', value: d.error.pacmanRight ? 'yes' : 'no' },
            { label: 'PSNR against the real frame', value: Number.isFinite(d.error.psnr) ? `${num(d.error.psnr, 3)} dB` : 'identical' },
          ],
        }
        : { kind: 'text', text: 'The real game has ended: the dream goes on, with nothing left to compare it against.' },
    );
  }
  const rows = [];
  if (live.model) rows.push({ label: 'world model', value: live.model });
  if (live.trainSteps !== null) rows.push({ label: 'training steps', value: num(live.trainSteps) });
  for (const [k, v] of Object.entries(live.losses ?? {})) rows.push({ label: TERM_LABELS[k] ?? k, value: num(v) });
  if (rows.length > 0) blocks.push({ kind: 'heading', text: 'Training' }, { kind: 'values', rows });
  return { title: 'Dream: the world model rolled forward', blocks };
}
