/**
 * Layouts in the classic Berkeley Pac-Man text format:
 *   `%` wall, `.` food, `o` capsule, `P` Pac-Man, `G` or a digit 1-4 a ghost, space empty.
 * Files in the wild are not always clean: a BOM, CRLF line ends, trailing spaces, a row longer
 * than the first. Like the classic engine we take the first row's width and drop what lies
 * beyond it, with a warning. Everything else that is wrong is a LayoutError naming the file,
 * line and column. The parser is linear in the input and refuses oversized input up front,
 * so no input can make it hang.
 */
import { LayoutError } from '../core/errors.js';
import type { CellIndex } from './grid.js';

export const MAX_LAYOUT_SIZE = 64;
/** No valid layout is bigger than 64 rows of 64 cells plus generous slack for line ends. */
const MAX_INPUT_CHARS = 64 * 1024;

export interface Layout {
  /** Name shown to people: the file's base name without `.lay`. */
  readonly name: string;
  readonly width: number;
  readonly height: number;
  /** 1 where a wall is, per cell index. */
  readonly walls: Uint8Array;
  /** 1 where food starts, per cell index. */
  readonly food: Uint8Array;
  readonly foodCount: number;
  readonly capsules: readonly CellIndex[];
  readonly pacmanStart: CellIndex;
  /** Ghost starts in order: numbered ghosts by number, then `G`s in reading order. */
  readonly ghostStarts: readonly CellIndex[];
  /** Non-fatal oddities that were repaired, one sentence each. */
  readonly warnings: readonly string[];
}

function decode(input: string | Uint8Array, file: string): string {
  if (typeof input === 'string') return input.startsWith('\uFEFF') ? input.slice(1) : input;
  if (input.length > MAX_INPUT_CHARS * 4) {
    throw new LayoutError(file, 0, 0, `file is ${input.length} bytes; a layout is at most ${MAX_LAYOUT_SIZE}x${MAX_LAYOUT_SIZE} cells`);
  }
  if (input[0] === 0xff && input[1] === 0xfe) return new TextDecoder('utf-16le').decode(input.subarray(2));
  if (input[0] === 0xfe && input[1] === 0xff) return new TextDecoder('utf-16be').decode(input.subarray(2));
  if (input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) input = input.subarray(3);
  return new TextDecoder('utf-8', { fatal: false }).decode(input);
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f || code === 0xfffd) return `byte 0x${code.toString(16).padStart(2, '0')}`;
  return `"${ch}"`;
}

/**
 * Parses layout text (or raw file bytes). `file` names the source in messages.
 * Throws LayoutError for empty, binary, oversized, ragged or invalid layouts.
 */
