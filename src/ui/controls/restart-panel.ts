/**
 * Settings a run takes only when rebuilt: replay capacity (with its memory cost), network preset,
 * number of envs, the ghosts' policy, legal moves only, whether the agent may stop, and the seed. A changed one shows "applies on Reset" beside it until a Reset (or
 * a layout switch) builds a run with it. A seed that is not an integer in [0, 2^31 - 1] is marked
 * and the applied one stays.
 */
import {
  ENV_COUNTS, GHOST_CHOICES, MOVE_CHOICES, NET_CHOICES, parseSeed, pendingKeys, REPLAY_CAPACITIES, replayLabel, type RestartSettings, STOP_CHOICES,
} from './restart-config.js';

const IDS: Record<keyof RestartSettings, string> = {
  replayCapacity: 'replay-capacity', net: 'net-preset', numEnvs: 'num-envs', ghosts: 'ghost-policy', legalActionsOnly: 'move-choice',
  stopAction: 'stop-choice',
};
const GHOST_LABELS: Record<string, string> = { random: 'random moves', directional: 'directional (chase 80%)' };
const MOVE_LABELS: Record<string, string> = { legal: 'legal moves only', all: 'all five (walls too)' };
const STOP_LABELS: Record<string, string> = { yes: 'may stop', no: 'keeps moving (stops only when walled in)' };

function fill(select: HTMLSelectElement, values: readonly (string | number)[], label: (v: string) => string, current: string | number): void {
  select.replaceChildren(...values.map((v) => new Option(label(String(v)), String(v))));
  if (!values.map(String).includes(String(current))) select.add(new Option(label(String(current)), String(current)));
  select.value = String(current);
}

export class RestartPanel {
  private readonly selects: Record<keyof RestartSettings, HTMLSelectElement>;
  private readonly seedInput: HTMLInputElement;
  private appliedSettings: RestartSettings;
  private appliedSeed: number;

  constructor(private readonly root: HTMLElement, initial: RestartSettings, initialSeed: number) {
    this.appliedSettings = { ...initial };
    this.appliedSeed = initialSeed;
    this.seedInput = root.querySelector<HTMLInputElement>('#seed-input')!;
    this.seedInput.value = String(initialSeed);
    this.seedInput.addEventListener('input', () => this.mark());
    const get = (k: keyof RestartSettings) => root.querySelector<HTMLSelectElement>(`#${IDS[k]}`)!;
    this.selects = {
      replayCapacity: get('replayCapacity'), net: get('net'), numEnvs: get('numEnvs'), ghosts: get('ghosts'), legalActionsOnly: get('legalActionsOnly'),
      stopAction: get('stopAction'),
    };
    this.show(initial);
    for (const s of Object.values(this.selects)) s.addEventListener('change', () => this.mark());
  }

  /** Puts `s` in the fields; where it differs from the applied settings it shows as pending. */
  show(s: RestartSettings): void {
    fill(this.selects.replayCapacity, REPLAY_CAPACITIES, (v) => replayLabel(Number(v)), s.replayCapacity);
    fill(this.selects.net, NET_CHOICES, (v) => v, s.net);
    fill(this.selects.numEnvs, ENV_COUNTS, (v) => v, s.numEnvs);
    fill(this.selects.ghosts, GHOST_CHOICES, (v) => GHOST_LABELS[v] ?? v, s.ghosts);
    fill(this.selects.legalActionsOnly, MOVE_CHOICES, (v) => MOVE_LABELS[v] ?? v, s.legalActionsOnly ? 'legal' : 'all');
    fill(this.selects.stopAction, STOP_CHOICES, (v) => STOP_LABELS[v] ?? v, s.stopAction ? 'yes' : 'no');
    this.mark();
  }

  /** The settings the next run is built with. */
  settings(): RestartSettings {
    const net = NET_CHOICES.find((n) => n === this.selects.net.value) ?? this.appliedSettings.net;
    const ghosts = GHOST_CHOICES.find((g) => g === this.selects.ghosts.value) ?? this.appliedSettings.ghosts;
    return {
      replayCapacity: Number(this.selects.replayCapacity.value), net, numEnvs: Number(this.selects.numEnvs.value), ghosts,
      legalActionsOnly: this.selects.legalActionsOnly.value === 'legal',
      stopAction: this.selects.stopAction.value !== 'no',
    };
  }

  /** The settings the running run was built with. */
  applied(): RestartSettings {
    return { ...this.appliedSettings };
  }

  /** The seed the next run is built with: the field's, or the applied one while the field holds no valid seed. */
  seed(): number {
    return parseSeed(this.seedInput.value) ?? this.appliedSeed;
  }

  /** A run was built with `s` and `seed`: nothing is pending any more. */
  setApplied(s: RestartSettings, seed: number): void {
    this.appliedSettings = { ...s };
    this.appliedSeed = seed;
    this.seedInput.value = String(seed);
    this.mark();
  }

  private mark(): void {
    const pending = pendingKeys(this.appliedSettings, this.settings());
    for (const k of Object.keys(IDS) as (keyof RestartSettings)[]) {
      const note = this.root.querySelector<HTMLElement>(`#${IDS[k]}-pending`);
      if (note) note.hidden = !pending.includes(k);
    }
    const valid = parseSeed(this.seedInput.value) !== undefined;
    this.seedInput.classList.toggle('invalid', !valid);
    this.seedInput.setAttribute('aria-invalid', String(!valid));
    const seedNote = this.root.querySelector<HTMLElement>('#seed-input-pending');
    if (seedNote) {
      seedNote.hidden = valid && this.seed() === this.appliedSeed;
      seedNote.textContent = valid ? 'applies on Reset' : 'not a seed';
    }
  }
}
