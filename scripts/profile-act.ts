/**
 * npx tsx scripts/profile-act.ts [--net small|nature] [--dueling] [--envs 16] [--seconds 2] [--rounds 3]
 * Action selection on the WebGPU backend with Pac-Lab's kernels, two ways in one process: as the
 * trainer does it (DqnAgent.act, through the network's own forward pass, src/rl/webgpu-forward.ts)
 * and through tfjs (QNetwork.apply, whose programs tf.profile lists): ms per call and actions/s,
 * alternating, `rounds` times. With PACLAB_DAWN_BACKEND=null (Dawn's adapter that runs nothing)
 * what is left is the CPU's cost of issuing: how the dueling head's fusion was measured
 * (BENCHMARKS.md, "WebGPU on an NVIDIA H200", run C). Prints one JSON line per round.
 */
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { RandomStreams } from '../src/core/random.js';
import { NUM_ACTIONS } from '../src/env/grid.js';
import { STACK_BYTES } from '../src/obs/frame-stack.js';
import { resolveDqnConfig } from '../src/rl/config.js';
import { tfjsQValues } from '../src/rl/acting-q.js';
import { DqnAgent } from '../src/rl/dqn-agent.js';
import { selectBackend } from '../src/tf/backend.js';
import { registerFastWebGpuKernels } from '../src/tf/kernels/webgpu/index.js';
import { provideNodeWebGpu } from '../src/tf/node-webgpu.js';

const { values } = parseArgs({
  options: {
    net: { type: 'string', default: 'small' },
    dueling: { type: 'boolean', default: false },
    envs: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' },
  },
});
const net = values.net === 'nature' ? 'nature' : 'small';
const envs = Number(values.envs);
const backend = await selectBackend('webgpu', { provideWebGpu: provideNodeWebGpu });
if (backend.name !== 'webgpu') throw new Error(`profile-act needs WebGPU: ${backend.reason}`);
registerFastWebGpuKernels();
const agent = new DqnAgent(NUM_ACTIONS, resolveDqnConfig({ net, dueling: values.dueling }), new RandomStreams(1).get('weights'));
const obs = new Uint8Array(envs * STACK_BYTES).map((_, i) => (i * 7) % 251);
const rng = new RandomStreams(3).get('profile-act');
// The two ways to the Q-values, alternated so machine load hits both alike: the agent's (its own
// WebGPU forward pass, src/rl/webgpu-forward.ts) and tfjs' (QNetwork.apply with Pac-Lab's kernels).
const ways: Record<string, () => Promise<unknown>> = {
  'webgpu-forward': () => agent.act(obs, envs, 0.05, rng),
  tfjs: () => tfjsQValues(agent.online, obs, envs),
};
for (const way of Object.values(ways)) await way(); // warm-up: pipelines compiled, buffers pooled
const profile = await tf.profile(async () => void (await ways.tfjs()));
const tfjsPrograms = profile.kernels.map((k) => k.name).filter((name) => name !== 'Reshape' && !name.endsWith('__op')); // ops, not programs
for (let round = 0; round < Number(values.rounds); round++) {
  for (const [name, way] of Object.entries(ways)) {
    const t0 = performance.now();
    let calls = 0;
    while (performance.now() - t0 < Number(values.seconds) * 1000) {
      await way();
      calls++;
    }
    const ms = (performance.now() - t0) / calls;
    console.log(JSON.stringify({
      way: name, net, dueling: values.dueling, envs, adapter: backend.adapter, ...(name === 'tfjs' ? { programs: tfjsPrograms } : {}),
      msPerCall: Number(ms.toFixed(3)), actionsPerSec: Math.round((envs * 1000) / ms),
    }));
  }
}
agent.dispose();