export function parseLayout(input: string | Uint8Array, file = 'layout'): Layout {
  const text = decode(input, file);
  if (text.length > MAX_INPUT_CHARS) {
    throw new LayoutError(file, 0, 0, `file is ${text.length} characters; a layout is at most ${MAX_LAYOUT_SIZE}x${MAX_LAYOUT_SIZE} cells`);
  }
  if (text.includes('\u0000')) {
    const at = text.indexOf('\u0000');
    const line = text.slice(0, at).split('\n').length;
    throw new LayoutError(file, line, at - text.lastIndexOf('\n', at - 1), 'binary input (a NUL byte): this is not a layout text file');
  }
  const rawLines = text.split('\n').map((l) => l.replace(/[\s]+$/u, ''));
  let first = 0;
  while (first < rawLines.length && rawLines[first] === '') first++;
  let last = rawLines.length - 1;
  while (last >= first && rawLines[last] === '') last--;
  if (first > last) throw new LayoutError(file, 0, 0, 'empty layout: no rows');

  const width = rawLines[first].length;
  const height = last - first + 1;
  const warnings: string[] = [];
  if (width > MAX_LAYOUT_SIZE) {
    throw new LayoutError(file, first + 1, MAX_LAYOUT_SIZE + 1, `row is ${width} cells wide; the limit is ${MAX_LAYOUT_SIZE}`);
  }
  if (height > MAX_LAYOUT_SIZE) {
    throw new LayoutError(file, first + MAX_LAYOUT_SIZE + 1, 1, `layout has ${height} rows; the limit is ${MAX_LAYOUT_SIZE}`);
  }
  if (width < 3 || height < 3) {
    throw new LayoutError(file, first + 1, 1, `layout is ${width}x${height}; it needs at least 3x3 (a wall around a cell)`);
  }

  const walls = new Uint8Array(width * height);
  const food = new Uint8Array(width * height);
  const capsules: CellIndex[] = [];
  const numberedGhosts: { n: number; cell: CellIndex }[] = [];
  const plainGhosts: CellIndex[] = [];
  let pacman: { cell: CellIndex; line: number; column: number } | null = null;
  let foodCount = 0;

  for (let y = 0; y < height; y++) {
    const lineNo = first + y + 1;
    const row = rawLines[first + y];
    if (row.length < width) {
      throw new LayoutError(file, lineNo, row.length + 1, `row is ${row.length} cells wide, shorter than the first row's ${width}`);
    }
    if (row.length > width) {
      warnings.push(`${file}: line ${lineNo}: ${row.length - width} character(s) past the first row's width ${width} ignored`);
    }
    for (let x = 0; x < width; x++) {
      const ch = row[x];
      const cell = (y * width + x) as CellIndex;
      const onBorder = x === 0 || y === 0 || x === width - 1 || y === height - 1;
      if (ch !== '%' && onBorder) {
        if (ch === ' ' || ch === '.' || ch === 'o' || ch === 'P' || ch === 'G' || (ch >= '1' && ch <= '4')) {
          throw new LayoutError(file, lineNo, x + 1, `"${ch}" on the border can be walked off the board: the border must be walls ("%")`);
        }
      }
      switch (ch) {
        case '%':
          walls[cell] = 1;
          break;
        case '.':
          food[cell] = 1;
          foodCount++;
          break;
        case 'o':
          capsules.push(cell);
          break;
        case 'P':
          if (pacman) {
            throw new LayoutError(file, lineNo, x + 1, `a second Pac-Man; the first is at line ${pacman.line}, column ${pacman.column}`);
          }
          pacman = { cell, line: lineNo, column: x + 1 };
          break;
        case 'G':
          plainGhosts.push(cell);
          break;
        case ' ':
          break;
        case '1': case '2': case '3': case '4':
          numberedGhosts.push({ n: Number(ch), cell });
          break;
        default: {
          const binary = ch.charCodeAt(0) < 0x20 || ch === '\uFFFD';
          throw new LayoutError(
            file, lineNo, x + 1,
            binary
              ? `unexpected ${describeChar(ch)}: binary input is not a layout`
              : `unknown character ${describeChar(ch)} (expected one of % . o P G 1-4 or space)`,
          );
        }
      }
    }
  }
  if (!pacman) throw new LayoutError(file, 0, 0, 'no Pac-Man: the layout needs exactly one "P"');
  if (foodCount === 0) throw new LayoutError(file, 0, 0, 'no food: the layout needs at least one "."');
  numberedGhosts.sort((a, b) => a.n - b.n);
  const ghostStarts = [...numberedGhosts.map((g) => g.cell), ...plainGhosts];
  return { name: file.replace(/^.*[\\/]/, '').replace(/\.lay$/, ''), width, height, walls, food, foodCount, capsules, pacmanStart: pacman.cell, ghostStarts, warnings };
}

/** The layout back as text (for tests, and for saving an uploaded layout with a run). */
export function layoutToText(layout: Layout): string {
  const rows: string[] = [];
  const ghosts = new Set<number>(layout.ghostStarts);
  const capsules = new Set<number>(layout.capsules);
  for (let y = 0; y < layout.height; y++) {
    let row = '';
    for (let x = 0; x < layout.width; x++) {
      const c = y * layout.width + x;
      row += layout.walls[c] ? '%' : c === layout.pacmanStart ? 'P' : ghosts.has(c) ? 'G' : capsules.has(c) ? 'o' : layout.food[c] ? '.' : ' ';
    }
    rows.push(row);
  }
  return rows.join('\n') + '\n';
}
