/**
 * Fuzzing the two loaders people feed files to, with seeded random inputs for a fixed count:
 * the layout parser and the checkpoint reader. Each input either loads or is refused with the
 * loader's own error (LayoutError / CheckpointError) naming the file; nothing else may escape
 * (no TypeError, RangeError or hang), and refusing leaves nothing half-loaded.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LayoutError } from '../../../src/core/errors.js';
import { RandomStream } from '../../../src/core/random.js';
import { LAYOUT_CATALOGUE } from '../../../src/env/catalogue.js';
import { parseLayout } from '../../../src/env/layout.js';
import { decodeDqnCheckpoint } from '../../../src/rl/checkpoint.js';
import { CheckpointError, encodeBundle, packBundleFile, unpackBundleFile } from '../../../src/tf/tensor-bundle.js';

const CASES = 400;
const LAYOUT_CHARS = '%. oPG\n\r\t#xé\u0000';

function randomBytes(rng: RandomStream, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => rng.int(256));
}

/** A copy of `bytes` with a few bytes replaced, removed or inserted. */
function mutate(rng: RandomStream, bytes: Uint8Array): Uint8Array {
  const out = Array.from(bytes);
  for (let k = 1 + rng.int(4); k > 0; k--) {
    const at = rng.int(out.length + 1);
    const kind = rng.int(3);
    if (kind === 0 && out.length > 0) out[Math.min(at, out.length - 1)] = rng.int(256);
    else if (kind === 1) out.splice(at, 1 + rng.int(8));
    else out.splice(at, 0, ...randomBytes(rng, 1 + rng.int(8)));
  }
  return Uint8Array.from(out);
}

function expectOnly<E extends Error>(kind: new (...args: never[]) => E, run: () => unknown, label: string): 'ok' | 'refused' {
  try {
    run();
    return 'ok';
  } catch (err) {
    expect(err, `${label}: ${String(err)}`).toBeInstanceOf(kind);
    return 'refused';
  }
}

describe('fuzzing the layout parser', () => {
  it(`takes ${CASES} random texts, random bytes and mutated shipped layouts: a layout or a LayoutError naming the file`, () => {
    const rng = new RandomStream('fuzz-layouts');
    const shipped = LAYOUT_CATALOGUE.map((e) => new Uint8Array(readFileSync(new URL(`../../../assets/layouts/${e.name}.lay`, import.meta.url))));
    const outcomes = { ok: 0, refused: 0 };
    for (let i = 0; i < CASES; i++) {
      const kind = i % 3;
      const input = kind === 0
        ? Array.from({ length: rng.int(300) }, () => LAYOUT_CHARS[rng.int(LAYOUT_CHARS.length)]).join('')
        : kind === 1 ? randomBytes(rng, rng.int(500)) : mutate(rng, shipped[rng.int(shipped.length)]);
      const outcome = expectOnly(LayoutError, () => parseLayout(input, `case${i}.lay`), `case ${i}`);
      outcomes[outcome]++;
    }
    expect(outcomes.refused).toBeGreaterThan(CASES / 4);
    for (const [i, bytes] of shipped.entries()) expect(parseLayout(bytes, `shipped${i}.lay`).width).toBeGreaterThan(2); // the seeds of the mutations load
  });

  it('refuses a huge file by its size, CRLF and odd encodings load or are refused by line and column', () => {
    expect(() => parseLayout(new Uint8Array(10_000_000).fill(37), 'huge.lay')).toThrow(/huge\.lay: file is 10000000 bytes; a layout is at most 64x64 cells/);
    const crlf = '%%%%%\r\n%P .%\r\n%%%%%\r\n';
    expect(parseLayout(crlf, 'crlf.lay').width).toBe(5);
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from(new TextEncoder().encode('%%%')).flatMap((b) => [b, 0])]);
    expect(() => parseLayout(utf16, 'utf16.lay')).toThrow(LayoutError);
  });
});

describe('fuzzing the checkpoint reader', () => {
  const header = JSON.stringify({ kind: 'dqn' });
  const valid = (): Uint8Array => {
    const bundle = encodeBundle('dqn', { config: {}, counters: {}, layout: {} }, [{ name: 'w', shape: [2, 3], values: new Float32Array(6).fill(0.5) }]);
    return packBundleFile(bundle.header, bundle.blob);
  };

  it(`takes ${CASES} random files, truncations and mutations of a real one: a CheckpointError naming the file, or a checkpoint`, () => {
    const rng = new RandomStream('fuzz-checkpoints');
    const good = valid();
    let refused = 0;
    for (let i = 0; i < CASES; i++) {
      const kind = i % 4;
      const bytes = kind === 0 ? randomBytes(rng, rng.int(400))
        : kind === 1 ? good.subarray(0, rng.int(good.length))
          : kind === 2 ? mutate(rng, good)
            : new TextEncoder().encode(kind === 3 && i % 8 === 3 ? '{"format":"tfjs-layers"}' : `PACLAB1${header}`);
      const source = `case${i}.paclab`;
      const outcome = expectOnly(CheckpointError, () => {
        const file = unpackBundleFile(bytes, source);
        decodeDqnCheckpoint(file, source);
      }, `case ${i}`);
      if (outcome === 'refused') refused++;
    }
    expect(refused).toBeGreaterThan(CASES * 0.9);
  });

  it('names the file and the problem: another program, truncated weights, corrupt JSON', () => {
    expect(() => unpackBundleFile(new TextEncoder().encode('{"modelTopology": {}}'), 'model.json')).toThrow(/model\.json: not a Pac-Lab checkpoint file/);
    const good = valid();
    expect(() => decodeDqnCheckpoint(unpackBundleFile(good.subarray(0, good.length - 5), 'cut.paclab'), 'cut.paclab')).toThrow(/cut\.paclab: .*truncated/);
  });
});
