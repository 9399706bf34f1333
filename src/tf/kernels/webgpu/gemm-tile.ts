/**
 * The shared core of the tiled matrix products behind both convolution gradients:
 *   C[m, n] = sum_k A[m, k] * B[k, n]
 * where each program gathers A and B straight from the tensors (implicit im2col: nothing is
 * materialised) into workgroup memory, one K-slice of TK at a time.
 *
 * A workgroup of (TN/4) x (TM/4) threads computes a TM x TN tile of C; thread
 * (localId.x, localId.y) owns the 4 x 4 micro-tile rows m0 + 4*ly + i, columns n0 + 4*lx + j,
 * accumulated in registers (`acc[i][j]`). Per K-slice every thread stores its share of the
 * tiles as whole vec4s (zero outside the matrices), a barrier, the updates, a barrier. Two
 * layouts of the tiles, each for operands contiguous along a different axis:
 * - 'outer' (rows of A / columns of B contiguous in memory): TK rank-1 updates,
 *     As[kk * TM/4 + mq] = A[m0 + 4*mq + (0..3), k0 + kk]
 *     Bs[kk * TN/4 + nq] = B[k0 + kk, n0 + 4*nq + (0..3)]
 * - 'dot' (both contiguous along K): TK/4 steps of 16 vec4 dot products,
 *     As[mm * KQ + kq] = A[m0 + mm, k0 + 4*kq + (0..3)]
 *     Bs[nn * KQ + kq] = B[k0 + 4*kq + (0..3), n0 + nn]
 *   with KQ = TK/4 + 1: the padding vec4 keeps the 8 lanes of a quarter-warp reading rows
 *   4*lx + j on different banks.
 * Traps: tile loads must write every slot of As/Bs each slice (zeros included), or stale
 * values from the previous slice leak into the sum; and the K loop holds barriers, so its trip
 * count must be a constant (see webgpu-backend.ts).
 */

export interface TileConfig {
  /** Rows of C per workgroup: 16 to 128, a power of two. */
  tm: number;
  /** Columns of C per workgroup: 4 to 64, a power of two. */
  tn: number;
  /** K per slice held in workgroup memory (a multiple of 4). */
  tk: number;
  /** How the tiles are laid out in workgroup memory (see above). */
  layout: 'outer' | 'dot';
}

/** Invocations in one workgroup of `t` (at most 256, WebGPU's guaranteed limit). */
export function tileThreads(t: TileConfig): number {
  return (t.tm / 4) * (t.tn / 4);
}

function pow2AtLeast(v: number, lo: number, hi: number): number {
  let p = lo;
  while (p < v && p < hi) p *= 2;
  return p;
}

/**
 * A tile for an M x N output: N decides the width (narrow outputs, such as an image's 1 or 3
 * channels, waste fewer lanes), the height fills M up to 64 rows (128 for narrow tiles, to keep
 * 32+ invocations), and drops to 32 when 64-row tiles would leave too few workgroups to fill a
 * large GPU (`otherWorkgroups` multiplies the tile count: phases, K splits).
 */
export function chooseTile(m: number, n: number, otherWorkgroups: number, layout: TileConfig['layout']): TileConfig {
  const tn = pow2AtLeast(n, 4, 64);
  let tm = pow2AtLeast(m, 16, tn <= 8 ? 128 : 64);
  if (tm === 64 && Math.ceil(m / 64) * Math.ceil(n / tn) * otherWorkgroups < 128) tm = 32;
  return { tm, tn, tk: 16, layout };
}

/** `acc`, the workgroup tiles and `accumulateSlice()`: WGSL shared by the tiled programs. */
export function tileCoreSource(t: TileConfig): string {
  const dot = t.layout === 'dot';
  const kq = t.tk / 4 + 1;
  return `
  const TM = ${t.tm};
  const TN = ${t.tn};
  const TK = ${t.tk};
  const THREADS = ${tileThreads(t)};
  ${dot ? `const KQ = ${kq};` : ''}
  var<workgroup> As : array<vec4<f32>, ${dot ? t.tm * kq : (t.tk * t.tm) / 4}>;
  var<workgroup> Bs : array<vec4<f32>, ${dot ? t.tn * kq : (t.tk * t.tn) / 4}>;
  var<private> acc : array<vec4<f32>, 4>;

  // acc[i] += A[row 4*ly + i] * B[cols 4*lx .. 4*lx + 3] over the slice in As / Bs.
  // Trap: a write to one component of a vec4 in workgroup memory may rewrite the whole vec4
  // (WGSL spec), so tiles are only ever stored as whole vec4s, one invocation per vec4.
  fn accumulateSlice() {
    let mq = i32(localId.y);
    let nq = i32(localId.x);
    ${dot ? `for (var kq = 0; kq < TK / 4; kq++) {
      let b0 = Bs[(4 * nq) * KQ + kq];
      let b1 = Bs[(4 * nq + 1) * KQ + kq];
      let b2 = Bs[(4 * nq + 2) * KQ + kq];
      let b3 = Bs[(4 * nq + 3) * KQ + kq];
      ${unrolled((i) => `
      let a${i} = As[(4 * mq + ${i}) * KQ + kq];
      acc[${i}] += vec4<f32>(dot(a${i}, b0), dot(a${i}, b1), dot(a${i}, b2), dot(a${i}, b3));`)}
    }` : `for (var kk = 0; kk < TK; kk++) {
      let a = As[kk * (TM / 4) + mq];
      let b = Bs[kk * (TN / 4) + nq];
      acc[0] += a.x * b;
      acc[1] += a.y * b;
      acc[2] += a.z * b;
      acc[3] += a.w * b;
    }`}
  }`;
}

/**
 * `body(i)` for the micro-tile rows i = 0..3, pasted one after the other: `acc` is indexed only
 * by constants, so no compiler has a reason to move it from registers to local memory.
 */
export function unrolled(body: (i: number) => string): string {
  return [0, 1, 2, 3].map(body).join('');
}

/**
 * The body of a tiled `main()`: zero `acc`, then for `slices` constant K-slices starting at
 * `kStart` (a WGSL expression), `loadSlice(k0, m0, n0)` (the program's own), barrier,
 * accumulate, barrier. `m0` and `n0` must be declared before.
 */
export function tileLoopSource(slices: number, kStart: string): string {
  return `
    _ = uniforms.outShape; // the backend always binds its uniforms (webgpu-backend.ts)
    acc = array<vec4<f32>, 4>(vec4<f32>(0.0), vec4<f32>(0.0), vec4<f32>(0.0), vec4<f32>(0.0));
    let kFirst = ${kStart};
    for (var s = 0; s < ${slices}; s++) {
      loadSlice(kFirst + s * TK, m0, n0);
      workgroupBarrier();
      accumulateSlice();
      workgroupBarrier();
    }`;
}
