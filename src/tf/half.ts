/**
 * IEEE 754 half precision (binary16) for compact checkpoints: 11 significant bits, so a weight
 * comes back within 2^-11 (~4.9e-4) of itself, relative; magnitudes from 6.1e-5 down to 6e-8
 * lose precision gradually (subnormals) and smaller ones become 0. Node 20 has no Float16Array,
 * hence the bit twiddling.
 *
 * Contract: `toHalfBits` rounds to nearest, ties to even, and refuses (returns the index of) a
 * value it cannot hold: NaN, an infinity, or a magnitude above 65504, the largest half. Network
 * weights sit far inside that range; Adam's second moments (~1e-10) do not, which is why
 * compact checkpoints hold weights only (checkpoint.ts).
 */

/** The largest finite half-precision value. */
export const HALF_MAX = 65504;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function halfOf(value: number): number {
  f32[0] = value;
  const bits = u32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow (callers check HALF_MAX first)
  if (e <= 0) {
    if (e < -10) return sign; // below half the smallest subnormal: zero
    // Subnormal: shift the mantissa with its implicit leading 1 into place, rounding to even.
    const m = mantissa | 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = m & ((1 << shift) - 1);
    let result = m >>> shift;
    if (rest > half || (rest === half && (result & 1) === 1)) result += 1;
    return sign | result;
  }
  let result = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (result & 1) === 1)) result += 1; // may carry into the exponent: correct
  return sign | result;
}

/**
 * float32 values -> half bits. Returns the index of the first value a half cannot hold instead
 * of bits, so the caller can name the tensor and the value in its message.
 */
export function toHalfBits(values: Float32Array): Uint16Array | { badIndex: number } {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || Math.abs(v) > HALF_MAX) return { badIndex: i };
    out[i] = halfOf(v);
  }
  return out;
}

export function fromHalfBits(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i];
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >>> 10) & 0x1f;
    const mantissa = h & 0x3ff;
    if (exponent === 0) out[i] = sign * mantissa * 2 ** -24;
    else if (exponent === 0x1f) out[i] = mantissa ? NaN : sign * Infinity;
    else out[i] = sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
  }
  return out;
}
