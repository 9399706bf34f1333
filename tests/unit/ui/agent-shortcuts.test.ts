/** The Agent card's name / size / date helpers and the keyboard map. */
import { describe, expect, it } from 'vitest';
import { type KeyPress, SHORTCUTS, shortcutFor } from '../../../src/ui/shortcuts/keymap.js';
import { checkName, checkpointFileName, formatBytes, formatSavedAt, MAX_CHECKPOINT_NAME } from '../../../src/ui/storage/format.js';

describe('Agent card helpers', () => {
  it('checkName trims and refuses empty or overlong names', () => {
    expect(checkName('  run 1 ')).toEqual({ name: 'run 1' });
    expect(checkName('   ')).toEqual({ error: 'give the checkpoint a name first' });
    expect(checkName('x'.repeat(MAX_CHECKPOINT_NAME + 1))).toEqual({ error: expect.stringMatching(/at most 64 characters, got 65/) as unknown });
  });

  it('formatBytes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });

  it('formatSavedAt shows UTC date and minute; junk passes through', () => {
    expect(formatSavedAt('2026-11-23T09:54:44.123Z')).toBe('2026-11-23 09:54');
    expect(formatSavedAt('yesterday')).toBe('yesterday');
  });

  it('checkpointFileName keeps safe characters and ends in .paclab', () => {
    expect(checkpointFileName('my agent/#1')).toBe('my-agent-1.paclab');
    expect(checkpointFileName('')).toBe('pac-lab-agent.paclab');
    expect(checkpointFileName('a.paclab')).toBe('a.paclab');
  });
});

describe('keyboard shortcuts', () => {
  const press = (key: string, over: Partial<KeyPress> = {}): KeyPress => ({
    key, ctrlKey: false, metaKey: false, altKey: false, targetTag: 'BODY', targetEditable: false, ...over,
  });

  it('maps Space, N, R, ? and Esc', () => {
    expect(shortcutFor(press(' '))).toBe('toggleRun');
    expect(shortcutFor(press('n'))).toBe('step');
    expect(shortcutFor(press('N'))).toBe('step');
    expect(shortcutFor(press('r'))).toBe('reset');
    expect(shortcutFor(press('?'))).toBe('help');
    expect(shortcutFor(press('Escape'))).toBe('close');
    expect(shortcutFor(press('x'))).toBeNull();
  });

  it('maps arrow keys and WASD to moves, both cases', () => {
    const moves: [string, string][] = [
      ['ArrowUp', 'north'], ['ArrowDown', 'south'], ['ArrowRight', 'east'], ['ArrowLeft', 'west'],
      ['w', 'north'], ['S', 'south'], ['d', 'east'], ['A', 'west'],
    ];
    for (const [key, move] of moves) expect(shortcutFor(press(key)), key).toBe(move);
    expect(shortcutFor(press('ArrowUp', { targetTag: 'INPUT' }))).toBeNull(); // a focused slider keeps its arrows
  });

  it('ignores keys typed into fields, in editable text, and chords', () => {
    for (const tag of ['INPUT', 'TEXTAREA', 'SELECT']) {
      for (const key of [' ', 's', 'r', '?']) expect(shortcutFor(press(key, { targetTag: tag }))).toBeNull();
    }
    expect(shortcutFor(press('s', { targetTag: 'DIV', targetEditable: true }))).toBeNull();
    expect(shortcutFor(press('r', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(press('r', { metaKey: true }))).toBeNull();
    expect(shortcutFor(press('s', { altKey: true }))).toBeNull();
  });

  it('leaves Space on a focused button to the button; Esc works everywhere', () => {
    expect(shortcutFor(press(' ', { targetTag: 'BUTTON' }))).toBeNull();
    expect(shortcutFor(press('Escape', { targetTag: 'INPUT' }))).toBe('close');
  });

  it('the help lists every action', () => {
    expect(new Set(SHORTCUTS.map((s) => s.action))).toEqual(new Set(['toggleRun', 'step', 'reset', 'north', 'help', 'close']));
  });
});
