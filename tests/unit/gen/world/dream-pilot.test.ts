/**
 * The agent flying a dream from inside the gen worker: its policy copied as plain weights (the
 * same Q-values as the agent's own network; weights of another shape refused by name), Pac-Man's
 * legal moves read from frames (the engine's masks on real frames, every move where no Pac-Man
 * is drawn), and the world slot's 'agent' steps (the greedy legal move on the dream's own stack).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/core/random.js';
import { Action, NUM_ACTIONS } from '../../../../src/env/grid.js';
import { ALL_ACTIONS_MASK, legalActionMask } from '../../../../src/env/legal.js';
import { cellGrid } from '../../../../src/gen/world/cells.js';
import { PlayDataset } from '../../../../src/gen/world/data.js';
import { DreamLegalMoves } from '../../../../src/gen/world/dream-legal.js';
import { newestFrame } from '../../../../src/gen/world/live-dream.js';
import { WorldSlot } from '../../../../src/gen/world/world-slot.js';
import { resolveWorldSlotSettings } from '../../../../src/gen/world/world-settings.js';
import { PixelEnv } from '../../../../src/obs/pixel-env.js';
import { FRAME_SIZE } from '../../../../src/obs/raster.js';
import { resolveDqnConfig } from '../../../../src/rl/config.js';
import { DqnAgent } from '../../../../src/rl/dqn-agent.js';
import { exportPolicy, GreedyPolicy, greedyAmong, policyFromCheckpoint, type PolicyWeights } from '../../../../src/rl/greedy-policy.js';
import { DqnTrainer } from '../../../../src/rl/trainer.js';
import { epsilonGreedyPolicy } from '../../../../src/gen/world/agent-policy.js';
import { layout, useCpu } from './helpers.js';

beforeAll(useCpu);

function agent(legalActionsOnly: boolean, seed = 3): DqnAgent {
  return new DqnAgent(NUM_ACTIONS, resolveDqnConfig({ net: 'small', dueling: true, legalActionsOnly }), new RandomStreams(seed).get('weights'));
}

/** `n` stacks of random bytes. */
function randomStacks(n: number, seed: number): Uint8Array {
  const rng = new RandomStreams(seed).get('stacks');
  return Uint8Array.from({ length: n * 4 * FRAME_SIZE }, () => rng.int(256));
}

describe('GreedyPolicy', () => {
  it('gives the agent\'s own Q-values from the copied weights, and refuses weights of another shape by name', async () => {
    const a = agent(false);
    const weights = await exportPolicy(a.online, { legalActionsOnly: false });
    expect(weights.names[0]).toBe('conv0/kernel');
    const policy = new GreedyPolicy(weights);
    const stacks = randomStacks(3, 1);
    const mine = await a.qValues(stacks, 3);
    const copied = await policy.qValues(stacks, 3);
    expect(Array.from(copied)).toEqual(Array.from(mine));
    // act: the first best move, ignoring a mask when the agent was not trained on legal moves only
    const { action, q } = await policy.act(stacks.subarray(0, 4 * FRAME_SIZE), 1 << Action.Stop);
    expect(action).toBe(greedyAmong(q, ALL_ACTIONS_MASK));
    policy.dispose();

    const legalOnly = new GreedyPolicy({ ...(await exportPolicy(a.online, { legalActionsOnly: true })) });
    const stop = await legalOnly.act(stacks.subarray(0, 4 * FRAME_SIZE), 1 << Action.Stop);
    expect(stop.action).toBe(Action.Stop); // the only legal move
    legalOnly.dispose();

    // A run without Stop (dqn.stopAction false): its greedy play never stops while it has a move, whatever Stop's Q-value.
    const moving = new GreedyPolicy(await exportPolicy(a.online, { legalActionsOnly: true, stopAction: false }));
    expect(moving.weights.stopAction).toBe(false);
    const northOrStop = (1 << Action.North) | (1 << Action.Stop);
    for (let k = 0; k < 3; k++) {
      const stack = stacks.subarray(k * 4 * FRAME_SIZE, (k + 1) * 4 * FRAME_SIZE);
      expect((await moving.act(stack, northOrStop)).action).toBe(Action.North);
      expect(moving.actSync(stack, northOrStop)).toBe(Action.North);
    }
    expect((await moving.act(stacks.subarray(0, 4 * FRAME_SIZE), 1 << Action.Stop)).action).toBe(Action.Stop); // walled in
    moving.dispose();

    const renamed: PolicyWeights = { ...weights, names: weights.names.map((n, i) => (i === 2 ? 'convX/kernel' : n)) };
    expect(() => new GreedyPolicy(renamed)).toThrow(/variable 2 is convX\/kernel with 8192 values; this net needs conv1\/kernel with 8192/);
    const nature: PolicyWeights = { ...weights, shape: { ...weights.shape, preset: 'nature' } };
    expect(() => new GreedyPolicy(nature)).toThrow(/10 names and 10 arrays for a nature net of 12 variables/);
    expect(() => new GreedyPolicy({ ...weights, shape: { ...weights.shape, preset: 'huge' as 'small' } })).toThrow(/unknown net preset "huge"/);
    a.dispose();
  }, 30_000);
});

