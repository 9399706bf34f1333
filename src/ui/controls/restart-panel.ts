/**
 * Settings a run takes only when rebuilt: replay capacity (with its memory cost), network preset
 * and number of envs. A changed one shows "applies on Reset" beside it until a Reset (or a layout
 * switch) builds a run with it.
 */
import { ENV_COUNTS, NET_CHOICES, pendingKeys, REPLAY_CAPACITIES, replayLabel, type RestartSettings } from './restart-config.js';

const IDS: Record<keyof RestartSettings, string> = { replayCapacity: 'replay-capacity', net: 'net-preset', numEnvs: 'num-envs' };

function fill(select: HTMLSelectElement, values: readonly (string | number)[], label: (v: string) => string, current: string | number): void {
  select.replaceChildren(...values.map((v) => new Option(label(String(v)), String(v))));
  if (!values.map(String).includes(String(current))) select.add(new Option(label(String(current)), String(current)));
  select.value = String(current);
}

export class RestartPanel {
  private readonly selects: Record<keyof RestartSettings, HTMLSelectElement>;
  private applied: RestartSettings;

  constructor(private readonly root: HTMLElement, initial: RestartSettings) {
    this.applied = { ...initial };
    const get = (k: keyof RestartSettings) => root.querySelector<HTMLSelectElement>(`#${IDS[k]}`)!;
    this.selects = { replayCapacity: get('replayCapacity'), net: get('net'), numEnvs: get('numEnvs') };
    fill(this.selects.replayCapacity, REPLAY_CAPACITIES, (v) => replayLabel(Number(v)), initial.replayCapacity);
    fill(this.selects.net, NET_CHOICES, (v) => v, initial.net);
    fill(this.selects.numEnvs, ENV_COUNTS, (v) => v, initial.numEnvs);
    for (const s of Object.values(this.selects)) s.addEventListener('change', () => this.mark());
    this.mark();
  }

  /** The settings the next run is built with. */
  settings(): RestartSettings {
    const net = NET_CHOICES.find((n) => n === this.selects.net.value) ?? this.applied.net;
    return { replayCapacity: Number(this.selects.replayCapacity.value), net, numEnvs: Number(this.selects.numEnvs.value) };
  }

  /** A run was built with `s`: nothing is pending any more. */
  setApplied(s: RestartSettings): void {
    this.applied = { ...s };
    this.mark();
  }

  private mark(): void {
    const pending = pendingKeys(this.applied, this.settings());
    for (const k of Object.keys(IDS) as (keyof RestartSettings)[]) {
      const note = this.root.querySelector<HTMLElement>(`#${IDS[k]}-pending`);
      if (note) note.hidden = !pending.includes(k);
    }
  }
}
