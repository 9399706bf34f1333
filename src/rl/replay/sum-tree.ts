/**
 * A sum tree over `leaves` non-negative numbers: set a leaf, read the total, and find the leaf
 * where a running prefix sum crosses a value, each in O(log n). The replay memory keeps two:
 * one of 0/1 (which slots hold a sampleable transition) and, when prioritized, one of
 * priorities p^alpha (Schaul et al. 2016, proportional variant).
 *
 * Every inner node is recomputed as `left + right` from its children, never patched by a
 * difference, so setting a leaf and setting it back restores every node bit for bit (the
 * memory hides transitions this way for one sample call), and 0/1 sums stay exact integers.
 */
export class SumTree {
  /** Leaves rounded up to a power of two. */
  private readonly width: number;
  /** Heap layout: node 1 is the root, node i has children 2i and 2i+1, leaf j is node width+j. */
  private readonly nodes: Float64Array;

  constructor(readonly leaves: number) {
    let width = 1;
    while (width < leaves) width *= 2;
    this.width = width;
    this.nodes = new Float64Array(2 * width);
  }

  /** Bytes a tree over `leaves` leaves allocates. */
  static bytesFor(leaves: number): number {
    let width = 1;
    while (width < leaves) width *= 2;
    return 2 * width * Float64Array.BYTES_PER_ELEMENT;
  }

  get bytes(): number {
    return this.nodes.byteLength;
  }

  get total(): number {
    return this.nodes[1];
  }

  get(leaf: number): number {
    return this.nodes[this.width + leaf];
  }

  /** `value` must be finite and >= 0 (callers check). */
  set(leaf: number, value: number): void {
    const nodes = this.nodes;
    let node = this.width + leaf;
    nodes[node] = value;
    node >>= 1;
    while (node >= 1) {
      nodes[node] = nodes[2 * node] + nodes[2 * node + 1];
      node >>= 1;
    }
  }

  /** Sum of leaves [0, leaf). */
  prefix(leaf: number): number {
    if (leaf >= this.width) return this.total;
    const nodes = this.nodes;
    let sum = 0;
    let node = this.width + leaf;
    while (node > 1) {
      if (node & 1) sum += nodes[node - 1];
      node >>= 1;
    }
    return sum;
  }

  /**
   * The leaf j with prefix(j) <= value < prefix(j + 1), for value in [0, total); `total` must be
   * > 0. The leaf returned always holds a value > 0: where rounding would lead into an empty
   * subtree, the descent takes the other side.
   */
  find(value: number): number {
    const nodes = this.nodes;
    let node = 1;
    while (node < this.width) {
      const left = 2 * node;
      if (value < nodes[left] || nodes[left + 1] <= 0) {
        node = left;
      } else {
        value -= nodes[left];
        node = left + 1;
      }
    }
    return node - this.width;
  }
}

/**
 * The least of `leaves` numbers (empty leaves are +Infinity), O(log n) to set. Prioritized replay
 * normalizes its importance weights by the largest weight, that of the smallest priority.
 */
export class MinTree {
  private readonly width: number;
  private readonly nodes: Float64Array;

  constructor(readonly leaves: number) {
    let width = 1;
    while (width < leaves) width *= 2;
    this.width = width;
    this.nodes = new Float64Array(2 * width).fill(Infinity);
  }

  get bytes(): number {
    return this.nodes.byteLength;
  }

  /** The least leaf, +Infinity when all are empty. */
  get min(): number {
    return this.nodes[1];
  }

  /** `Infinity` empties the leaf. */
  set(leaf: number, value: number): void {
    const nodes = this.nodes;
    let node = this.width + leaf;
    nodes[node] = value;
    node >>= 1;
    while (node >= 1) {
      nodes[node] = Math.min(nodes[2 * node], nodes[2 * node + 1]);
      node >>= 1;
    }
  }
}