describe('a policy from a checkpoint, and an agent playing world-model data', () => {
  it('takes the online network from a DQN checkpoint and acts as the trainer\'s agent does, synchronously too', async () => {
    const maze = layout('starter7');
    const trainer = new DqnTrainer({ layout: maze, seed: 4, dqn: { net: 'small', numEnvs: 2, dueling: true, legalActionsOnly: true } });
    const weights = policyFromCheckpoint(await trainer.checkpoint(), 'test checkpoint');
    expect(weights.names).toEqual(['conv0/kernel', 'conv0/bias', 'conv1/kernel', 'conv1/bias', 'dense/kernel', 'dense/bias', 'advantage/kernel', 'advantage/bias', 'value/kernel', 'value/bias']);
    expect(weights.legalActionsOnly).toBe(true);
    const policy = new GreedyPolicy(weights);
    const stacks = randomStacks(2, 8);
    expect(Array.from(await policy.qValues(stacks, 2))).toEqual(Array.from(await trainer.agent.qValues(stacks, 2)));
    const one = stacks.subarray(0, 4 * FRAME_SIZE);
    for (const legal of [ALL_ACTIONS_MASK, 0b10011, 1 << Action.Stop]) expect(policy.actSync(one, legal)).toBe((await policy.act(one, legal)).action);

    // epsilon 0: the greedy legal move on real frames; epsilon 1: random; two draws a step either way
    const env = new PixelEnv(maze, { ghosts: 'random' }, 2);
    env.reset();
    const greedy = epsilonGreedyPolicy(policy, maze.width, maze.height, 0);
    const rngA = new RandomStreams(1).get('p');
    expect(greedy(env.obs, rngA)).toBe(policy.actSync(env.obs, env.legalActionMask()));
    const rngB = new RandomStreams(1).get('p');
    rngB.next();
    rngB.next();
    expect(rngA.next()).toBe(rngB.next());
    const random = epsilonGreedyPolicy(policy, maze.width, maze.height, 1);
    const rng = new RandomStreams(3).get('p');
    const picks = new Set(Array.from({ length: 60 }, () => random(env.obs, rng)));
    expect(picks.size).toBe(NUM_ACTIONS);
    expect(() => epsilonGreedyPolicy(policy, 7, 7, 1.5)).toThrow(/epsilon must be in \[0, 1\], got 1.5/);
    policy.dispose();
    trainer.dispose();
  }, 30_000);
});

describe('DreamLegalMoves', () => {
  it('reads the engine\'s legal moves from real frames, and allows every move where no Pac-Man is drawn', () => {
    for (const name of ['starter7', 'corridors16', 'medium20']) {
      const maze = layout(name);
      const env = new PixelEnv(maze, { ghosts: 'random' }, 5);
      env.reset();
      const legal = new DreamLegalMoves(cellGrid(maze.width, maze.height), env.frame);
      const rng = new RandomStreams(9).get(name);
      const masks = new Set<number>();
      for (let t = 0; t < 60; t++) {
        expect(legal.mask(env.frame), `${name} step ${t}`).toBe(legalActionMask(env.game));
        masks.add(legalActionMask(env.game));
        const r = env.play(rng.int(NUM_ACTIONS) as Action);
        if (r.terminated || r.truncated) env.reset();
      }
      expect(masks.size).toBeGreaterThan(1); // the walk met corridors of more than one shape
      expect(legal.mask(new Uint8Array(FRAME_SIZE))).toBe(ALL_ACTIONS_MASK);
    }
  });
});

describe('a dream the agent pilots', () => {
  it('takes the policy\'s greedy legal move on the dream\'s own stack at each \'agent\' step', async () => {
    const maze = layout('starter7');
    const data = PlayDataset.collect(maze, { ghosts: 'directional' }, 20, 1);
    const stack = data.gather(Int32Array.of(5)).stacks;
    const slot = new WorldSlot(resolveWorldSlotSettings({ channels: [4, 8], pixelHidden: 4, batchSize: 4 }));
    slot.startDream(stack);
    await expect(slot.stepDream('agent')).rejects.toThrow(/this dream has no agent to pilot it/);
    await expect(slot.stepDream(7)).rejects.toThrow(/a dream step takes an action 0\.\.4 or 'agent', got 7/);

    const a = agent(true, 4);
    const weights = await exportPolicy(a.online, { legalActionsOnly: true });
    const check = new GreedyPolicy(weights);
    slot.startDream(stack, { policy: weights, width: maze.width, height: maze.height });
    const legal = new DreamLegalMoves(cellGrid(maze.width, maze.height), newestFrame(stack));
    let context = stack;
    for (let k = 0; k < 3; k++) {
      const step = await slot.stepDream('agent');
      const q = await check.qValues(context, 1);
      expect(Array.from(step.q ?? [])).toEqual(Array.from(q));
      expect(step.action).toBe(greedyAmong(q, legal.mask(newestFrame(context))));
      context = step.stack;
    }
    const person = await slot.stepDream(Action.East);
    expect(person).toMatchObject({ action: Action.East, q: null });
    slot.stopDream();
    check.dispose();
    slot.dispose();
    a.dispose();
  }, 30_000);
});
