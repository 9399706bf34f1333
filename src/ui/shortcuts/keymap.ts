/** Which key does what; pure, so tests need no DOM. */

/** A person's move (play yourself). */
export type MoveAction = 'north' | 'south' | 'east' | 'west';
export type ShortcutAction = 'toggleRun' | 'step' | 'reset' | 'help' | 'close' | MoveAction;

/** The shortcuts the help overlay lists, in order (moves share one row). */
export const SHORTCUTS: readonly { keys: string; action: ShortcutAction; description: string }[] = [
  { keys: 'Space', action: 'toggleRun', description: 'start / pause the agent (Start also ends your game)' },
  { keys: 'N', action: 'step', description: 'next: one step of every env (while paused)' },
  { keys: 'R', action: 'reset', description: 'a fresh run with the same config and seed' },
  { keys: '← ↑ → ↓ or W A S D', action: 'north', description: 'play yourself: the agent pauses, your Pac-Man keeps the last direction' },
  { keys: '?', action: 'help', description: 'show this help' },
  { keys: 'Esc', action: 'close', description: 'close this help; stop playing yourself' },
];

const MOVE_KEYS: Readonly<Record<string, MoveAction>> = {
  ArrowUp: 'north', ArrowDown: 'south', ArrowRight: 'east', ArrowLeft: 'west',
  w: 'north', W: 'north', s: 'south', S: 'south', d: 'east', D: 'east', a: 'west', A: 'west',
};

export const isMove = (action: ShortcutAction): action is MoveAction =>
  action === 'north' || action === 'south' || action === 'east' || action === 'west';

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Tag of the focused element ("INPUT", "BUTTON", ...) and whether it is contenteditable. */
  targetTag: string;
  targetEditable: boolean;
}

/** Tags where keys are typing, not commands. */
const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/**
 * The action for a key press, or null. Keys typed into a field and chords with Ctrl/Cmd/Alt are
 * ignored (Ctrl+R must still reload). Space on a focused button is left to the button.
 */
export function shortcutFor(k: KeyPress): ShortcutAction | null {
  if (k.ctrlKey || k.metaKey || k.altKey) return null;
  if (k.key === 'Escape') return 'close';
  if (TYPING_TAGS.has(k.targetTag) || k.targetEditable) return null;
  switch (k.key) {
    case ' ':
      return k.targetTag === 'BUTTON' ? null : 'toggleRun';
    case 'n':
    case 'N':
      return 'step';
    case 'r':
    case 'R':
      return 'reset';
    case '?':
      return 'help';
    default:
      return MOVE_KEYS[k.key] ?? null;
  }
}
