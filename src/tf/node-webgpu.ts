/**
 * Node only: installs `navigator.gpu` from Dawn (the optional `webgpu` npm package) so that
 * @tensorflow/tfjs-backend-webgpu can run outside a browser. On a machine without a GPU,
 * Dawn can run on SwiftShader: point VK_ICD_FILENAMES at Debian chromium's
 * /usr/lib/chromium/vk_swiftshader_icd.json (we do that when the variable is unset and the file exists).
 * Dawn also needs the Vulkan loader, libvulkan.so.1 (Debian: libvulkan1); without it there is no
 * adapter and the backend falls back to the CPU, saying so.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export async function provideNodeWebGpu(): Promise<boolean> {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (g.navigator?.gpu) return true;
  if (!process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES && existsSync(SWIFTSHADER_ICD) && !existsSync('/dev/nvidia0')) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  }
  // Dawn's Vulkan loader complains (and may fail) without a runtime dir.
  process.env.XDG_RUNTIME_DIR ??= tmpdir();
  try {
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    const nav = (g.navigator ??= {} as { gpu?: unknown });
    Object.defineProperty(nav, 'gpu', { value: create([]), configurable: true });
    return true;
  } catch {
    return false;
  }
}
