/**
 * The Dream panel's "?". The panel (src/ui/dream) or app.ts attaches it to the panel's
 * `.explain-slot` and feeds it what the panel already has:
 *
 *   const explain = attachDreamExplanation(root.querySelector('.explain-slot[data-explain="dream"]'));
 *   explain.world(worldSnapshot);   // on each world-slot snapshot
 *   explain.frame(dreamFrame);      // on each dreamed step
 *   explain.ended();                // when the dream stops
 *
 * The argument types are structural (a WorldSnapshot and a DreamFrame fit), so this module
 * depends on neither.
 */
import type { LossTerms } from '../../gen/types.js';
import { Explainer } from './explainer.js';
import { dreamContent, type DreamLive, type DreamStepLive, EMPTY_DREAM_LIVE } from './topics/dream.js';

export type { DreamLive, DreamStepLive } from './topics/dream.js';

/** What the explanation reads of a world-slot snapshot. */
export interface WorldSnapshotLike {
  settings: { model: string };
  steps: number;
  /** Rows since the previous snapshot, oldest first. */
  stepRows: readonly { losses: LossTerms }[];
}

export class DreamExplanation {
  readonly explainer = new Explainer<DreamLive>({ panel: 'the dream', values: { ...EMPTY_DREAM_LIVE }, build: dreamContent });

  get button(): HTMLButtonElement {
    return this.explainer.button;
  }

  world(s: WorldSnapshotLike): void {
    const row = s.stepRows.length > 0 ? s.stepRows[s.stepRows.length - 1] : undefined;
    this.explainer.patch(row ? { model: s.settings.model, trainSteps: s.steps, losses: row.losses } : { model: s.settings.model, trainSteps: s.steps });
  }

  frame(f: DreamStepLive): void {
    const { step, action, reward, terminated, error } = f;
    this.explainer.patch({ dream: { step, action, reward, terminated, error } });
  }

  ended(): void {
    this.explainer.patch({ dream: null });
  }
}

/** Appends the dream panel's "?" to `host` (its `.explain-slot`) and returns it for feeding. */
export function attachDreamExplanation(host: Element): DreamExplanation {
  const explanation = new DreamExplanation();
  host.append(explanation.button);
  return explanation;
}
