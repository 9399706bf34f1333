/** Which key does what; pure, so tests need no DOM. */

export type ShortcutAction = 'toggleRun' | 'step' | 'reset' | 'help' | 'close';

/** The shortcuts the help overlay lists, in order. */
export const SHORTCUTS: readonly { keys: string; action: ShortcutAction; description: string }[] = [
  { keys: 'Space', action: 'toggleRun', description: 'start / pause' },
  { keys: 'S', action: 'step', description: 'one step of every env (while paused)' },
  { keys: 'R', action: 'reset', description: 'a fresh run with the same config and seed' },
  { keys: '?', action: 'help', description: 'show this help' },
  { keys: 'Esc', action: 'close', description: 'close this help' },
];

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
    case 's':
    case 'S':
      return 'step';
    case 'r':
    case 'R':
      return 'reset';
    case '?':
      return 'help';
    default:
      return null;
  }
}
