/**
 * Backend selection, the same in the browser, in workers and in Node:
 * WebGPU (with Pac-Lab's convolution-gradient kernels registered), then WebGL (browser only),
 * then CPU (with Pac-Lab's fast CPU kernels registered).
 * A software WebGPU adapter (SwiftShader) is still taken, as DESIGN.md asks, and reported with
 * its name (it trains ~30x slower than the CPU backend here: `?backend=cpu` on the page).
 * 'auto' does skip software WebGL, for the CPU backend with Pac-Lab's kernels, and says so.
 * The result says which backend runs and, when it is not the preferred one, why.
 *
 * Traps (DESIGN.md): `setBackend('webgpu')` returns false without throwing when there is no
 * adapter; never read tensors with dataSync()/arraySync() on WebGPU (use `await t.data()`).
 */
import * as tf from '@tensorflow/tfjs';
import { registerFastCpuKernels } from './kernels/cpu/index.js';
import { patchLiveWebGpuBackend, registerFastWebGpuKernels, unregisterFastWebGpuKernels } from './kernels/webgpu/index.js';

export type BackendPreference = 'auto' | 'webgpu' | 'webgl' | 'cpu';
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ['auto', 'webgpu', 'webgl', 'cpu'];

export interface BackendInfo {
  /** The tfjs backend that runs: 'webgpu', 'webgl' or 'cpu'. */
  name: string;
  /** Why this one and not a better one ('' when the first choice runs). */
  reason: string;
  /** GPU adapter description when known. */
  adapter: string;
}

export interface BackendOptions {
  /**
   * Makes `navigator.gpu` exist where the platform lacks it (Node: Dawn from the `webgpu`
   * package). Returns false when it cannot.
   */
  provideWebGpu?: () => Promise<boolean>;
  /** Browser-like environment with WebGL. */
  allowWebGl?: boolean;
  /** Keep tfjs' stock WebGPU convolution-gradient kernels instead of Pac-Lab's (for comparisons); default false. */
  stockWebGpuKernels?: boolean;
}

async function tryWebGpu(options: BackendOptions): Promise<string | null> {
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  if (!nav?.gpu) {
    const provided = options.provideWebGpu ? await options.provideWebGpu() : false;
    if (!provided) return 'WebGPU is not available here (no navigator.gpu)';
  }
  try {
    await import('@tensorflow/tfjs-backend-webgpu');
    // The import registers the stock kernels, which ours wrap (kernels/webgpu/index.ts).
    if (options.stockWebGpuKernels) unregisterFastWebGpuKernels();
    else registerFastWebGpuKernels();
    const ok = await tf.setBackend('webgpu');
    if (!ok) return 'WebGPU found no adapter (no usable GPU, or no Vulkan driver/loader)';
    await tf.ready();
    patchLiveWebGpuBackend();
    return null;
  } catch (err) {
    return `WebGPU failed to start: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** The WebGL renderer's name (e.g. "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device ...))"), '' when unknown. */
function webGlRenderer(): string {
  try {
    const Offscreen = (globalThis as { OffscreenCanvas?: new (w: number, h: number) => { getContext(kind: string): WebGLRenderingContext | null } }).OffscreenCanvas;
    const gl = Offscreen ? new Offscreen(1, 1).getContext('webgl2') : null;
    if (!gl) return '';
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  } catch {
    return '';
  }
}

async function tryWebGl(allowSoftware: boolean): Promise<string | null> {
  if (!allowSoftware) {
    const renderer = webGlRenderer();
    if (/swiftshader|llvmpipe|software/i.test(renderer)) return `WebGL renders in software (${renderer}): the CPU backend is faster`;
  }
  try {
    const ok = await tf.setBackend('webgl');
    if (!ok) return 'WebGL is not available';
    await tf.ready();
    return null;
  } catch (err) {
    return `WebGL failed to start: ${err instanceof Error ? err.message : String(err)}`;
  }
}

async function useCpu(): Promise<void> {
  registerFastCpuKernels();
  await tf.setBackend('cpu');
  await tf.ready();
  // In Node the CPU backend's first write prints a banner advising @tensorflow/tfjs-node;
  // Pac-Lab's own kernels are the answer here, so the advice would only mislead.
  const backend = tf.backend() as unknown as { firstUse?: boolean };
  if (backend.firstUse !== undefined) backend.firstUse = false;
}

/**
 * Picks and starts a backend. `preference` 'auto' tries them in order; `skipWebGpu` makes 'auto'
 * start at WebGL (the fallback after a lost WebGPU device).
 */
export async function selectBackend(preference: BackendPreference, options: BackendOptions = {}, skipWebGpu = false): Promise<BackendInfo> {
  const reasons: string[] = [];
  if (skipWebGpu) reasons.push('the WebGPU device was lost');
  if ((preference === 'auto' && !skipWebGpu) || preference === 'webgpu') {
    const why = await tryWebGpu(options);
    if (!why) return { name: 'webgpu', reason: '', adapter: await adapterName() };
    reasons.push(why);
  }
  if ((preference === 'auto' || preference === 'webgl') && options.allowWebGl) {
    const why = await tryWebGl(preference === 'webgl');
    if (!why) return { name: 'webgl', reason: reasons.join('; '), adapter: '' };
    reasons.push(why);
  } else if (preference === 'webgl') {
    reasons.push('WebGL exists only in browsers');
  }
  await useCpu();
  const reason = preference === 'cpu' ? '' : reasons.join('; ');
  return { name: 'cpu', reason, adapter: '' };
}

interface AdapterInfoLike { vendor?: string; architecture?: string; description?: string; device?: string; isFallbackAdapter?: boolean }

async function adapterName(): Promise<string> {
  try {
    const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<{ info?: AdapterInfoLike; isFallbackAdapter?: boolean } | null> } } }).navigator?.gpu;
    const adapter = await gpu?.requestAdapter();
    const info = adapter?.info;
    if (!info) return 'unknown adapter';
    const fallback = info.isFallbackAdapter || adapter?.isFallbackAdapter ? 'software' : '';
    return [info.vendor, info.architecture, info.device, info.description, fallback].filter(Boolean).join(' ') || 'unknown adapter';
  } catch {
    return 'unknown adapter';
  }
}

/**
 * Calls `onLost` once if the running WebGPU device is lost (driver reset, GPU process crash,
 * `device.destroy()`): tfjs does not handle it (DESIGN.md), and every later GPU call fails or
 * hangs. No-op on other backends. Returns a function that stops watching.
 */
export function watchDeviceLoss(onLost: (reason: string) => void): () => void {
  if (tf.getBackend() !== 'webgpu') return () => undefined;
  const device = (tf.backend() as unknown as { device?: { lost?: Promise<{ reason?: string; message?: string }> } }).device;
  let watching = true;
  void device?.lost?.then((info) => {
    if (watching) onLost(info.message || info.reason || 'unknown reason');
  });
  return () => {
    watching = false;
  };
}

/** Test hook: destroys the running WebGPU device, as a driver reset would. */
export function destroyWebGpuDevice(): void {
  if (tf.getBackend() !== 'webgpu') throw new Error(`the running backend is ${tf.getBackend()}, not webgpu`);
  (tf.backend() as unknown as { device: { destroy(): void } }).device.destroy();
}
