/**
 * Autosave: every `minutes` the running agent's checkpoint (weights, optimiser, counters,
 * config; not the replay) goes to IndexedDB under AUTOSAVE_KEY, when it has trained since the
 * last one. After a worker crash the page restores it, but only into the run it was saved from
 * (a run id the page bumps on every new run), never into another maze or network.
 */
import type * as Comlink from 'comlink';
import type { RlWorkerApi } from '../../rl/worker-api.js';

export const AUTOSAVE_KEY = 'autosave';
/** Minutes between autosaves when the link does not say (`?autosave=N`, 0 = off). */
export const DEFAULT_AUTOSAVE_MINUTES = 2;

export class Autosave {
  private runId = 0;
  private saved: { runId: number; updates: number; at: string } | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly api: Comlink.Remote<RlWorkerApi>, private readonly updates: () => number, readonly minutes: number) {}

  /** A new run began (layout switch, Reset): earlier autosaves no longer apply to it. */
  newRun(): void {
    this.runId++;
  }

  start(onError: (err: unknown) => void): void {
    if (this.minutes <= 0 || this.timer !== null) return;
    this.timer = setInterval(() => void this.saveNow().catch(onError), this.minutes * 60_000);
  }

  /** Saves now if the agent trained since the last autosave; resolves with whether it saved. */
  async saveNow(): Promise<boolean> {
    const updates = this.updates();
    if (this.saved && this.saved.runId === this.runId && this.saved.updates === updates) return false;
    const info = await this.api.storeCheckpoint(AUTOSAVE_KEY);
    this.saved = { runId: this.runId, updates, at: info.savedAt };
    return true;
  }

  /**
   * On a fresh `worker` already initialised with this run's config: loads this run's autosave.
   * Resolves with where the run now starts from, in words.
   */
  async restore(worker: Pick<Comlink.Remote<RlWorkerApi>, 'restoreStoredCheckpoint'>): Promise<string> {
    const saved = this.saved;
    if (!saved || saved.runId !== this.runId) return 'the start of this run (no autosave of it yet)';
    try {
      await worker.restoreStoredCheckpoint(AUTOSAVE_KEY);
    } catch (err) {
      return `the start of this run (its autosave would not load: ${err instanceof Error ? err.message : String(err)})`;
    }
    return `its autosave of ${saved.at.slice(11, 19)} UTC (update ${saved.updates.toLocaleString('en-US')})`;
  }
}
