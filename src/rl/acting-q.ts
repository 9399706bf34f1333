/**
 * A network's Q-values for acting (read back to the CPU): through its own WebGPU forward pass
 * (webgpu-forward.ts) where that can run, else through tfjs. Used by the learning agent
 * (DqnAgent) and by a trained policy's copy (GreedyPolicy, the Dream's pilot).
 */
import * as tf from '@tensorflow/tfjs';
import { type QNetwork, stacksToInput } from './qnet.js';
import { WebGpuForward, webGpuForwardUsable } from './webgpu-forward.js';

export class ActingQValues {
  /** Undefined until first asked, null where it cannot run. */
  private forward: WebGpuForward | null | undefined;

  constructor(private readonly net: QNetwork) {}

  /** Q-values `[n, numActions]`, row-major, for `n` stacks `[n, 84, 84, 4]` (uint8). */
  async qValues(stacks: Uint8Array, n: number): Promise<Float32Array> {
    const fast = this.webGpuForward();
    const values = fast ? await fast.qValues(stacks, n) : null;
    return values ?? tfjsQValues(this.net, stacks, n);
  }

  /** Made on first use and kept while it can run (the backend or the kernels may change, as in the bench). */
  private webGpuForward(): WebGpuForward | null {
    if (!webGpuForwardUsable()) return null;
    if (this.forward === undefined) this.forward = WebGpuForward.create(this.net);
    return this.forward;
  }

  dispose(): void {
    this.forward?.dispose();
  }
}

/** Q-values through tfjs (QNetwork.apply and one read-back). */
export async function tfjsQValues(net: QNetwork, stacks: Uint8Array, n: number): Promise<Float32Array> {
  const q = tf.tidy(() => net.apply(stacksToInput(stacks, n)));
  try {
    return (await q.data()) as Float32Array;
  } finally {
    q.dispose();
  }
}
