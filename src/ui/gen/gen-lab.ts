/**
 * The generative lab on the page: a panel per model (VAE, DCGAN, diffusion) around the gen
 * worker's API, and the hand-over of the agent's frames (from the RL worker's replay memory)
 * while a panel trains on `frames`. Every model starts paused on its default settings. The Dream
 * panel (src/ui/dream) joins it: `shown` gives the game on the board, which a dream starts from.
 */
import * as Comlink from 'comlink';
import type { GenSnapshot } from '../../gen/session.js';
import { DEFAULT_GEN_SLOTS } from '../../gen/slot-config.js';
import { GEN_MODEL_NAMES, type GenModelName } from '../../gen/types.js';
import type { GenWorkerApi } from '../../gen/worker-api.js';
import type { RlWorkerApi } from '../../rl/worker-api.js';
import type { BackendPreference } from '../../tf/backend.js';
import type { ShownGame } from '../dream/dream-loop.js';
import { startDreamLab } from '../dream/dream-lab.js';
import { GenPanel } from './gen-panel.js';

/** Frames handed over per round, and how often (only while a panel uses `frames`). */
const FRAMES_PER_HANDOVER = 256;
const HANDOVER_INTERVAL_MS = 4_000;

export async function startGenLab(host: HTMLElement, gen: Comlink.Remote<GenWorkerApi>, rl: Comlink.Remote<RlWorkerApi>,
  backend: BackendPreference, onError: (err: unknown) => void, shown: () => ShownGame | null = () => null): Promise<void> {
  const backendInfo = await gen.init(backend);
  host.dataset.backend = backendInfo.name;
  const usesFrames = new Set<GenModelName>();
  const panels = new Map<GenModelName, GenPanel>();
  for (const model of GEN_MODEL_NAMES) {
    const root = host.querySelector<HTMLElement>(`[data-model="${model}"]`);
    if (!root) throw new Error(`index.html has no gen panel for ${model}`);
    panels.set(model, new GenPanel(root, model, DEFAULT_GEN_SLOTS[model], {
      train: async (m) => gen.start(m),
      pause: async (m) => gen.pause(m),
      sampleNow: (m, seed) => gen.sampleNow(m, seed),
      apply: async (m, settings) => {
        const inForce = await gen.configure(m, settings);
        panels.get(m)?.reset();
        return inForce;
      },
    }, onError));
  }
  await gen.subscribe(Comlink.proxy((s: GenSnapshot) => {
    if (s.settings.data === 'frames') usesFrames.add(s.model);
    else usesFrames.delete(s.model);
    panels.get(s.model)?.draw(s);
  }));
  for (const model of GEN_MODEL_NAMES) await gen.configure(model, DEFAULT_GEN_SLOTS[model]);
  await startDreamLab(host, gen, rl, shown, onError);
  host.dataset.ready = 'true';
  const handOver = async (): Promise<void> => {
    if (usesFrames.size === 0) return;
    const frames = await rl.sampleFrames(FRAMES_PER_HANDOVER);
    if (frames.length > 0) await gen.addFrames(Comlink.transfer(frames, [frames.buffer as ArrayBuffer]));
  };
  setInterval(() => void handOver().catch(onError), HANDOVER_INTERVAL_MS);
}
