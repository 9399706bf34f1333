/** Live values for the explanation tests: numbers of at most 4 significant digits, so they print exactly. */
import type { BoardState } from '../../../../src/env/board.js';
import type { GenStepRow } from '../../../../src/gen/trainer.js';
import type { TdExplanation } from '../../../../src/rl/explain/types.js';
import type { RlSnapshot } from '../../../../src/rl/session.js';
import type { GenLive } from '../../../../src/ui/explain/topics/gen-live.js';
import type { RlLive } from '../../../../src/ui/explain/topics/rl-live.js';

const BOARD: BoardState = {
  width: 3, height: 3, food: new Uint8Array(9), capsules: new Uint8Array(9), pacman: { x: 1, y: 1, facing: 3 },
  ghosts: [], score: 42, steps: 7, won: false, lost: false, episode: 2,
};

export function snapshot(over: Partial<RlSnapshot> = {}): RlSnapshot {
  return {
    running: true, mode: 'agent', human: null, alert: null, envSteps: 12345, updates: 678, episodes: 9,
    params: {
      epsilonMode: 'schedule', epsilon: 0.05, gamma: 0.99, learningRate: 5e-4, batchSize: 32, targetSyncEvery: 200, trainEvery: 4, tau: 0.005,
      gradClipNorm: 10, epsilonStart: 1, epsilonEnd: 0.05, epsilonSteps: 5000, double: true, nStep: 3, targetUpdate: 'hard',
    },
    epsilon: 0.3, learningRateNow: 4.5e-4, board: BOARD, frames: new Uint8Array(4 * 84 * 84),
    qValues: [0.25, -0.5, 1.125, 0, 0.75], action: 2, randomAction: false, allowed: [true, true, true, true, true], meanScore100: -123.4, winRate100: 0.25,
    lastReport: { type: 'train', updates: 600, envSteps: 12000, episodes: 9, loss: 0.01234, meanQ: 1.357, gradNorm: 2.468, epsilon: 0.3, meanScore100: -123.4, winRate100: 0.25 },
    backend: { name: 'cpu', reason: '', adapter: '' },
    envStepsPerSec: 1234.5, updatesPerSec: 3.456, replay: { size: 5000, capacity: 20000, bytes: 35_450_000 }, tensors: 10,
    recentEpisodes: [{ type: 'episode', episode: 9, envSteps: 12300, env: 3, score: -377, steps: 123, won: false, lost: true, foodEaten: 12, ghostsEaten: 1, terminated: true, truncated: false }],
    ...over,
  };
}

/** A 3-step Double DQN target: R = -0.01 + 0.99 * 0.1 + 0.99^2 * -0.01, d = 0.99^3. */
export function tdExplanation(over: Partial<TdExplanation> = {}): TdExplanation {
  return {
    updates: 4321, replayIndex: 1717, action: 3, rewards: [-0.01, 0.09, -0.01], ret: 0.06929, nStep: 3, gamma: 0.99, discount: 0.9703,
    terminated: false, truncated: false, double: true,
    qNextTarget: [0.5, 1.25, 0.875, -0.25, 0.125], qNextOnline: [0.625, 0.375, 1.5, 0, 0.25],
    bootstrapAction: 2, bootstrap: 0.875, target: 0.9183, plainTarget: 1.282, q: 0.7, tdError: 0.2183, huberDelta: 1, loss: 0.02383, weight: 0.6543,
    ...over,
  };
}

export function rlLive(over: Partial<RlLive> = {}): RlLive {
  const s = snapshot();
  return { snapshot: s, lastEpisode: s.recentEpisodes[0], td: tdExplanation(), ...over };
}

function row(step: number, losses: Record<string, number>): GenStepRow {
  return { type: 'step', step, losses, ms: 12 };
}

export const VAE_LIVE: GenLive = {
  row: row(250, { recon: 123.4, kl: 6.789, total: 137, sigmaMean: 0.4321, mu0: -0.8765, sigma0: 0.25, eps0: 1.5, z0: -0.5015 }),
  config: { beta: 2, reconLoss: 'bce', latentDim: 8, conditional: true },
};

export const GAN_LIVE: GenLive = { row: row(99, { d: 1.234, g: 0.8765, dReal: 0.6789, dFake: 0.3456 }), config: { latentDim: 64 } };

export const DIFFUSION_LIVE: GenLive = {
  row: row(77, { mse: 0.1234, mse0: 0.0567, t0: 42, alphaBar0: 0.8123, noiseStd0: 0.4332, snr0: 4.328 }),
  config: { timesteps: 200, schedule: 'linear', sampler: 'ddim', samplingSteps: 20 },
};
