/**
 * The replay memory against a naive model that keeps every frame ever written: random
 * interleaved streams, random episode ends (terminated, truncated, abandoned), many ring
 * wrap-arounds. At checkpoints, which transitions are valid, which have complete n-step
 * windows, and every sampled row (stacks, next stacks, action, return, discount) must match.
 */
import { describe, expect, it } from 'vitest';
import { RandomStream, RandomStreams } from '../../../src/core/random.js';
import { FRAME_SIZE } from '../../../src/obs/raster.js';
import { ReplayMemory, resolveReplayConfig, type ReplayConfig } from '../../../src/rl/replay/replay-memory.js';

/** Bytes 0..2 encode (stream, episode, step); the rest is a pattern of them. */
function pixel(stream: number, episode: number, step: number, p: number): number {
  return (stream * 101 + episode * 37 + step * 11 + p * 7) & 255;
}

function frame(stream: number, episode: number, step: number): Uint8Array {
  const f = new Uint8Array(FRAME_SIZE);
  for (let p = 0; p < FRAME_SIZE; p++) f[p] = pixel(stream, episode, step, p);
  f[0] = stream;
  f[1] = episode;
  f[2] = step;
  return f;
}

function stackIds(bytes: Uint8Array, row: number, stackSize: number): string[] {
  const base = row * FRAME_SIZE * stackSize;
  return Array.from({ length: stackSize }, (_, k) => {
    const at = (p: number): number => bytes[base + p * stackSize + k];
    for (let p = 3; p < FRAME_SIZE; p += 53) if (at(p) !== pixel(at(0), at(1), at(2), p)) throw new Error(`row ${row}, frame ${k}: pixel ${p} is not frame ${at(0)}.${at(1)}.${at(2)}'s`);
    return `${at(0)}.${at(1)}.${at(2)}`;
  });
}

/** One frame ever written, and the step taken from it (if any). */
interface Rec { id: string; epStart: number; action?: number; reward: number; terminated: boolean; truncated: boolean }

class Model {
  readonly recs: Rec[][];
  readonly running: boolean[];
  readonly episodes: number[];
  /** Frame id -> [stream, absolute position]. */
  readonly where = new Map<string, [number, number]>();

  constructor(readonly streams: number, readonly slots: number, readonly stackSize: number) {
    this.recs = Array.from({ length: streams }, () => []);
    this.running = Array(streams).fill(false);
    this.episodes = Array(streams).fill(-1);
  }

  start(s: number): Uint8Array {
    const recs = this.recs[s];
    const last = recs[recs.length - 1];
    if (this.running[s] && last.epStart < recs.length - 1) recs[recs.length - 2].truncated = true;
    const ep = ++this.episodes[s];
    this.push(s, { id: `${s}.${ep}.0`, epStart: recs.length, reward: 0, terminated: false, truncated: false });
    this.running[s] = true;
    return frame(s, ep, 0);
  }

  add(s: number, action: number, reward: number, terminated: boolean, truncated: boolean): Uint8Array {
    const recs = this.recs[s];
    const last = recs[recs.length - 1];
    Object.assign(last, { action, reward, terminated, truncated });
    const step = recs.length - last.epStart;
    this.push(s, { id: `${s}.${this.episodes[s]}.${step}`, epStart: last.epStart, reward: 0, terminated: false, truncated: false });
    if (terminated || truncated) this.running[s] = false;
    return frame(s, this.episodes[s], step);
  }

  private push(s: number, rec: Rec): void {
    this.where.set(rec.id, [s, this.recs[s].length]);
    this.recs[s].push(rec);
  }

  stack(s: number, end: number): string[] {
    const recs = this.recs[s];
    return Array.from({ length: this.stackSize }, (_, k) => recs[Math.max(recs[end].epStart, end - (this.stackSize - 1 - k))].id);
  }

  valid(s: number, t: number): boolean {
    const recs = this.recs[s];
    return recs[t].action !== undefined && Math.max(recs[t].epStart, t - (this.stackSize - 1)) >= recs.length - this.slots;
  }

