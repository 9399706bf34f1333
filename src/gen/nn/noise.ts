/**
 * Standard normal draws in plain JS (Box-Muller over one of our RandomStreams), for noise that
 * must exist before any tensor read-back is allowed (e.g. a GAN's fixed preview noise, built in
 * a constructor: reading a tensor synchronously there would break WebGPU).
 */
import type { RandomStream } from '../../core/random.js';

export function gaussianArray(rng: RandomStream, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u1 = 1 - rng.next(); // (0, 1]: log stays finite
    const u2 = rng.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}
