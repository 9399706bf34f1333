/** The line under the board about playing yourself; pure, so tests need no DOM. */
import type { HumanStatus } from '../../rl/human-play.js';

export const HUMAN_HINT = 'Play yourself: arrow keys or W A S D take over Pac-Man (the agent pauses).';

export function humanBannerText(human: HumanStatus | null): string {
  if (!human) return HUMAN_HINT;
  const record = human.games > 0 ? ` Your games: ${human.games}, won ${human.wins}.` : '';
  if (human.waitingForKey && human.lastOutcome) {
    return `Game over: you ${human.lastOutcome === 'won' ? 'won' : human.lastOutcome === 'lost' ? 'were caught' : 'ran out of steps'}, score ${human.lastScore}. Press a direction to play again; Esc or Start hands back to the agent.${record}`;
  }
  return `You are playing: the last direction repeats. Esc or Start hands back to the agent.${record}`;
}
