/**
 * A generative panel's "?" (VAE, GAN, diffusion), fed from the gen worker's snapshots: the latest
 * step row and the model's resolved config.
 */
import type { GenSnapshot } from '../../gen/session.js';
import type { GenModelName } from '../../gen/types.js';
import type { ExplainContent } from './content.js';
import { Explainer } from './explainer.js';
import { diffusionContent } from './topics/diffusion.js';
import { ganContent } from './topics/gan.js';
import { EMPTY_GEN_LIVE, type GenLive } from './topics/gen-live.js';
import { vaeContent } from './topics/vae.js';

const TOPICS: Readonly<Record<GenModelName, { name: string; build(live: Readonly<GenLive>): ExplainContent }>> = {
  vae: { name: 'the VAE', build: vaeContent },
  gan: { name: 'the GAN', build: ganContent },
  diffusion: { name: 'the diffusion model', build: diffusionContent },
};

export class GenExplainer {
  readonly explainer: Explainer<GenLive>;

  constructor(model: GenModelName) {
    const t = TOPICS[model];
    this.explainer = new Explainer<GenLive>({ panel: t.name, values: { ...EMPTY_GEN_LIVE }, build: t.build });
  }

  get button(): HTMLButtonElement {
    return this.explainer.button;
  }

  /** A snapshot of this model's slot: keeps its newest step row (rows come batched, oldest first). */
  push(s: GenSnapshot): void {
    const row = s.stepRows.length > 0 ? s.stepRows[s.stepRows.length - 1] : undefined;
    this.explainer.patch(row ? { row, config: s.modelConfig } : { config: s.modelConfig });
  }

  /** The model was rebuilt: its old step no longer applies. */
  reset(): void {
    this.explainer.patch({ row: null });
  }
}
