/** The world models' names, apart from the models (no tfjs here: the page's Dream panel lists them). */
export type WorldModelName = 'world-latent' | 'world-pixel';
export const WORLD_MODEL_NAMES: readonly WorldModelName[] = ['world-latent', 'world-pixel'];
