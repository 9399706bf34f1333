import { beforeAll, describe, expect, it } from 'vitest';
import { createGenModel } from '../../../../src/gen/model.js';
import { GEN_MODEL_NAMES } from '../../../../src/gen/types.js';
import { bars, CLASSES, maxAbsDiff, SIZE, useCpu } from './helpers.js';

const TINY: Record<string, object> = {
  vae: { channels: [4, 8], latentDim: 2 },
  gan: { latentDim: 8, genChannels: [8, 8, 4], discChannels: [4, 8, 8] },
  diffusion: { channels: [4, 8], timesteps: 20, samplingSteps: 3 },
};

beforeAll(useCpu);

describe('createGenModel', () => {
  it.each(GEN_MODEL_NAMES)('%s: builds from the dataset info, saves and loads its state', async (name) => {
    const info = { size: SIZE, numClasses: CLASSES };
    const a = createGenModel(name, { ...TINY[name], conditional: true }, info, 1);
    expect(a.name).toBe(name);
    expect(a.paramCount).toBeGreaterThan(0);
    await a.trainStep(bars(8, 1));
    expect(a.steps).toBe(1);
    const state = await a.save();
    const b = createGenModel(name, { ...TINY[name], conditional: true }, info, 2);
    b.load(state);
    expect(b.steps).toBe(1);
    const sa = await a.sample(2, { seed: 3 });
    const sb = await b.sample(2, { seed: 3 });
    expect(maxAbsDiff(sa.pixels, sb.pixels)).toBe(0);
    expect(await b.trainStep(bars(8, 2))).toBeDefined();
    const wrong = createGenModel(name, { ...TINY[name] }, { size: SIZE, numClasses: 0 }, 1);
    expect(() => wrong.load(state)).toThrow(/shape|lacks|has no tensor/);
    tf_dispose([a, b, wrong]);
  });

  it('refuses a config whose image size disagrees with the dataset', () => {
    expect(() => createGenModel('vae', { imageSize: 84 }, { size: 32, numClasses: 0 }, 1)).toThrow(/vae\.imageSize is 84 but the dataset has 32/);
  });
});

function tf_dispose(models: { dispose(): void }[]): void {
  for (const m of models) m.dispose();
}
