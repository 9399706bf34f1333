/**
 * The replay memory's contract, case by case. Every frame's bytes encode (stream, episode,
 * step) (bytes 0..2, the rest a pattern of those), so a test reads exactly which frames a
 * rebuilt stack holds. A randomized comparison with a naive model is in replay-model.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/core/random.js';
import { FRAME_SIZE } from '../../../src/obs/raster.js';
import {
  DEFAULT_REPLAY_CONFIG, ReplayMemory, replayMemoryBytes, resolveReplayConfig, type ReplayBatch, type ReplayConfig,
} from '../../../src/rl/replay/replay-memory.js';

const STATE_BYTES = FRAME_SIZE * 4;

function frame(stream: number, episode: number, step: number): Uint8Array {
  const f = new Uint8Array(FRAME_SIZE);
  for (let p = 0; p < FRAME_SIZE; p++) f[p] = (stream * 101 + episode * 37 + step * 11 + p * 7) & 255;
  f[0] = stream;
  f[1] = episode;
  f[2] = step;
  return f;
}

/** "s.e.t" for frame k of a stack at `offset`, after checking all its bytes are that frame's. */
function frameId(stack: Uint8Array, k: number, offset = 0, stackSize = 4): string {
  const at = (p: number): number => stack[offset + p * stackSize + k];
  const [s, e, t] = [at(0), at(1), at(2)];
  const expected = frame(s, e, t);
  for (let p = 0; p < FRAME_SIZE; p += 97) if (at(p) !== expected[p]) throw new Error(`frame ${k} of the stack is not frame ${s}.${e}.${t} at pixel ${p}`);
  return `${s}.${e}.${t}`;
}

function stackIds(stack: Uint8Array, row = 0, stackSize = 4): string[] {
  return Array.from({ length: stackSize }, (_, k) => frameId(stack, k, row * FRAME_SIZE * stackSize, stackSize));
}

function memory(overrides: Partial<ReplayConfig> = {}, seed = 1): ReplayMemory {
  return new ReplayMemory(resolveReplayConfig({ capacity: 64, ...overrides }), new RandomStreams(seed).get('replay'));
}

/** Plays one episode of `rewards.length` steps on `stream`; the last step ends it as `end` says. */
function episode(m: ReplayMemory, stream: number, ep: number, rewards: number[], end: 'terminated' | 'truncated' | 'running'): void {
  m.startEpisode(stream, frame(stream, ep, 0));
  rewards.forEach((r, t) => {
    const last = t === rewards.length - 1;
    m.add(stream, 10 + t, r, frame(stream, ep, t + 1), last && end === 'terminated', last && end === 'truncated');
  });
}

type Row = { next: string[]; ret: number; discount: number; action: number; weight: number };

/** Sampled rows keyed by the newest frame of their state. */
function rowsByState(batch: ReplayBatch, rows = new Map<string, Row>()): Map<string, Row> {
  for (let i = 0; i < batch.batchSize; i++) {
    rows.set(stackIds(batch.states, i)[3], {
      next: stackIds(batch.nextStates, i), ret: batch.returns[i], discount: batch.discounts[i], action: batch.actions[i], weight: batch.weights[i],
    });
  }
  return rows;
}

/** Rows of ~`draws` draws in batches as large as the memory allows (enough to meet every transition of these small cases). */
function drawRows(m: ReplayMemory, nStep: number, gamma: number, draws = 64): Map<string, Row> {
  const rows = new Map<string, Row>();
  const batch = m.sampleable(nStep);
  for (let n = 0; n < draws; n += batch) rowsByState(m.sample(batch, nStep, gamma), rows);
  return rows;
}

