/**
 * The classic Berkeley Pac-Man scores and timers (DESIGN.md, "Contracts"): results compare with
 * its published figures only if these stay exactly as they are.
 */
/** Score change of every step (Berkeley's TIME_PENALTY). */
export const STEP_PENALTY = 1;
export const FOOD_REWARD = 10;
export const SCARED_GHOST_REWARD = 200;
/** Bonus for eating the last food. */
export const WIN_REWARD = 500;
/** Penalty for being caught by a ghost that is not scared. */
export const LOSE_PENALTY = 500;
/** Ghost moves a capsule keeps ghosts scared (each ghost's own moves count it down). */
export const SCARED_MOVES = 40;
/** Directional ghosts pick a best move (chase, or flee when scared) with this probability. */
export const DIRECTIONAL_BEST_PROB = 0.8;
