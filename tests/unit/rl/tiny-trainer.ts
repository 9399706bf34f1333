/** A trainer small enough for unit tests on the CPU backend: the 7x7 starter maze, 2 envs, the small net, 50-step episodes. */
import { parseLayout } from '../../../src/env/layout.js';
import { DqnTrainer } from '../../../src/rl/trainer.js';

export const STARTER = parseLayout(['%%%%%%%', '%.   G%', '% % % %', '%     %', '% % % %', '%P   .%', '%%%%%%%'].join('\n'), 'starter.lay');

/** `extra` goes over the tiny DQN config (any DqnConfig field). */
export function tinyTrainer(extra: Record<string, unknown> = {}): DqnTrainer {
  return new DqnTrainer({
    layout: STARTER, env: { maxSteps: 50 }, seed: 5,
    dqn: { net: 'small', batchSize: 4, replayCapacity: 500, learningStarts: 20, trainEvery: 4, targetSyncEvery: 10, reportEvery: 10, numEnvs: 2, ...extra },
  });
}