describe('replay config', () => {
  it('merges defaults and names the field and value of a bad setting', () => {
    expect(resolveReplayConfig({})).toEqual(DEFAULT_REPLAY_CONFIG);
    expect(DEFAULT_REPLAY_CONFIG).toMatchObject({ stackSize: 4, alpha: 0.6, beta: 0.4, priorityEpsilon: 1e-6 });
    expect(() => resolveReplayConfig({ capacity: 0 })).toThrow('replay.capacity must be an integer >= 1, got 0');
    expect(() => resolveReplayConfig({ numStreams: 1.5 })).toThrow(/replay\.numStreams must be an integer .*got 1\.5/);
    expect(() => resolveReplayConfig({ alpha: 2 })).toThrow('replay.alpha must be a number in [0, 1], got 2');
    expect(() => resolveReplayConfig({ priorityEpsilon: 0 })).toThrow('replay.priorityEpsilon must be > 0, got 0');
    expect(() => resolveReplayConfig({ capasity: 10 })).toThrow(/unknown replay setting "capasity"/);
    expect(() => resolveReplayConfig({ capacity: 16, numStreams: 4 })).toThrow(
      /replay\.capacity 16 gives each of 4 streams 4 slots; a stream needs at least stackSize \+ 1 = 5/,
    );
  });

  it('rounds a capacity down to a multiple of numStreams and says so in `capacity`', () => {
    const m = memory({ capacity: 20, numStreams: 3 });
    expect(m.slotsPerStream).toBe(6);
    expect(m.capacity).toBe(18);
    expect(m.config.capacity).toBe(20);
  });
});

describe('memory cost', () => {
  it('stores each frame once: ~7,070 bytes a transition, ~0.7 GB for 100,000', () => {
    const perTransition = replayMemoryBytes(100_000) / 100_000;
    expect(perTransition).toBeGreaterThan(FRAME_SIZE);
    expect(perTransition).toBeLessThan(FRAME_SIZE + 40);
    expect(replayMemoryBytes(100_000) / 1e9).toBeCloseTo(0.71, 2);
    expect(replayMemoryBytes(100_000, true)).toBeLessThan(0.715e9);
  });

  it('says so when a capacity cannot be allocated', () => {
    expect(() => memory({ capacity: 1e12 })).toThrow(/replay\.capacity 1000000000000 needs 7\d{6}\.\d\d GB, which could not be allocated .*: lower it/);
  });

  it('allocates what replayMemoryBytes says, plus its batch buffers', () => {
    const m = memory({ capacity: 64, numStreams: 2, prioritized: true });
    expect(m.bytes).toBe(replayMemoryBytes(64, true));
    episode(m, 0, 0, [1, 1, 1, 1], 'terminated');
    m.sample(2, 1, 0.9);
    // Two stacks, five 4-byte arrays (actions, returns, discounts, weights, indices) and the next states' legal masks (a byte each).
    expect(m.bytes).toBe(replayMemoryBytes(64, true) + 2 * 2 * STATE_BYTES + 2 * 4 * 5 + 2);
  });
});

