/** The line above the board: score, step and episode of the shown game. */
import type { BoardState } from '../../env/board.js';

export interface HudFields {
  score: string;
  steps: string;
  episode: string;
  /** 'won', 'caught' or '' while the game goes on. */
  outcome: string;
}

export function hudFields(board: BoardState, maxSteps: number | null): HudFields {
  return {
    score: String(board.score),
    steps: maxSteps ? `${board.steps} / ${maxSteps}` : String(board.steps),
    episode: String(board.episode),
    outcome: board.won ? 'won' : board.lost ? 'caught' : '',
  };
}

/** Writes the fields into elements marked `data-hud="score"` etc. under `root`. */
export function renderHud(root: HTMLElement, fields: HudFields): void {
  for (const [key, value] of Object.entries(fields)) {
    const el = root.querySelector<HTMLElement>(`[data-hud="${key}"]`);
    if (el && el.textContent !== value) el.textContent = value;
  }
}
