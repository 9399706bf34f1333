/** How the gen benchmark times its rows on each backend (the runs themselves are commands, not tests). */
import { describe, expect, it } from 'vitest';
import { genRowTimings, isSoftwareAdapter, parseGenModels } from '../../../src/cli/bench/gen-suite.js';

const SWIFTSHADER = 'google swiftshader swiftshader-device-subzero- SwiftShader driver 5.0.0 software';

describe('gen suite row timings', () => {
  it('cpu: Pac-Lab kernels timed in full, the stock kernels one step (as before WebGPU rows existed)', () => {
    expect(genRowTimings({ name: 'cpu', reason: '', adapter: '' })).toEqual({ custom: 'full', stock: 'single' });
  });

  it('webgpu: both kernel sets timed alike, one step each on a software adapter', () => {
    expect(genRowTimings({ name: 'webgpu', reason: '', adapter: 'nvidia hopper' })).toEqual({ custom: 'full', stock: 'full' });
    expect(genRowTimings({ name: 'webgpu', reason: '', adapter: SWIFTSHADER })).toEqual({ custom: 'single', stock: 'single' });
  });

  it('no Pac-Lab kernels elsewhere (webgl): stock rows only', () => {
    expect(genRowTimings({ name: 'webgl', reason: '', adapter: '' })).toBeNull();
  });

  it('tells a software adapter from a GPU by its reported name', () => {
    expect(isSoftwareAdapter({ name: 'webgpu', reason: '', adapter: SWIFTSHADER })).toBe(true);
    expect(isSoftwareAdapter({ name: 'webgpu', reason: '', adapter: 'mesa llvmpipe' })).toBe(true);
    expect(isSoftwareAdapter({ name: 'webgpu', reason: '', adapter: 'nvidia hopper NVIDIA H100 80GB HBM3' })).toBe(false);
  });

  it('--models: a comma-separated subset, in the suite\'s order; unknown names refused', () => {
    expect(parseGenModels('vae,gan,diffusion')).toEqual(['vae', 'gan', 'diffusion']);
    expect(parseGenModels('diffusion, vae')).toEqual(['vae', 'diffusion']);
    expect(() => parseGenModels('vae,flow')).toThrow(/--models takes a comma-separated list of vae, gan, diffusion; got "vae,flow"/);
    expect(() => parseGenModels(',')).toThrow(/--models/);
  });
});
