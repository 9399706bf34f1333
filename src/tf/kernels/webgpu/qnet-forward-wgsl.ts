/**
 * WGSL for the Q-network's forward pass as four kinds of plain compute shaders, every size baked
 * in as a constant (one pipeline per layer and network shape), for qnet-forward.ts. Layouts are
 * tfjs's: activations NHWC row-major (so flattening is the identity), conv filters
 * [kh, kw, inC, outC], dense weights [in, out]. One thread per output value, the output channel
 * fastest, so neighbouring threads read the same input and neighbouring weights.
 *
 * Every shader binds `batch` (a uniform holding the number of stacks) and returns early past
 * `batch * OUT_PER_ITEM` threads: the buffers are sized for the largest batch seen.
 */

export const FORWARD_WORKGROUP = 64;

/** One convolution's sizes: square kernels and maps, valid padding (QNetwork.layers gives them). */
export interface ConvShape {
  kernel: number;
  stride: number;
  inSize: number;
  inChannels: number;
  outSize: number;
  outChannels: number;
}

const header = (input: 'f32' | 'u32'): string => `
@group(0) @binding(0) var<storage, read> x : array<${input}>;
@group(0) @binding(1) var<storage, read> w : array<f32>;
@group(0) @binding(2) var<storage, read> b : array<f32>;
@group(0) @binding(3) var<storage, read_write> y : array<f32>;
@group(0) @binding(4) var<uniform> batch : vec4<u32>;`;

/**
 * Valid convolution + bias + relu. `packedBytes`: the input is the frame stacks' bytes, four
 * channels of one pixel per u32 (little-endian: channel c in bits 8c..8c+7), scaled by 1/255 as
 * stacksToInput does; it needs exactly 4 input channels.
 */
export function convSource(c: ConvShape, packedBytes: boolean): string {
  if (packedBytes && c.inChannels !== 4) throw new RangeError(`a packed-byte convolution reads 4 channels per pixel, got ${c.inChannels}`);
  const read = packedBytes
    ? `let word = x[(bi * ${c.inSize}u + iy) * ${c.inSize}u + ix];
        for (var ic = 0u; ic < 4u; ic++) {
          acc += (f32((word >> (8u * ic)) & 255u) / 255.0) * w[((ky * ${c.kernel}u + kx) * 4u + ic) * ${c.outChannels}u + oc];
        }`
    : `let base = ((bi * ${c.inSize}u + iy) * ${c.inSize}u + ix) * ${c.inChannels}u;
        for (var ic = 0u; ic < ${c.inChannels}u; ic++) {
          acc += x[base + ic] * w[((ky * ${c.kernel}u + kx) * ${c.inChannels}u + ic) * ${c.outChannels}u + oc];
        }`;
  return `${header(packedBytes ? 'u32' : 'f32')}
@compute @workgroup_size(${FORWARD_WORKGROUP})
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  let i = gid.x;
  if (i >= batch.x * ${c.outSize * c.outSize * c.outChannels}u) { return; }
  let oc = i % ${c.outChannels}u;
  let pixel = i / ${c.outChannels}u;
  let ox = pixel % ${c.outSize}u;
  let oy = (pixel / ${c.outSize}u) % ${c.outSize}u;
  let bi = pixel / ${c.outSize * c.outSize}u;
  var acc = b[oc];
  for (var ky = 0u; ky < ${c.kernel}u; ky++) {
    for (var kx = 0u; kx < ${c.kernel}u; kx++) {
      let iy = oy * ${c.stride}u + ky;
      let ix = ox * ${c.stride}u + kx;
      ${read}
    }
  }
  y[i] = max(acc, 0.0);
}`;
}

/** Dense + bias + relu: y[b, j] = relu(sum_k x[b, k] w[k, j] + b[j]). */
export function denseSource(inputs: number, outputs: number): string {
  return `${header('f32')}
@compute @workgroup_size(${FORWARD_WORKGROUP})
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  let i = gid.x;
  if (i >= batch.x * ${outputs}u) { return; }
  let j = i % ${outputs}u;
  let row = (i / ${outputs}u) * ${inputs}u;
  var acc = b[j];
  for (var k = 0u; k < ${inputs}u; k++) { acc += x[row + k] * w[k * ${outputs}u + j]; }
  y[i] = max(acc, 0.0);
}`;
}

/**
 * The head, one thread per stack: Q = h A_w + A_b, or with `dueling` Q = V + A - mean_a A where
 * V = h V_w + V_b (value weights and bias at bindings 5 and 6).
 */
export function headSource(hidden: number, actions: number, dueling: boolean): string {
  const value = dueling
    ? `
@group(0) @binding(5) var<storage, read> vw : array<f32>;
@group(0) @binding(6) var<storage, read> vb : array<f32>;`
    : '';
  const combine = dueling
    ? `var v = vb[0];
  for (var k = 0u; k < ${hidden}u; k++) { v += x[row + k] * vw[k]; }
  var mean = 0.0;
  for (var a = 0u; a < ${actions}u; a++) { mean += adv[a]; }
  mean = mean / ${actions}.0;
  for (var a = 0u; a < ${actions}u; a++) { y[bi * ${actions}u + a] = v + (adv[a] - mean); }`
    : `for (var a = 0u; a < ${actions}u; a++) { y[bi * ${actions}u + a] = adv[a]; }`;
  return `${header('f32')}${value}
@compute @workgroup_size(${FORWARD_WORKGROUP})
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  let bi = gid.x;
  if (bi >= batch.x) { return; }
  let row = bi * ${hidden}u;
  var adv : array<f32, ${actions}>;
  for (var a = 0u; a < ${actions}u; a++) { adv[a] = b[a]; }
  for (var k = 0u; k < ${hidden}u; k++) {
    let h = x[row + k];
    for (var a = 0u; a < ${actions}u; a++) { adv[a] += h * w[k * ${actions}u + a]; }
  }
  ${combine}
}`;
}