describe('stacks', () => {
  it('are NHWC [84, 84, 4], newest last, padded with the episode\'s first frame', () => {
    const m = memory();
    episode(m, 0, 0, [0, 0, 0, 0, 0, 0], 'running');
    expect(m.size).toBe(6);
    const t0 = m.getTransition(0);
    expect(stackIds(t0.state)).toEqual(['0.0.0', '0.0.0', '0.0.0', '0.0.0']);
    expect(stackIds(t0.nextState)).toEqual(['0.0.0', '0.0.0', '0.0.0', '0.0.1']);
    expect(stackIds(m.getTransition(2).state)).toEqual(['0.0.0', '0.0.0', '0.0.1', '0.0.2']);
    expect(stackIds(m.getTransition(5).state)).toEqual(['0.0.2', '0.0.3', '0.0.4', '0.0.5']);
    // byte (y * 84 + x) * 4 + k is frame k's pixel (x, y)
    const s = m.getTransition(5).state;
    const [x, y] = [17, 60];
    for (let k = 0; k < 4; k++) expect(s[(y * 84 + x) * 4 + k]).toBe(frame(0, 0, 2 + k)[y * 84 + x]);
  });

  it('never mix two episodes; the terminal frame is a next state, not a transition', () => {
    const m = memory();
    episode(m, 0, 0, [1, 2, 3], 'terminated');
    episode(m, 0, 1, [4, 5], 'running');
    expect(m.size).toBe(5);
    const ids = Array.from({ length: m.size }, (_, i) => stackIds(m.getTransition(i).state)[3]);
    expect(ids).toEqual(['0.0.0', '0.0.1', '0.0.2', '0.1.0', '0.1.1']);
    expect(stackIds(m.getTransition(2).nextState)).toEqual(['0.0.0', '0.0.1', '0.0.2', '0.0.3']);
    expect(stackIds(m.getTransition(3).state)).toEqual(['0.1.0', '0.1.0', '0.1.0', '0.1.0']);
    expect(stackIds(m.getTransition(4).nextState)).toEqual(['0.1.0', '0.1.0', '0.1.1', '0.1.2']);
  });

  it('support other stack sizes', () => {
    const m = memory({ stackSize: 2 });
    episode(m, 0, 0, [0, 0, 0], 'running');
    const t = m.getTransition(2);
    expect(t.state.length).toBe(FRAME_SIZE * 2);
    expect(stackIds(t.state, 0, 2)).toEqual(['0.0.1', '0.0.2']);
    expect(stackIds(m.sample(3, 1, 0.9).states, 0, 2)).toHaveLength(2);
  });

  it('wrap-around retires transitions whose stack or next state would read an overwritten frame', () => {
    const m = memory({ capacity: 8 });
    episode(m, 0, 0, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 'running'); // frames 0..10, slots hold 3..10
    // Transitions 3..9 have their frames; 3..5 reach back to frames 0..2, now gone.
    expect(m.size).toBe(4);
    const states = Array.from({ length: m.size }, (_, i) => stackIds(m.getTransition(i).state));
    expect(states).toEqual([
      ['0.0.3', '0.0.4', '0.0.5', '0.0.6'], ['0.0.4', '0.0.5', '0.0.6', '0.0.7'],
      ['0.0.5', '0.0.6', '0.0.7', '0.0.8'], ['0.0.6', '0.0.7', '0.0.8', '0.0.9'],
    ]);
    // A new episode's first transitions pad with its own first frame, so they stay valid longer.
    m.add(0, 1, 0, frame(0, 0, 11), true, false);
    episode(m, 0, 1, [0, 0], 'running'); // frames: 0.0.11 (terminal), 0.1.0, 0.1.1, 0.1.2
    expect(Array.from({ length: m.size }, (_, i) => stackIds(m.getTransition(i).state)[3])).toEqual(['0.0.10', '0.1.0', '0.1.1']);
  });
});

describe('n-step returns (gamma 0.5, rewards 1, 2, 4, 8)', () => {
  for (const end of ['terminated', 'truncated'] as const) {
    it(`3-step when the episode is ${end} at its 4th step`, () => {
      const m = memory();
      episode(m, 0, 0, [1, 2, 4, 8], end);
      const rows = drawRows(m, 3, 0.5);
      expect(rows.size).toBe(4);
      const boot = end === 'truncated';
      expect(rows.get('0.0.0')).toMatchObject({ ret: 1 + 0.5 * 2 + 0.25 * 4, discount: 0.125, action: 10 });
      expect(rows.get('0.0.0')!.next).toEqual(['0.0.0', '0.0.1', '0.0.2', '0.0.3']);
      expect(rows.get('0.0.1')).toMatchObject({ ret: 2 + 0.5 * 4 + 0.25 * 8, discount: boot ? 0.125 : 0, action: 11 });
      expect(rows.get('0.0.1')!.next).toEqual(['0.0.1', '0.0.2', '0.0.3', '0.0.4']);
      expect(rows.get('0.0.2')).toMatchObject({ ret: 4 + 0.5 * 8, discount: boot ? 0.25 : 0 });
      expect(rows.get('0.0.2')!.next).toEqual(['0.0.1', '0.0.2', '0.0.3', '0.0.4']);
      expect(rows.get('0.0.3')).toMatchObject({ ret: 8, discount: boot ? 0.5 : 0 });
    });
  }

  it('1-step is the ordinary transition; gamma is read at sample time', () => {
    const m = memory();
    episode(m, 0, 0, [1, 2, 4, 8], 'running');
    const rows = drawRows(m, 1, 0.5);
    expect(rows.get('0.0.1')).toMatchObject({ ret: 2, discount: 0.5 });
    expect(rows.get('0.0.1')!.next).toEqual(['0.0.0', '0.0.0', '0.0.1', '0.0.2']);
    expect(drawRows(m, 2, 0.25).get('0.0.1')).toMatchObject({ ret: 2 + 0.25 * 4, discount: 0.0625 });
  });

  it('never draws a transition whose window is not written yet, unless its episode ended inside it', () => {
    const m = memory();
    episode(m, 0, 0, [1, 1, 1, 1, 1], 'running');
    expect(m.size).toBe(5);
    expect(m.sampleable(3)).toBe(3);
    expect([...drawRows(m, 3, 0.5).keys()].sort()).toEqual(['0.0.0', '0.0.1', '0.0.2']);
    expect(() => m.sample(4, 3, 0.5)).toThrow('replay holds 5 transitions but only 3 have a complete 3-step window; a batch needs 4');
    m.add(0, 0, 1, frame(0, 0, 6), true, false);
    expect(m.sampleable(3)).toBe(6);
    expect(drawRows(m, 3, 0.5).size).toBe(6);
  });

  it('an episode restarted before it ended counts as truncated at its last step', () => {
    const m = memory();
    episode(m, 0, 0, [1, 2], 'running');
    m.startEpisode(0, frame(0, 1, 0));
    expect(m.getTransition(1)).toMatchObject({ terminated: false, truncated: true, reward: 2 });
    const rows = drawRows(m, 3, 0.5);
    expect(rows.get('0.0.0')).toMatchObject({ ret: 2, discount: 0.25 });
  });
});

