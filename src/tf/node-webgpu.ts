/**
 * Node only: installs `navigator.gpu` from Dawn (the optional `webgpu` npm package) so that
 * @tensorflow/tfjs-backend-webgpu can run outside a browser. On a machine without a GPU,
 * Dawn can run on SwiftShader: point VK_ICD_FILENAMES at Debian chromium's
 * /usr/lib/chromium/vk_swiftshader_icd.json (we do that when there is no /dev/nvidia0 and no
 * named driver file exists, e.g. a packed entry's NVIDIA default on a CPU-only machine).
 * Dawn also needs the Vulkan loader, libvulkan.so.1 (Debian: libvulkan1); without it there is no
 * adapter and the backend falls back to the CPU, saying so.
 *
 * PACLAB_DAWN_BACKEND picks Dawn's backend (`backend=...` in webgpu's `create`). `null` is the
 * useful one: an adapter that runs nothing, so a benchmark measures only the CPU's cost of
 * issuing work, which is what limits a DQN update on a real GPU (BENCHMARKS.md, issue 6).
 * Read-backs then return garbage: for timing only.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export async function provideNodeWebGpu(): Promise<boolean> {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (g.navigator?.gpu) return true;
  if (existsSync(SWIFTSHADER_ICD) && !existsSync('/dev/nvidia0')) {
    // No NVIDIA device: use SwiftShader unless a driver file that exists was named. The packed
    // entry's .gpu/run names NVIDIA's driver file by default, which is absent on such a machine.
    const named = [process.env.VK_ICD_FILENAMES, process.env.VK_DRIVER_FILES].filter((v): v is string => !!v);
    if (!named.some((v) => v.split(':').some((f) => existsSync(f)))) {
      delete process.env.VK_DRIVER_FILES;
      process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    }
  }
  // Dawn's Vulkan loader complains (and may fail) without a runtime dir.
  process.env.XDG_RUNTIME_DIR ??= tmpdir();
  try {
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    const nav = (g.navigator ??= {} as { gpu?: unknown });
    const backend = process.env.PACLAB_DAWN_BACKEND;
    Object.defineProperty(nav, 'gpu', { value: create(backend ? [`backend=${backend}`] : []), configurable: true });
    return true;
  } catch {
    return false;
  }
}
