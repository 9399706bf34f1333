import { describe, expect, it } from 'vitest';
import { LayoutError } from '../../../src/core/errors.js';
import { RandomStreams } from '../../../src/core/random.js';
import { layoutToText, parseLayout } from '../../../src/env/layout.js';

const GOOD = ['%%%%%%%', '%P  .G%', '% %%% %', '%  o  %', '%%%%%%%'].join('\n');

describe('parseLayout', () => {
  it('reads walls, food, capsules, Pac-Man and ghosts', () => {
    const l = parseLayout(GOOD, 'good.lay');
    expect(l.name).toBe('good');
    expect([l.width, l.height]).toEqual([7, 5]);
    expect(l.foodCount).toBe(1);
    expect(l.capsules).toEqual([3 * 7 + 3]);
    expect(l.pacmanStart).toBe(7 + 1);
    expect(l.ghostStarts).toEqual([7 + 5]);
    expect(l.warnings).toEqual([]);
    expect(layoutToText(l)).toBe(GOOD + '\n');
  });

  it('takes digits 1-4 as ghosts, numbered ones first in number order', () => {
    const l = parseLayout(['%%%%%%%', '%P2.1G%', '%%%%%%%'].join('\n'));
    expect(l.ghostStarts).toEqual([7 + 4, 7 + 2, 7 + 5]);
  });

  it('accepts CRLF, a BOM, trailing spaces and blank lines at the ends', () => {
    const messy = '\uFEFF\r\n' + GOOD.split('\n').map((r) => r + '  ').join('\r\n') + '\r\n\r\n';
    const l = parseLayout(messy, 'messy.lay');
    expect(layoutToText(l)).toBe(GOOD + '\n');
  });

  it('reads UTF-16 files with a byte-order mark', () => {
    const bytes = new Uint8Array(2 + GOOD.length * 2);
    bytes[0] = 0xff; bytes[1] = 0xfe;
    for (let i = 0; i < GOOD.length; i++) bytes[2 + 2 * i] = GOOD.charCodeAt(i);
    expect(parseLayout(bytes).foodCount).toBe(1);
  });

  it('ignores characters past the first row width, with a warning naming the line', () => {
    const rows = GOOD.split('\n');
    rows[2] += '%x';
    const l = parseLayout(rows.join('\n'), 'long.lay');
    expect(l.width).toBe(7);
    expect(l.warnings).toHaveLength(1);
    expect(l.warnings[0]).toMatch(/long\.lay: line 3: 2 character\(s\) past the first row's width 7 ignored/);
  });

  const bad: [string, string, RegExp][] = [
    ['unknown character', GOOD.replace('o', 'x'), /bad\.lay: line 4, column 4: unknown character "x"/],
    ['no Pac-Man', GOOD.replace('P', ' '), /bad\.lay: no Pac-Man/],
    ['two Pac-Men', GOOD.replace('o', 'P'), /line 4, column 4: a second Pac-Man; the first is at line 2, column 2/],
    ['a ragged row', GOOD.replace('% %%% %', '% %%%'), /line 3, column 6: row is 5 cells wide, shorter than the first row's 7/],
    ['no food', GOOD.replace('.', ' '), /bad\.lay: no food/],
    ['a walkable border cell', GOOD.replace('%  o  %', '   o  %'), /line 4, column 1: " " on the border can be walked off the board/],
    ['food on the border', GOOD.replace('%%%%%%%', '%%.%%%%'), /line 1, column 3: "\." on the border/],
    ['an empty file', '', /bad\.lay: empty layout/],
    ['only blank lines', '\n  \r\n\n', /bad\.lay: empty layout/],
    ['too wide', '%'.repeat(65) + '\n%P.' + ' '.repeat(61) + '%\n' + '%'.repeat(65), /line 1, column 65: row is 65 cells wide; the limit is 64/],
    ['too tall', ['%%%', '%P%', '%.%', ...Array(70).fill('% %'), '%%%'].join('\n'), /line 65, column 1: layout has 74 rows; the limit is 64/],
    ['a NUL byte', GOOD.replace('o', '\u0000'), /binary input/],
    ['a control byte', GOOD.replace('o', '\u0007'), /line 4, column 4: unexpected byte 0x07: binary input/],
  ];
  for (const [what, text, message] of bad) {
    it(`refuses ${what} with a message naming the place`, () => {
      expect(() => parseLayout(text, 'bad.lay')).toThrow(LayoutError);
      expect(() => parseLayout(text, 'bad.lay')).toThrow(message);
    });
  }

  it('refuses huge input up front', () => {
    const huge = new Uint8Array(10_000_000).fill(0x25);
    expect(() => parseLayout(huge, 'huge.lay')).toThrow(/huge\.lay: file is 10000000 bytes/);
  });

  it('never crashes or hangs on random bytes: it parses or throws a LayoutError', () => {
    const rng = new RandomStreams(42).get('fuzz');
    const alphabet = '%. oPG1234\n\r\t x';
    for (let i = 0; i < 3000; i++) {
      const len = rng.int(400);
      const bytes = new Uint8Array(len);
      const textual = i % 2 === 0;
      for (let j = 0; j < len; j++) bytes[j] = textual ? alphabet.charCodeAt(rng.int(alphabet.length)) : rng.int(256);
      try {
        const l = parseLayout(bytes, 'fuzz.lay');
        expect(l.width * l.height).toBeGreaterThan(0);
      } catch (err) {
        expect(err).toBeInstanceOf(LayoutError);
        expect((err as Error).message).toMatch(/^fuzz\.lay: /);
      }
    }
  });
});