describe('terminated and truncated', () => {
  it('are kept apart: truncation bootstraps, termination does not', () => {
    const m = memory({ numStreams: 2 });
    episode(m, 0, 0, [5], 'terminated');
    episode(m, 1, 0, [7], 'truncated');
    expect(m.getTransition(0)).toMatchObject({ terminated: true, truncated: false, reward: 5, action: 10 });
    expect(m.getTransition(1)).toMatchObject({ terminated: false, truncated: true, reward: 7 });
    const rows = drawRows(m, 1, 0.9);
    expect(rows.get('0.0.0')).toMatchObject({ ret: 5, discount: 0 });
    expect(rows.get('1.0.0')).toMatchObject({ ret: 7, discount: Math.fround(0.9) });
    expect(rows.get('1.0.0')!.next).toEqual(['1.0.0', '1.0.0', '1.0.0', '1.0.1']);
  });
});

describe('streams', () => {
  it('interleaved writes keep each stream\'s episodes whole', () => {
    const m = memory({ capacity: 30, numStreams: 3 });
    for (let s = 0; s < 3; s++) m.startEpisode(s, frame(s, 0, 0));
    const steps = [0, 0, 0];
    const eps = [0, 0, 0];
    for (let i = 0; i < 24; i++) {
      const s = [0, 1, 2, 2, 1, 2][i % 6];
      const end = steps[s] === 2 + s; // stream s's episodes last 3 + s steps
      m.add(s, s, s, frame(s, eps[s], ++steps[s]), end && s !== 1, end && s === 1);
      if (end) {
        steps[s] = 0;
        m.startEpisode(s, frame(s, ++eps[s], 0));
      }
    }
    for (let i = 0; i < m.size; i++) {
      const { state, nextState, action } = m.getTransition(i);
      const ids = [...stackIds(state), ...stackIds(nextState)].map((id) => id.split('.').map(Number));
      for (const [s, e] of ids) expect([s, e]).toEqual([action, ids[3][1]]);
      // consecutive steps, or the first frame repeated
      if (ids[1][2] === ids[0][2]) expect(ids[0][2]).toBe(0);
      for (let k = 1; k < 4; k++) expect(ids[k][2] - ids[k - 1][2]).toBe(ids[k - 1][2] === ids[0][2] && ids[k][2] === ids[0][2] ? 0 : 1);
      expect(ids[7][2]).toBe(ids[3][2] + 1);
    }
    const drawn = m.sample(m.size, 1, 0.9);
    const streams = new Set(Array.from({ length: m.size }, (_, i) => drawn.states[i * STATE_BYTES]));
    expect([...streams].sort()).toEqual([0, 1, 2]);
  });
});

