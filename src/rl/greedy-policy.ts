/**
 * A frozen copy of the agent's greedy policy, for another worker: the gen worker's dream steps
 * pick the agent's action on the dreamed stack themselves instead of asking the RL worker, whose
 * training tick a request would queue behind (tens of ms a step; see BENCHMARKS.md, Dream mode
 * speed). The copy is the online network's weights as plain arrays (transferable), rebuilt into a
 * QNetwork of the same shape on the receiving side; it does not follow later training.
 *
 * Legal moves: an agent trained with `legalActionsOnly` never learns Q-values for moves into a
 * wall (they get no gradient), so its greedy pick must skip them; in a dream there is no game to
 * ask, so the caller passes the mask it decoded from the dreamed frame (see dream-legal.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { RandomStream } from '../core/random.js';
import { ALL_ACTIONS_MASK } from '../env/legal.js';
import { CheckpointError } from '../tf/tensor-bundle.js';
import { decodeDqnCheckpoint, type EncodedCheckpoint, isNetworkWeight } from './checkpoint.js';
import { greedyChoice, type PolicyWeights } from './policy-weights.js';
import type { ChoiceRules } from './action-pick.js';
import { ActingQValues } from './acting-q.js';
import { logicalName, NET_PRESETS, QNetwork, stacksToInput } from './qnet.js';

export { greedyAmong, greedyChoice, policyBuffers, type PolicyWeights } from './policy-weights.js';

/** A variable's name within its network: `online/conv0/kernel@3` -> `conv0/kernel`. */
function localName(variable: tf.Variable): string {
  return logicalName(variable).replace(/^[^/]+\//, '');
}

/**
 * The greedy policy of a DQN checkpoint as policy weights: its policy average where the run kept
 * one (dqn.policyAverageDecay), else its online network (no tfjs work: the values are the
 * checkpoint's). Throws CheckpointError naming what is missing.
 */
export function policyFromCheckpoint(cp: EncodedCheckpoint, source: string): PolicyWeights {
  const { meta, tensors } = decodeDqnCheckpoint(cp, source);
  const network = meta.config.policyAverageDecay > 0 ? 'average' : 'online';
  const weights = [...tensors.values()].filter((t) => isNetworkWeight(t.name, network));
  if (weights.length === 0) throw new CheckpointError(`${source}: no ${network} network in the checkpoint`);
  return {
    shape: { preset: meta.config.net, numActions: meta.numActions, dueling: meta.config.dueling },
    legalActionsOnly: meta.config.legalActionsOnly,
    stopAction: meta.config.stopAction !== false,
    names: weights.map((t) => t.name.slice(network.length + 1)),
    values: weights.map((t) => t.values),
  };
}

/** Reads `net`'s weights back (one read-back per variable); `rules`: the run's choice of actions (its dqn config). */
export async function exportPolicy(net: QNetwork, rules: ChoiceRules): Promise<PolicyWeights> {
  const values = await Promise.all(net.params.map(async (p) => new Float32Array((await p.data()) as Float32Array)));
  return { shape: { ...net.shape }, legalActionsOnly: rules.legalActionsOnly, stopAction: rules.stopAction !== false, names: net.params.map(localName), values };
}

export class GreedyPolicy {
  private readonly net: QNetwork;
  private readonly acting: ActingQValues;

  /** Builds the network and loads `weights`; throws, naming the variable, where they do not fit its shape. */
  constructor(readonly weights: PolicyWeights) {
    const { shape } = weights;
    if (!NET_PRESETS.includes(shape.preset)) throw new RangeError(`policy weights: unknown net preset ${JSON.stringify(shape.preset)} (expected ${NET_PRESETS.join(' or ')})`);
    // The seed only fills the variables until the weights below replace them.
    this.net = new QNetwork(shape, new RandomStream('greedy-policy'), 'policy');
    if (weights.names.length !== this.net.params.length || weights.values.length !== this.net.params.length) {
      this.net.dispose();
      throw new RangeError(`policy weights: ${weights.names.length} names and ${weights.values.length} arrays for a ${shape.preset} net of ${this.net.params.length} variables`);
    }
    for (const [i, p] of this.net.params.entries()) {
      const name = localName(p);
      if (weights.names[i] !== name || weights.values[i].length !== p.size) {
        this.net.dispose();
        throw new RangeError(`policy weights: variable ${i} is ${weights.names[i]} with ${weights.values[i].length} values; this net needs ${name} with ${p.size}`);
      }
    }
    tf.tidy(() => this.net.params.forEach((p, i) => p.assign(tf.tensor(weights.values[i], p.shape, 'float32'))));
    this.acting = new ActingQValues(this.net);
  }

  /** Q-values for `n` stacks `[n, 84, 84, 4]` (uint8), row-major `[n, actions]` (on WebGPU through the net's own forward pass). */
  qValues(stacks: Uint8Array, n: number): Promise<Float32Array> {
    return this.acting.qValues(stacks, n);
  }

  /**
   * The greedy action for one stack, read back synchronously (dataSync: for the CPU backend and
   * for callers that cannot await, such as PlayDataset's policies); `legal` as in act().
   */
  actSync(stack: Uint8Array, legal: number = ALL_ACTIONS_MASK): number {
    const q = tf.tidy(() => this.net.apply(stacksToInput(stack, 1)));
    try {
      return greedyChoice(q.dataSync(), legal, this.weights);
    } finally {
      q.dispose();
    }
  }

  /** The greedy action for one stack; `legal` (a bitmask) is used only when the policy was trained on legal moves (and Stop only where its run could pick it). */
  async act(stack: Uint8Array, legal: number = ALL_ACTIONS_MASK): Promise<{ action: number; q: Float32Array }> {
    const q = await this.qValues(stack, 1);
    return { action: greedyChoice(q, legal, this.weights), q };
  }

  dispose(): void {
    this.acting.dispose();
    this.net.dispose();
  }
}
