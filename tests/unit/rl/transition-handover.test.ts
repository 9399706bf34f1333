/**
 * The transition hand-over (replay memory -> world model): each item is exactly the replay's
 * transition in the world models' layout (stack, action, next frame = newest of the next stack,
 * reward, terminated), items are distinct, draws come from a stream of their own (same seed,
 * same items; the agent's replay stream untouched), and deeper stacks are refused by name.
 */
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/core/random.js';
import { type Action, NUM_ACTIONS } from '../../../src/env/grid.js';
import { parseLayout } from '../../../src/env/layout.js';
import { resolveDqnConfig, transformReward, untransformReward } from '../../../src/rl/config.js';
import { STACK_BYTES } from '../../../src/obs/frame-stack.js';
import { PixelEnv } from '../../../src/obs/pixel-env.js';
import { FRAME_SIZE } from '../../../src/obs/raster.js';
import { ReplayMemory, resolveReplayConfig } from '../../../src/rl/replay/replay-memory.js';
import { handoverBuffers, sampleTransitions } from '../../../src/rl/transition-handover.js';

const MAZE = parseLayout(['%%%%%%%', '% P   %', '% %%% %', '% %.  %', '% %%% %', '%. G  %', '%%%%%%%'].join('\n'), 'starter.lay');

/** A replay memory holding `steps` steps of random play (episodes restart), and its replay stream. */
function filledReplay(steps: number, stackSize = 4): { replay: ReplayMemory; replayRng: ReturnType<RandomStreams['get']> } {
  const replayRng = new RandomStreams(7).get('replay');
  const replay = new ReplayMemory(resolveReplayConfig({ capacity: 500, numStreams: 1, stackSize }), replayRng);
  const env = new PixelEnv(MAZE, { maxSteps: 30 }, 7);
  const policy = new RandomStreams(7).get('policy');
  env.reset();
  replay.startEpisode(0, env.frame);
  for (let i = 0; i < steps; i++) {
    const a = policy.int(NUM_ACTIONS) as Action;
    const r = env.play(a);
    replay.add(0, a, r.reward, env.frame, r.terminated, r.truncated);
    if (r.terminated || r.truncated) {
      env.reset();
      replay.startEpisode(0, env.frame);
    }
  }
  return { replay, replayRng };
}

describe('sampleTransitions', () => {
  it('hands over distinct transitions exactly as the replay holds them', () => {
    const { replay } = filledReplay(120);
    const h = sampleTransitions(replay, 25, 3);
    expect(h.count).toBe(25);
    expect([h.stacks.length, h.nextFrames.length]).toEqual([25 * STACK_BYTES, 25 * FRAME_SIZE]);
    // Find each item among all the replay's transitions: its stack, action, reward, flag and next frame must match one.
    const all = Array.from({ length: replay.size }, (_, i) => replay.getTransition(i));
    const used = new Set<number>();
    for (let i = 0; i < h.count; i++) {
      const stack = h.stacks.subarray(i * STACK_BYTES, (i + 1) * STACK_BYTES);
      const next = h.nextFrames.subarray(i * FRAME_SIZE, (i + 1) * FRAME_SIZE);
      const j = all.findIndex((t, k) => !used.has(k) && Buffer.from(t.state).equals(Buffer.from(stack)) && t.action === h.actions[i]
        && t.reward === h.rewards[i] && (t.terminated ? 1 : 0) === h.terminated[i]
        && next.every((v, p) => v === t.nextState[4 * p + 3]));
      expect(j, `item ${i} is a replay transition`).toBeGreaterThanOrEqual(0);
      used.add(j);
    }
    expect(handoverBuffers(h)).toHaveLength(5);
    expect(new Set(handoverBuffers(h)).size).toBe(5);
  });

  it('gives fewer when the replay holds fewer, none when empty; same seed, same items; the replay stream untouched', () => {
    const a = filledReplay(40);
    const b = filledReplay(40);
    const untouched = filledReplay(40);
    const ha = sampleTransitions(a.replay, 1000, 5);
    const hb = sampleTransitions(b.replay, 1000, 5);
    expect(ha.count).toBe(a.replay.size);
    expect(Buffer.from(ha.stacks).equals(Buffer.from(hb.stacks))).toBe(true);
    expect(a.replayRng.next()).toBe(untouched.replayRng.next());
    expect(sampleTransitions(filledReplay(0).replay, 8, 1).count).toBe(0);
    expect(() => sampleTransitions(a.replay, -1, 1)).toThrow(/count must be an integer in \[0, 100000\], got -1/);
  });

  it('draws a fresh stream per replay memory, the same for the same seed', () => {
    const x = filledReplay(80).replay;
    const y = filledReplay(80).replay;
    const firstX = sampleTransitions(x, 5, 9).actions;
    const secondX = sampleTransitions(x, 5, 9);
    expect(Array.from(sampleTransitions(y, 5, 9).actions)).toEqual(Array.from(firstX));
    expect(secondX.count).toBe(5); // the stream moved on: a second hand-over draws again
  });

  it('refuses stacks that are not 4 frames deep', () => {
    const { replay } = filledReplay(20, 2);
    expect(() => sampleTransitions(replay, 2, 1)).toThrow(/the world model reads stacks of 4 frames \(28224 bytes\), but this replay memory's are 14112 bytes/);
  });

  it("gives the game's rewards back from the replay's transformed ones ('scale' exactly; 'clip' cannot)", () => {
    const scale = resolveDqnConfig({ rewardTransform: 'scale', rewardScale: 0.01 });
    for (const r of [-501, -491, -1, 9, 199, 499, 509, 709]) expect(untransformReward(scale, transformReward(scale, r))).toBe(r);
    const none = resolveDqnConfig({ rewardTransform: 'none' });
    expect(untransformReward(none, transformReward(none, 9))).toBe(9);
    expect(untransformReward(resolveDqnConfig({ rewardTransform: 'clip' }), 1)).toBeNull();
    const { replay } = filledReplay(20);
    const raw = sampleTransitions(replay, 5, 4);
    const doubled = sampleTransitions(filledReplay(20).replay, 5, 4, (stored) => 2 * stored);
    expect(Array.from(doubled.rewards)).toEqual(Array.from(raw.rewards).map((r) => 2 * r));
  });
});