describe('sampling', () => {
  function filled(seed: number): ReplayMemory {
    const m = memory({ numStreams: 2 }, seed);
    episode(m, 0, 0, [1, 2, 3, 4, 5, 6], 'terminated');
    episode(m, 1, 0, [1, 2, 3, 4, 5, 6, 7], 'running');
    return m;
  }

  it('is seeded: the same seed and the same adds give the same batches', () => {
    const [a, b, c] = [filled(7), filled(7), filled(8)];
    for (let i = 0; i < 3; i++) {
      const [x, y] = [a.sample(8, 2, 0.9), b.sample(8, 2, 0.9)];
      expect(Array.from(x.indices)).toEqual(Array.from(y.indices));
      expect(Buffer.from(x.states).equals(Buffer.from(y.states))).toBe(true);
      expect(Buffer.from(x.nextStates).equals(Buffer.from(y.nextStates))).toBe(true);
    }
    const [p, q] = [filled(7).sample(12, 1, 0.9), c.sample(12, 1, 0.9)];
    expect(Array.from(p.indices)).not.toEqual(Array.from(q.indices));
  });

  it('is uniform over valid transitions', () => {
    const m = filled(3);
    const counts = new Map<number, number>();
    for (let i = 0; i < 1000; i++) {
      const b = m.sample(13, 1, 0.9);
      for (const leaf of b.indices) counts.set(leaf, (counts.get(leaf) ?? 0) + 1);
      expect(Array.from(b.weights).every((w) => w === 1)).toBe(true);
    }
    expect(counts.size).toBe(13);
    const expected = 1000; // 1000 batches of 13; 4 sigma ~ 120
    for (const n of counts.values()) expect(Math.abs(n - expected)).toBeLessThan(4 * Math.sqrt(expected));
  });

  it('reuses its buffers for a batch size (a batch is valid until the next sample call)', () => {
    const m = filled(1);
    const a = m.sample(4, 1, 0.9);
    expect(m.sample(4, 1, 0.9)).toBe(a);
    expect(m.sample(5, 1, 0.9)).not.toBe(a);
    expect(a.states.length).toBe(4 * STATE_BYTES);
  });

  it('sampleFrames gives distinct held frames, without touching transitions', () => {
    const m = memory({ capacity: 8 });
    episode(m, 0, 0, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 'terminated'); // frames 0..10, slots hold 3..10
    const frames = m.sampleFrames(8, new RandomStreams(1).get('gen'));
    const ids = Array.from({ length: 8 }, (_, i) => frames[i * FRAME_SIZE + 2]).sort((x, y) => x - y);
    expect(ids).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    for (let i = 0; i < 8; i++) expect(frames.subarray(i * FRAME_SIZE, (i + 1) * FRAME_SIZE)).toEqual(frame(0, 0, frames[i * FRAME_SIZE + 2]));
    expect(() => m.sampleFrames(9)).toThrow('replay holds 8 frames; asked for 9 distinct ones');
  });
});

