/**
 * Dream mode on the page: the Dream panel around the gen worker's world slot and dream calls,
 * the agent's policy handed from the RL worker to the gen worker at each dream's start, and the
 * hand-over of the agent's transitions (from its replay memory) to the world model while it trains.
 */
import * as Comlink from 'comlink';
import type { GenWorkerApi } from '../../gen/worker-api.js';
import type { WorldSnapshot } from '../../gen/world/world-slot.js';
import { DEFAULT_WORLD_SLOT } from '../../gen/world/world-settings.js';
import type { RlSnapshot } from '../../rl/snapshot.js';
import { policyBuffers } from '../../rl/policy-weights.js';
import { handoverBuffers } from '../../rl/transition-handover.js';
import type { RlWorkerApi } from '../../rl/worker-api.js';
import type { LayoutChoice } from '../controls/layout-picker.js';
import type { RestartSettings } from '../controls/restart-config.js';
import { runConfig } from '../controls/run-config.js';
import type { ShownGame } from './dream-loop.js';
import { DreamPanel } from './dream-panel.js';

/** Transitions handed over per round while the world model trains (~35 KB each), and how often. */
const TRANSITIONS_PER_HANDOVER = 128;
const HANDOVER_INTERVAL_MS = 3_000;

/**
 * The game a dream starts from: the latest snapshot's board and frames, on the run's maze and env
 * settings (`restart`: the run's applied restart settings, whose ghost policy the twin plays by);
 * null before both exist.
 */
export function shownGameOf(snapshot: RlSnapshot | null, choice: LayoutChoice | null, seed: number, restart: Partial<RestartSettings> = {}): ShownGame | null {
  if (!snapshot || !choice) return null;
  const env = runConfig({ name: choice.layout.name, text: choice.text }, choice.maxSteps, seed, restart, choice.recipe).env ?? {};
  return { layout: choice.layout, env, run: `${choice.layout.name}#${seed}`, board: snapshot.board, frames: snapshot.frames };
}

/** Builds the Dream panel in `host`'s `#dream-panel` and configures the world slot (paused, default settings). */
export async function startDreamLab(host: HTMLElement, gen: Comlink.Remote<GenWorkerApi>, rl: Comlink.Remote<RlWorkerApi>,
  shown: () => ShownGame | null, onError: (err: unknown) => void): Promise<DreamPanel> {
  const root = host.querySelector<HTMLElement>('#dream-panel');
  if (!root) throw new Error('index.html has no #dream-panel');
  const panel = new DreamPanel(root, {
    async start(stack, maze) {
      const policy = await rl.policyWeights(); // the agent as it is now flies the dream
      return gen.dreamStart(Comlink.transfer(stack, [stack.buffer as ArrayBuffer]), Comlink.transfer({ policy, ...maze }, policyBuffers(policy)));
    },
    step: (action) => gen.dreamStep(action),
    stop: () => gen.dreamStop(),
  }, {
    configure: async (model) => void (await gen.configureWorld({ ...DEFAULT_WORLD_SLOT, model })),
    train: () => gen.startWorld(),
    pause: () => gen.pauseWorld(),
  }, shown, onError);
  let training = false;
  const handOver = async (): Promise<void> => {
    const game = shown();
    if (!training || !game) return;
    const t = await rl.sampleTransitions(TRANSITIONS_PER_HANDOVER);
    if (t.count === 0) return;
    await gen.addTransitions(Comlink.transfer(t, handoverBuffers(t)), { run: game.run, width: game.layout.width, height: game.layout.height });
  };
  await gen.subscribeWorld(Comlink.proxy((s: WorldSnapshot) => {
    const started = s.running && !training;
    training = s.running;
    panel.drawWorld(s);
    if (started) void handOver().catch(onError);
  }));
  await gen.configureWorld({ ...DEFAULT_WORLD_SLOT });
  setInterval(() => void handOver().catch(onError), HANDOVER_INTERVAL_MS);
  return panel;
}
