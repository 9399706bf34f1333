/** Share links: a set-up survives the round trip; a link can set nothing the controls can't. */
import { describe, expect, it } from 'vitest';
import { decodeSetup, encodeSetup, fromBase64Url, type SharedSetup, toBase64Url } from '../../../src/ui/share/share-link.js';

const SHIPPED = ['starter7', 'medium20'];

describe('share links', () => {
  it('round-trips a shipped layout with seed, restart and live settings, speed and backend', () => {
    const setup: SharedSetup = {
      layout: { name: 'medium20' }, seed: 42, restart: { replayCapacity: 50_000, net: 'nature', numEnvs: 3, ghosts: 'directional', legalActionsOnly: true, stopAction: false },
      live: { epsilonMode: 'manual', epsilon: 0.37, gamma: 0.95, learningRate: 0.001, batchSize: 64, targetSyncEvery: 500 },
      speedStop: 4, backend: 'cpu',
    };
    const query = encodeSetup(setup);
    expect(query).toBe('layout=medium20&seed=42&replay=50000&net=nature&envs=3&ghosts=directional&moves=legal&stop=no&eps=0.37&gamma=0.95&lr=0.001&batch=64&sync=500&speed=4&backend=cpu');
    expect(decodeSetup(`?${query}`, SHIPPED)).toEqual({ setup, warnings: [] });
  });

  it('carries every move choice: all five moves round-trip as moves=all', () => {
    const setup: SharedSetup = { layout: { name: 'starter7' }, seed: 5, restart: { ghosts: 'random', legalActionsOnly: false }, live: {} };
    expect(encodeSetup(setup)).toBe('layout=starter7&seed=5&ghosts=random&moves=all');
    expect(decodeSetup(encodeSetup(setup), SHIPPED).setup.restart).toEqual({ ghosts: 'random', legalActionsOnly: false });
  });

  it("carries a file's layout text (any UTF-8) and the schedule mode", () => {
    const text = '%%%%%\n%P .%\n%%%%%\n';
    const setup: SharedSetup = { layout: { name: 'my maze é', text }, seed: 0, restart: {}, live: { epsilonMode: 'schedule' } };
    const { setup: back, warnings } = decodeSetup(encodeSetup(setup), SHIPPED);
    expect(warnings).toEqual([]);
    expect(back).toMatchObject({ layout: { name: 'my maze é', text }, seed: 0, live: { epsilonMode: 'schedule' } });
    expect(fromBase64Url(toBase64Url('ü?>~'))).toBe('ü?>~');
  });

  it('refuses what the controls refuse, naming the parameter and the value, and keeps the defaults', () => {
    const { setup, warnings } = decodeSetup('?seed=-3&gamma=1.5&eps=-1&lr=10&batch=33&sync=7&replay=0&net=huge&envs=99&ghosts=smart&moves=some&stop=maybe&speed=9&backend=cuda&layout=nope&colour=red', SHIPPED);
    expect(setup).toEqual({ layout: { name: 'starter7' }, seed: 1, restart: {}, live: {}, speedStop: undefined, backend: undefined });
    const text = warnings.join('\n');
    for (const fragment of [
      'seed=-3 is not an integer in [0, 2147483647]', 'gamma=1.5 is not a number in [0, 0.999]', 'eps=-1 is not "schedule" or a number in [0, 1]',
      'lr=10 is not a number in [0.00001, 0.01]', 'batch=33 is not one of 8, 16, 32, 64, 128, 256', 'sync=7 is not one of', 'replay=0 is not one of', 'stop=maybe is not one of yes, no',
      'net=huge is not one of small, nature', 'envs=99 is not one of', 'ghosts=smart is not one of random, directional', 'moves=some is not one of legal, all', 'speed=9 is not one of 0, 1, 2, 3, 4', 'backend=cuda is not one of auto, webgpu, webgl, cpu',
      'layout=nope is not a shipped layout (starter7, medium20)', 'colour is not one Pac-Lab knows',
    ]) expect(text).toContain(fragment);
  });

  it('refuses layout text that is not base64url UTF-8', () => {
    const { setup, warnings } = decodeSetup('?lay=%%%%&seed=3', SHIPPED);
    expect(setup.layout).toEqual({ name: 'starter7' });
    expect(setup.seed).toBe(3);
    expect(warnings.join()).toMatch(/link parameter lay=%%%% is not a layout file's text in base64url/);
  });
});