  /** The n-step target of transition t, or null when its window is not written yet. */
  target(s: number, t: number, n: number, gamma: number): { ret: number; discount: number; next: string[] } | null {
    const recs = this.recs[s];
    let ret = 0;
    for (let j = 0; j < n; j++) {
      const r = recs[t + j];
      if (r.action === undefined) return null;
      ret += gamma ** j * r.reward;
      const ended = r.terminated || r.truncated;
      if (ended || j === n - 1) return { ret, discount: r.terminated ? 0 : gamma ** (j + 1), next: this.stack(s, t + j + 1) };
    }
    return null;
  }

  /** [stream, t] of every valid transition, stream by stream, oldest first. */
  transitions(): [number, number][] {
    return this.recs.flatMap((recs, s) => recs.flatMap((_, t) => (this.valid(s, t) ? [[s, t] as [number, number]] : [])));
  }
}

function run(config: Partial<ReplayConfig>, seed: number): void {
  const c = resolveReplayConfig(config);
  const m = new ReplayMemory(c, new RandomStreams(seed).get('replay'));
  const model = new Model(c.numStreams, m.slotsPerStream, c.stackSize);
  const rng = new RandomStream(`replay-model-test:${seed}`);
  const gamma = 0.9;
  let checks = 0;
  for (let op = 0; op < 500; op++) {
    const s = rng.int(c.numStreams);
    const u = rng.next();
    if (!model.running[s] || u < 0.03) {
      const f = model.start(s);
      m.startEpisode(s, f);
    } else {
      const step = model.recs[s].length - 1 - model.recs[s][model.recs[s].length - 1].epStart;
      const terminated = u > 0.9;
      const truncated = (u > 0.85 && u <= 0.9) || step >= 25 || (u > 0.97 && terminated); // sometimes both
      const action = rng.int(5);
      const reward = (rng.int(9) - 4) * 0.5;
      const f = model.add(s, action, reward, terminated, truncated);
      m.add(s, action, reward, f, terminated, truncated);
    }
    if (op % 25 !== 24) continue;

    const expected = model.transitions();
    expect(m.size).toBe(expected.length);
    expected.forEach(([st, t], i) => {
      const tr = m.getTransition(i);
      const r = model.recs[st][t];
      expect(stackIds(tr.state, 0, c.stackSize)).toEqual(model.stack(st, t));
      expect(stackIds(tr.nextState, 0, c.stackSize)).toEqual(model.stack(st, t + 1));
      expect([tr.action, tr.reward, tr.terminated, tr.truncated]).toEqual([r.action, r.reward, r.terminated, r.truncated]);
    });
    for (const n of [1, 3]) {
      const complete = expected.filter(([st, t]) => model.target(st, t, n, gamma) !== null);
      expect(m.sampleable(n)).toBe(complete.length);
      if (complete.length === 0) continue;
      const b = Math.min(16, complete.length);
      const batch = m.sample(b, n, gamma);
      for (let i = 0; i < b; i++) {
        const ids = stackIds(batch.states, i, c.stackSize);
        const [st, t] = model.where.get(ids[ids.length - 1])!;
        const want = model.target(st, t, n, gamma);
        expect(want, `row ${i} (${ids}) must be a complete transition`).not.toBeNull();
        expect(model.valid(st, t)).toBe(true);
        expect(ids).toEqual(model.stack(st, t));
        expect(stackIds(batch.nextStates, i, c.stackSize)).toEqual(want!.next);
        expect(batch.actions[i]).toBe(model.recs[st][t].action);
        expect(batch.returns[i]).toBeCloseTo(want!.ret, 5);
        expect(batch.discounts[i]).toBeCloseTo(want!.discount, 6);
        expect(batch.weights[i]).toBeGreaterThan(0);
        expect(batch.weights[i]).toBeLessThanOrEqual(1);
        checks++;
      }
      if (c.prioritized) {
        const td = Float32Array.from(batch.indices, () => rng.next() * 3);
        m.updatePriorities(batch.indices.slice(), td);
      }
    }
  }
  expect(checks).toBeGreaterThan(300);
}

describe('replay memory against a naive model', () => {
  it('one stream, many wrap-arounds', () => run({ capacity: 24, numStreams: 1 }, 1));
  it('three interleaved streams', () => run({ capacity: 40, numStreams: 3 }, 2));
  it('four streams, stacks of 2, a capacity rounded down', () => run({ capacity: 38, numStreams: 4, stackSize: 2 }, 3));
  it('prioritized, two streams', () => run({ capacity: 30, numStreams: 2, prioritized: true }, 4));
});
