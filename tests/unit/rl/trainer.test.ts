/** The trainer on the CPU backend with a tiny config: no tensor leaks, live params, n-step runs. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerFastCpuKernels } from '../../../src/tf/kernels/cpu/index.js';
import { tinyTrainer } from './tiny-trainer.js';

beforeAll(async () => {
  registerFastCpuKernels();
  await tf.setBackend('cpu');
});

describe('DqnTrainer', () => {
  it('keeps the tensor count and bytes flat: the same after 200 and after 2,000 steps', async () => {
    const trainer = tinyTrainer({ numEnvs: 4, trainEvery: 8 });
    for (let i = 0; i < 50; i++) await trainer.tick(); // 200 env steps (4 envs)
    const after200 = tf.memory().numTensors;
    const bytes200 = tf.memory().numBytes;
    for (let i = 0; i < 450; i++) await trainer.tick(); // 2,000 env steps
    expect(trainer.envSteps).toBe(2000);
    expect(trainer.updates).toBeGreaterThan(200);
    expect(tf.memory().numTensors).toBe(after200);
    expect(tf.memory().numBytes).toBe(bytes200); // the short soak: tensor memory flat after warm-up
    trainer.dispose();
  }, 120_000);

  it('applies epsilon and gamma live without restarting, and refuses bad values by name', async () => {
    const trainer = tinyTrainer();
    for (let i = 0; i < 30; i++) await trainer.tick();
    const steps = trainer.envSteps;
    trainer.setParams({ epsilonMode: 'manual', epsilon: 0.3, gamma: 0.5 });
    expect(trainer.epsilon).toBe(0.3);
    expect(trainer.config.gamma).toBe(0.5);
    await trainer.tick();
    expect(trainer.envSteps).toBe(steps + 2);
    expect(() => trainer.setParams({ gamma: 1.5 })).toThrow(/dqn\.gamma must be a number in \[0, 1\), got 1\.5/);
    expect(() => trainer.setParams({ epsilon: -1 })).toThrow(/dqn\.epsilon must be a number in \[0, 1\], got -1/);
    expect(trainer.config.gamma).toBe(0.5); // a refused change changes nothing
    trainer.setParams({ epsilonMode: 'schedule' });
    expect(trainer.epsilon).toBeGreaterThan(0.3);
    trainer.dispose();
  });

  it('moves the softmax temperature along its schedule, and acts with it', async () => {
    const trainer = tinyTrainer({ softmaxTemperature: 0.5, softmaxTemperatureEnd: 0.1, softmaxTemperatureSteps: 100 });
    const used: number[] = [];
    const act = trainer.agent.act.bind(trainer.agent);
    trainer.agent.act = (obs, n, epsilon, rng, legal, temperature) => {
      used.push(temperature ?? Number.NaN);
      return act(obs, n, epsilon, rng, legal, temperature);
    };
    expect(trainer.softmaxTemperature).toBe(0.5);
    for (let i = 0; i < 25; i++) await trainer.tick(); // 50 env steps (2 envs): half way
    expect(trainer.softmaxTemperature).toBeCloseTo(0.3, 12);
    expect(used[0]).toBe(0.5);
    expect(used[24]).toBeCloseTo(0.5 - 0.4 * (48 / 100), 12); // the 25th pick, at env step 48
    for (let i = 0; i < 30; i++) await trainer.tick();
    expect(trainer.softmaxTemperature).toBe(0.1);
    expect(used.at(-1)).toBe(0.1);
    const constant = tinyTrainer({ softmaxTemperature: 0.2, softmaxTemperatureEnd: 3 }); // no steps: End unused
    expect(constant.softmaxTemperature).toBe(0.2);
    constant.dispose();
    expect(() => tinyTrainer({ softmaxTemperatureSteps: 1.5 })).toThrow(/dqn\.softmaxTemperatureSteps.*1\.5/);
    expect(() => tinyTrainer({ softmaxTemperatureEnd: -1 })).toThrow(/dqn\.softmaxTemperatureEnd.*-1/);
    trainer.dispose();
  });

  it('decays the learning rate linearly over env steps when asked, and the optimizer uses it', async () => {
    const trainer = tinyTrainer({ learningRate: 1e-3, learningRateEnd: 1e-4, learningRateDecaySteps: 100 });
    const optimizerRate = (): number => (trainer as unknown as { agent: { optimizer: { settings: { learningRate: number } } } }).agent.optimizer.settings.learningRate;
    expect(trainer.learningRate).toBe(1e-3);
    for (let i = 0; i < 25; i++) await trainer.tick(); // 50 env steps: half way
    expect(trainer.learningRate).toBeCloseTo(5.5e-4, 12);
    expect(optimizerRate()).toBeGreaterThanOrEqual(trainer.learningRate); // set before the tick's last update
    expect(optimizerRate()).toBeLessThan(1e-3);
    for (let i = 0; i < 50; i++) await trainer.tick();
    expect(trainer.learningRate).toBe(1e-4);
    expect(optimizerRate()).toBe(1e-4);
    const plain = tinyTrainer();
    expect(plain.learningRate).toBe(1e-4); // no decay by default: the configured rate
    plain.dispose();
    expect(() => tinyTrainer({ learningRateEnd: 0 })).toThrow(/dqn\.learningRateEnd must be > 0, got 0/);
    trainer.dispose();
  });

  it('trains with n-step returns, prioritized replay, dueling and Polyak targets', async () => {
    const trainer = tinyTrainer({ nStep: 3, prioritized: true, dueling: true, targetUpdate: 'polyak', tau: 0.1 });
    for (let i = 0; i < 120; i++) await trainer.tick();
    expect(trainer.updates).toBeGreaterThan(20);
    expect(Number.isFinite(trainer.lastReport?.loss)).toBe(true);
    trainer.dispose();
  });

  it('awaits betweenUpdates between the updates of a tick, and nothing else changes', async () => {
    // 4 envs at one update per env step: 4 updates a tick, so 3 pauses between them.
    const plain = tinyTrainer({ numEnvs: 4, trainEvery: 1 });
    const yielding = tinyTrainer({ numEnvs: 4, trainEvery: 1 });
    let pauses = 0;
    const pausesPerTick: number[] = [];
    for (let i = 0; i < 12; i++) {
      await plain.tick();
      const before = pauses;
      await yielding.tick(async () => {
        pauses++;
        await new Promise((r) => setTimeout(r, 0));
      });
      pausesPerTick.push(pauses - before);
    }
    expect(pausesPerTick.slice(0, 4)).toEqual([0, 0, 0, 0]); // learning starts at 20 transitions: no update yet
    expect(pausesPerTick.slice(4)).toEqual([3, 3, 3, 3, 3, 3, 3, 3]);
    expect(yielding.updates).toBe(plain.updates);
    const probe = new Uint8Array(84 * 84 * 4).map((_, i) => (i * 31) % 251);
    expect(Array.from(await yielding.agent.qValues(probe, 1))).toEqual(Array.from(await plain.agent.qValues(probe, 1)));
    plain.dispose();
    yielding.dispose();
  });

  it('refuses a bad config with a message naming the field', () => {
    expect(() => tinyTrainer({ batchSize: 0 })).toThrow(/dqn\.batchSize must be an integer in \[1, 4096\], got 0/);
    expect(() => tinyTrainer({ replayCapacity: 0 })).toThrow(/dqn\.replayCapacity must be an integer in \[1, 10000000\], got 0/);
    expect(() => tinyTrainer({ learnRate: 0.1 })).toThrow(/unknown dqn setting "learnRate"/);
  });
});
