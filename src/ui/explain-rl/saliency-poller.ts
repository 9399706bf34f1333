/**
 * Asks the RL worker for saliency maps at a low rate, so the page stays smooth and training is
 * barely slowed: at most one request in flight and at most one per `minIntervalMs`; frames
 * offered meanwhile replace each other, and the newest goes out when allowed. No DOM: testable
 * in Node with a fake clock.
 */
import type { SaliencyMap } from '../../rl/explain/types.js';
import { stackFrames } from './stack.js';

/** The worker's saliency call: one stack `[84, 84, 4]`, the action (undefined: greedy). */
export type SaliencyFetch = (obs: Uint8Array, action: number | undefined) => Promise<SaliencyMap>;

/** A map and the frames (4 whole frames, oldest first) it was computed from. */
export interface SaliencyResult {
  frames: Uint8Array;
  map: SaliencyMap;
}

export interface PollerClock {
  now(): number;
  schedule(run: () => void, ms: number): void;
}

const REAL_CLOCK: PollerClock = { now: () => performance.now(), schedule: (run, ms) => void setTimeout(run, ms) };

export class SaliencyPoller {
  private on = false;
  private inFlight = false;
  private timerSet = false;
  private lastSentAt = -Infinity;
  private wanted: { frames: Uint8Array; action: number } | null = null;
  /** Bumped when switched off, so a late answer to an old request is dropped. */
  private generation = 0;

  constructor(
    private readonly fetch: SaliencyFetch,
    private readonly onResult: (result: SaliencyResult) => void,
    private readonly onError: (err: unknown) => void,
    readonly minIntervalMs = 400,
    private readonly clock: PollerClock = REAL_CLOCK,
  ) {}

  get enabled(): boolean {
    return this.on;
  }

  set enabled(on: boolean) {
    if (on === this.on) return;
    this.on = on;
    this.generation++;
    if (!on) this.wanted = null;
  }

  /**
   * The newest frames the eye shows (4 whole 84x84 frames, oldest first; copied) and the action
   * chosen from them (-1 when none yet: the greedy action is used). Ignored while off.
   */
  offer(frames: Uint8Array, action: number): void {
    if (!this.on) return;
    this.wanted = { frames: frames.slice(), action };
    this.pump();
  }

  private pump(): void {
    if (!this.on || this.inFlight || !this.wanted) return;
    const wait = this.lastSentAt + this.minIntervalMs - this.clock.now();
    if (wait > 0) {
      if (!this.timerSet) {
        this.timerSet = true;
        this.clock.schedule(() => {
          this.timerSet = false;
          this.pump();
        }, wait);
      }
      return;
    }
    const { frames, action } = this.wanted;
    this.wanted = null;
    this.inFlight = true;
    this.lastSentAt = this.clock.now();
    const generation = this.generation;
    const current = (): boolean => generation === this.generation && this.on;
    void this.fetch(stackFrames(frames), action >= 0 ? action : undefined).then(
      (map) => current() && this.onResult({ frames, map }),
      (err: unknown) => current() && this.onError(err),
    ).finally(() => {
      this.inFlight = false;
      this.pump();
    });
  }
}
