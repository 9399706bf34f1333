/**
 * A run's set-up as a link: layout (a shipped name, or a file's text), seed, the settings that
 * apply on Reset, the live settings and the speed. Reading a link applies the same limits as
 * the page's controls: a link cannot set anything the sliders and menus can't. A value outside
 * them is dropped with a warning that names the parameter and the value, and the default stays.
 * Pure: testable in Node.
 */
import type { LiveParams } from '../../rl/config.js';
import {
  BATCH_SIZES, ENV_COUNTS, GHOST_CHOICES, MAX_SEED, MOVE_CHOICES, NET_CHOICES, REPLAY_CAPACITIES, type RestartSettings, STOP_CHOICES, TARGET_SYNC_STOPS,
} from '../controls/restart-config.js';
import { BACKENDS, DEFAULT_LAYOUT, DEFAULT_SEED, GAMMA_RANGE, LEARNING_RATE_RANGE, SPEED_STOPS } from '../controls/run-config.js';
import type { BackendPreference } from '../../tf/backend.js';

/** Layout text a link can carry, in characters (classic28 is ~600). */
export const MAX_LINK_LAYOUT_CHARS = 8_000;

/** The live settings a link carries (the ones with a control on the page). */
export type SharedLive = Pick<LiveParams, 'epsilonMode' | 'epsilon' | 'gamma' | 'learningRate' | 'batchSize' | 'targetSyncEvery'>;

export interface SharedSetup {
  /** A shipped layout's name, or a file's name and text. */
  layout: { name: string; text?: string };
  seed: number;
  restart: Partial<RestartSettings>;
  live: SharedLive;
  /** Index into SPEED_STOPS. */
  speedStop?: number;
  backend?: BackendPreference;
  /** Minutes between autosaves of the agent (0 = off); the page's default when absent. */
  autosaveMinutes?: number;
}

