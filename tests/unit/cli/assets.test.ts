/** The Node commands find assets/ from the source tree and from a gpu-pack bundle (.gpu/app.mjs, or a copied pack). */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { assetPath, findProjectRoot, projectRoot } from '../../../src/cli/assets.js';
import { layoutFile, shippedLayoutNames } from '../../../src/cli/layouts.js';
import { packageVersions } from '../../../src/cli/run-dir.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const tmp = mkdtempSync(join(tmpdir(), 'paclab-assets-'));

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('projectRoot', () => {
  it('is the checkout when run from the source tree, and the shipped files are found there', () => {
    expect(projectRoot()).toBe(REPO);
    expect(findProjectRoot(join(REPO, 'src/cli/bench'))).toBe(REPO);
    expect(assetPath('datasets', 'digits.bin.gz')).toBe(join(REPO, 'assets/datasets/digits.bin.gz'));
    expect(shippedLayoutNames()).toContain('starter7');
    expect(layoutFile('starter7').file).toBe(join(REPO, 'assets/layouts/starter7.lay'));
    expect(packageVersions()['pac-lab']).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('is found upward from a bundle: .gpu/app.mjs in a checkout, or a copied pack holding assets/', () => {
    const checkout = join(tmp, 'checkout');
    mkdirSync(join(checkout, 'assets/layouts'), { recursive: true });
    mkdirSync(join(checkout, '.gpu/dist/linux-x64'), { recursive: true });
    expect(findProjectRoot(join(checkout, '.gpu'))).toBe(checkout);
    const pack = join(tmp, 'copied/pack');
    mkdirSync(join(pack, 'assets/layouts'), { recursive: true });
    expect(findProjectRoot(pack)).toBe(pack);
  });

  it('is null where no folder above holds assets/layouts', () => {
    const bare = join(tmp, 'bare/a/b');
    mkdirSync(bare, { recursive: true });
    expect(findProjectRoot(bare)).toBeNull();
  });
});
