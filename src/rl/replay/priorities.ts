/**
 * Proportional prioritized replay (Schaul et al. 2016): transition i is drawn with probability
 * P(i) = p_i / sum_k p_k, where p_i = (|TD error_i| + epsilon)^alpha, or the largest p so far
 * for a transition not yet trained on. Its importance weight is (N * P(i))^-beta divided by the
 * largest weight among all N sampleable transitions (that of the smallest p), which simplifies
 * to (p_min / p_i)^beta: a transition's weight does not depend on what else the batch drew.
 */
import type { RandomStream } from '../../core/random.js';
import { MinTree, SumTree } from './sum-tree.js';

export class Priorities {
  private readonly sums: SumTree;
  private readonly mins: MinTree;
  /** The largest p set so far, what a new transition gets. */
  maxPriority = 1;

  constructor(leaves: number) {
    this.sums = new SumTree(leaves);
    this.mins = new MinTree(leaves);
  }

  static bytesFor(leaves: number): number {
    return 2 * SumTree.bytesFor(leaves);
  }

  get bytes(): number {
    return this.sums.bytes + this.mins.bytes;
  }

  /** p of `leaf`, 0 where it holds no sampleable transition. */
  get(leaf: number): number {
    return this.sums.get(leaf);
  }

  /** Sets p (> 0), or 0 to take the leaf out of sampling. */
  set(leaf: number, p: number): void {
    this.sums.set(leaf, p);
    this.mins.set(leaf, p > 0 ? p : Infinity);
  }

  /** Gives `leaf` the largest priority so far (a transition just added). */
  setMax(leaf: number): void {
    this.set(leaf, this.maxPriority);
  }

  /** Sets p = (|tdError| + epsilon)^alpha and raises the running maximum. */
  update(leaf: number, tdError: number, alpha: number, epsilon: number): void {
    const p = (Math.abs(tdError) + epsilon) ** alpha;
    if (p > this.maxPriority) this.maxPriority = p;
    this.set(leaf, p);
  }

  /** The importance weight of `leaf` (which must hold a priority): (p_min / p)^beta. */
  weight(leaf: number, beta: number): number {
    return (this.mins.min / this.sums.get(leaf)) ** beta;
  }

  /**
   * Draws `indices.length` leaves, stratified: draw i falls in the i-th equal share of the total
   * priority mass, so a batch covers the distribution evenly (Schaul et al., Appendix B.2.1).
   */
  draw(indices: Int32Array, weights: Float32Array, beta: number, rng: RandomStream): void {
    const total = this.sums.total;
    const pMin = this.mins.min;
    const segment = total / indices.length;
    for (let i = 0; i < indices.length; i++) {
      const leaf = this.sums.find((i + rng.next()) * segment);
      indices[i] = leaf;
      weights[i] = (pMin / this.sums.get(leaf)) ** beta;
    }
  }
}