/** Text as base64url of its UTF-8 bytes (layout files in a URL). */
export function toBase64Url(text: string): string {
  let binary = '';
  for (const b of new TextEncoder().encode(text)) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(encoded: string): string {
  const b64 = encoded.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** The query string (without "?") for a set-up; parameters in a fixed order. */
export function encodeSetup(setup: SharedSetup): string {
  const q = new URLSearchParams();
  if (setup.layout.text !== undefined) {
    q.set('layoutName', setup.layout.name);
    q.set('lay', toBase64Url(setup.layout.text));
  } else {
    q.set('layout', setup.layout.name);
  }
  q.set('seed', String(setup.seed));
  const r = setup.restart;
  if (r.replayCapacity !== undefined) q.set('replay', String(r.replayCapacity));
  if (r.net !== undefined) q.set('net', r.net);
  if (r.numEnvs !== undefined) q.set('envs', String(r.numEnvs));
  if (r.ghosts !== undefined) q.set('ghosts', r.ghosts);
  if (r.legalActionsOnly !== undefined) q.set('moves', r.legalActionsOnly ? 'legal' : 'all');
  if (r.stopAction !== undefined) q.set('stop', r.stopAction ? 'yes' : 'no');
  const l = setup.live;
  if (l.epsilonMode === 'schedule') q.set('eps', 'schedule');
  else if (l.epsilon !== undefined) q.set('eps', String(l.epsilon));
  if (l.gamma !== undefined) q.set('gamma', String(l.gamma));
  if (l.learningRate !== undefined) q.set('lr', String(l.learningRate));
  if (l.batchSize !== undefined) q.set('batch', String(l.batchSize));
  if (l.targetSyncEvery !== undefined) q.set('sync', String(l.targetSyncEvery));
  if (setup.speedStop !== undefined) q.set('speed', String(setup.speedStop));
  if (setup.backend !== undefined && setup.backend !== 'auto') q.set('backend', setup.backend);
  if (setup.autosaveMinutes !== undefined) q.set('autosave', String(setup.autosaveMinutes));
  return q.toString();
}

/** Parameters a link may hold; anything else is reported (a typo must not pass silently). */
const KNOWN = new Set(['layout', 'layoutName', 'lay', 'seed', 'replay', 'net', 'envs', 'ghosts', 'moves', 'stop', 'eps', 'gamma', 'lr', 'batch', 'sync', 'speed', 'backend', 'autosave']);

/**
 * Reads a link's query string. `shipped`: the names of the shipped layouts. Never throws: every
 * refused value becomes a warning and leaves that setting at its default.
 */
export function decodeSetup(search: string, shipped: readonly string[]): { setup: SharedSetup; warnings: string[] } {
  const q = new URLSearchParams(search);
  const warnings: string[] = [];
  const refuse = (name: string, raw: string, why: string): undefined => {
    warnings.push(`link parameter ${name}=${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw} ${why}; using the default`);
    return undefined;
  };
  for (const key of q.keys()) if (!KNOWN.has(key)) warnings.push(`link parameter ${key} is not one Pac-Lab knows (${[...KNOWN].join(', ')}); ignored`);

  const number = (name: string, ok: (v: number) => boolean, why: string): number | undefined => {
    const raw = q.get(name);
    if (raw === null || raw === '') return undefined;
    const v = Number(raw);
    return raw.trim() !== '' && Number.isFinite(v) && ok(v) ? v : refuse(name, raw, why);
  };
  const oneOf = <T extends string | number>(name: string, choices: readonly T[], parse: (raw: string) => T | undefined): T | undefined => {
    const raw = q.get(name);
    if (raw === null || raw === '') return undefined;
    const v = parse(raw);
    return v !== undefined && choices.includes(v) ? v : refuse(name, raw, `is not one of ${choices.join(', ')}`);
  };
  const asNumber = (raw: string): number | undefined => (/^\d+$/.test(raw) ? Number(raw) : undefined);

  const seed = number('seed', (v) => Number.isInteger(v) && v >= 0 && v <= MAX_SEED, `is not an integer in [0, ${MAX_SEED}]`) ?? DEFAULT_SEED;

  let layout: SharedSetup['layout'] = { name: DEFAULT_LAYOUT };
  const lay = q.get('lay');
  if (lay !== null) {
    let text: string | undefined;
    try {
      text = lay.length > (MAX_LINK_LAYOUT_CHARS * 4) / 3 + 4 ? undefined : fromBase64Url(lay);
    } catch {
      text = undefined;
    }
    if (text === undefined) refuse('lay', lay, `is not a layout file's text in base64url (at most ${MAX_LINK_LAYOUT_CHARS} characters)`);
    else layout = { name: (q.get('layoutName') ?? 'shared').slice(0, 64) || 'shared', text };
  } else {
    const name = q.get('layout');
    if (name) layout = shipped.includes(name) ? { name } : (refuse('layout', name, `is not a shipped layout (${shipped.join(', ')})`), layout);
  }

  const restart: Partial<RestartSettings> = {};
  const replay = oneOf('replay', REPLAY_CAPACITIES, asNumber);
  if (replay !== undefined) restart.replayCapacity = replay;
  const net = oneOf('net', NET_CHOICES, (raw) => NET_CHOICES.find((n) => n === raw));
  if (net !== undefined) restart.net = net;
  const envs = oneOf('envs', ENV_COUNTS, asNumber);
  if (envs !== undefined) restart.numEnvs = envs;
  const ghosts = oneOf('ghosts', GHOST_CHOICES, (raw) => GHOST_CHOICES.find((g) => g === raw));
  if (ghosts !== undefined) restart.ghosts = ghosts;
  const moves = oneOf('moves', MOVE_CHOICES, (raw) => MOVE_CHOICES.find((m) => m === raw));
  if (moves !== undefined) restart.legalActionsOnly = moves === 'legal';
  const stop = oneOf('stop', STOP_CHOICES, (raw) => STOP_CHOICES.find((m) => m === raw));
  if (stop !== undefined) restart.stopAction = stop === 'yes';

  const live: SharedLive = {};
  const eps = q.get('eps');
  if (eps === 'schedule') live.epsilonMode = 'schedule';
  else {
    const e = number('eps', (v) => v >= 0 && v <= 1, 'is not "schedule" or a number in [0, 1]');
    if (e !== undefined) Object.assign(live, { epsilonMode: 'manual', epsilon: e });
  }
  const gamma = number('gamma', (v) => v >= GAMMA_RANGE.min && v <= GAMMA_RANGE.max, `is not a number in [${GAMMA_RANGE.min}, ${GAMMA_RANGE.max}]`);
  if (gamma !== undefined) live.gamma = gamma;
  const lr = number('lr', (v) => v >= LEARNING_RATE_RANGE.min && v <= LEARNING_RATE_RANGE.max, `is not a number in [${LEARNING_RATE_RANGE.min}, ${LEARNING_RATE_RANGE.max}]`);
  if (lr !== undefined) live.learningRate = lr;
  const batch = oneOf('batch', BATCH_SIZES, asNumber);
  if (batch !== undefined) live.batchSize = batch;
  const sync = oneOf('sync', TARGET_SYNC_STOPS, asNumber);
  if (sync !== undefined) live.targetSyncEvery = sync;

  const speedStop = oneOf('speed', SPEED_STOPS.map((_, i) => i), asNumber);
  const backend = oneOf('backend', BACKENDS, (raw) => BACKENDS.find((b) => b === raw));
  const autosaveMinutes = number('autosave', (v) => v >= 0 && v <= 60, 'is not a number of minutes in [0, 60] (0 = off)');
  const setup: SharedSetup = { layout, seed, restart, live, speedStop, backend };
  if (autosaveMinutes !== undefined) setup.autosaveMinutes = autosaveMinutes;
  return { setup, warnings };
}