describe('prioritized', () => {
  function prioritized(): ReplayMemory {
    const m = memory({ prioritized: true, alpha: 1, beta: 1, priorityEpsilon: 1e-6 }, 5);
    episode(m, 0, 0, [0, 0, 0, 0], 'terminated');
    return m;
  }

  it('new transitions get the largest priority so far; weights are (N P(i))^-beta / max over all', () => {
    const m = prioritized();
    const b = m.sample(4, 1, 0.9);
    expect(Array.from(b.weights)).toEqual([1, 1, 1, 1]);
    // priorities 1, 2, 3, 4 (alpha 1) to transitions 0..3
    const leaves = new Int32Array([0, 1, 2, 3]);
    m.updatePriorities(leaves, new Float32Array([1, 2, 3, 4]).map((x) => x - 1e-6));
    episode(m, 0, 1, [0], 'terminated'); // transition 1.0 gets priority 4
    const rows = drawRows(m, 1, 0.9, 256);
    const w = (p: number): number => (5 * (p / 14)) ** -1 / ((5 * (1 / 14)) ** -1);
    expect(rows.get('0.0.0')!.weight).toBeCloseTo(w(1), 5);
    expect(rows.get('0.0.1')!.weight).toBeCloseTo(w(2), 5);
    expect(rows.get('0.0.3')!.weight).toBeCloseTo(w(4), 5);
    expect(rows.get('0.1.0')!.weight).toBeCloseTo(w(4), 5);
    m.setBeta(0);
    expect(Array.from(m.sample(5, 1, 0.9).weights).every((x) => x === 1)).toBe(true);
    expect(() => m.setBeta(1.5)).toThrow('replay.beta must be a number in [0, 1], got 1.5');
  });

  it('draws in proportion to priority^alpha', () => {
    const m = memory({ prioritized: true, alpha: 0.5 }, 9);
    episode(m, 0, 0, [0, 0, 0, 0], 'terminated');
    m.updatePriorities(new Int32Array([0, 1, 2, 3]), new Float32Array([1, 4, 9, 16])); // p^0.5 ~ 1, 2, 3, 4
    const counts = [0, 0, 0, 0];
    const draws = 2500 * 4;
    for (let i = 0; i < 2500; i++) for (const leaf of m.sample(4, 1, 0.9).indices) counts[leaf]++;
    counts.forEach((n, i) => {
      const expected = (draws * (i + 1)) / 10;
      expect(Math.abs(n - expected)).toBeLessThan(4 * Math.sqrt(expected));
    });
  });

  it('updatePriorities is a no-op for uniform replay and checks its input', () => {
    const u = memory();
    episode(u, 0, 0, [0, 0], 'terminated');
    expect(() => u.updatePriorities(new Int32Array([0]), new Float32Array([5]))).not.toThrow();
    const m = prioritized();
    expect(() => m.updatePriorities(new Int32Array([0, 1]), new Float32Array([1]))).toThrow(/one TD error per index, got 2 indices and 1 errors/);
    expect(() => m.updatePriorities(new Int32Array([0]), new Float32Array([NaN]))).toThrow('tdErrors[0] must be finite, got NaN');
    expect(() => m.updatePriorities(new Int32Array([64]), new Float32Array([1]))).toThrow('indices[0] must be in [0, 63], got 64');
  });
});

describe('errors', () => {
  it('say what is wrong and what it was', () => {
    const m = memory({ numStreams: 2 });
    expect(() => m.add(0, 0, 0, frame(0, 0, 1), false, false)).toThrow(/add\(\) on stream 0 before startEpisode\(\)/);
    expect(() => m.startEpisode(2, frame(0, 0, 0))).toThrow('stream must be an integer in [0, 1], got 2');
    expect(() => m.startEpisode(0, new Uint8Array(100))).toThrow('frame must be 7056 bytes (84x84), got 100');
    episode(m, 0, 0, Array(10).fill(0), 'terminated');
    expect(() => m.add(0, 0, 0, frame(0, 0, 1), false, false)).toThrow(/add\(\) on stream 0 after its episode ended/);
    expect(() => m.sample(32, 1, 0.9)).toThrow('replay holds 10 transitions; a batch needs 32');
    expect(() => m.sample(0, 1, 0.9)).toThrow('batchSize must be an integer >= 1, got 0');
    expect(() => m.sample(4, 0, 0.9)).toThrow('nStep must be an integer >= 1, got 0');
    expect(() => m.sample(4, 1, 1.5)).toThrow('gamma must be a number in [0, 1], got 1.5');
    expect(() => m.getTransition(10)).toThrow('transition index must be an integer in [0, 9], got 10');
    m.startEpisode(1, frame(1, 0, 0));
    expect(() => m.add(1, 0, NaN, frame(1, 0, 1), false, false)).toThrow('reward must be a finite number, got NaN');
    expect(() => m.add(1, -1, 0, frame(1, 0, 1), false, false)).toThrow('action must be an integer >= 0, got -1');
  });
});
