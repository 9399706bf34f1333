/**
 * npm run eval -- --checkpoint DIR [--layout L] [--episodes N] [--seed S] [--ghosts G] [--json]
 * npm run eval -- --agent tabular|approx --checkpoint DIR | --agent random --layout L  [same flags]
 * Greedy play of a trained agent: {agent, episodes, winRate, caughtRate, timeoutRate, meanScore,
 * meanSteps, meanFood} (how the episodes ended: won, caught by a ghost, or out of time); tabular adds
 * the share of decisions taken in states its table never saw (unseenShare). A DQN plays its greedy
 * policy: the Polyak average of its weights where the run kept one (dqn.policyAverageDecay), else
 * its online network; `policy` says which. winRateInterval95 is the win rate's 95% Wilson interval:
 * 100 episodes at 85% do not rule out 90% (76.7-90.7%).
 */
import { ConfigError } from '../core/errors.js';
import { rateInterval, winRateIntervalClause } from '../core/win-interval.js';
import { RandomStreams } from '../core/random.js';
import { resolveEnvConfig } from '../env/env.js';
import { GHOST_POLICIES } from '../env/game.js';
import { parseLayout } from '../env/layout.js';
import { decodeDqnCheckpoint, loadDqnWeights } from '../rl/checkpoint.js';
import { DqnAgent } from '../rl/dqn-agent.js';
import { agentPolicy, describeFigures, evaluatePolicy, figuresOf } from '../rl/evaluate.js';
import { BACKEND_PREFERENCES, type BackendPreference, selectBackend } from '../tf/backend.js';
import { provideNodeWebGpu } from '../tf/node-webgpu.js';
import { AGENT_KINDS } from '../rl/baselines/config.js';
import { helpText, parseFlags, runCli, type FlagSpecs } from './args.js';
import { evalBaseline, type EvalResult, findApproxCheckpoint, findTabularCheckpoint } from './eval-baseline.js';
import { loadLayout } from './layouts.js';
import { loadCheckpointDir } from './run-dir.js';

const FLAGS: FlagSpecs = {
  agent: { kind: 'string', help: 'what plays: a DQN checkpoint, random actions, a tabular Q-table, or an approximate Q-learner', choices: AGENT_KINDS, default: 'dqn' },
  checkpoint: { kind: 'string', help: 'run folder or checkpoint folder (not needed for --agent random)' },
  layout: { kind: 'string', help: "layout to play (default: the checkpoint's; required for --agent random without --checkpoint)" },
  episodes: { kind: 'int', help: 'episodes to play', default: 100, min: 1, max: 1_000_000 },
  seed: { kind: 'int', help: 'evaluation seed', default: 1, min: 0, max: 2 ** 31 - 1 },
  ghosts: { kind: 'string', help: "ghost behaviour (default: the checkpoint's)", choices: GHOST_POLICIES },
  epsilon: { kind: 'number', help: 'exploration during evaluation', default: 0, min: 0, max: 1 },
  backend: { kind: 'string', help: 'tfjs backend', choices: BACKEND_PREFERENCES, default: 'cpu' },
  json: { kind: 'boolean', help: 'print one JSON object', default: false },
  help: { kind: 'boolean', help: 'show this help', default: false },
};

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help) return void console.log(helpText('eval', 'Evaluates a trained agent greedily.', FLAGS));
  if (flags.agent !== 'dqn') return report(evalBaseline(flags), flags.json as boolean);
  if (!flags.checkpoint) throw new ConfigError('--checkpoint', '--checkpoint DIR is required (a run folder written by npm run train)');
  if (findTabularCheckpoint(flags.checkpoint as string)) throw new ConfigError('--agent', `${String(flags.checkpoint)} holds a tabular Q-table: add --agent tabular`);
  if (findApproxCheckpoint(flags.checkpoint as string)) throw new ConfigError('--agent', `${String(flags.checkpoint)} holds an approximate Q-learner's weights: add --agent approx`);
  await selectBackend(flags.backend as BackendPreference, { provideWebGpu: provideNodeWebGpu });
  const { checkpoint, source } = loadCheckpointDir(flags.checkpoint as string);
  const { meta, tensors } = decodeDqnCheckpoint(checkpoint, source);
  const agent = new DqnAgent(meta.numActions, meta.config, new RandomStreams(flags.seed as number).get('weights'));
  loadDqnWeights(agent, tensors, source, 'policy');
  const layout = flags.layout ? loadLayout(flags.layout as string) : parseLayout(meta.layout.text, meta.layout.name);
  const env = resolveEnvConfig({ ...meta.env, ...(flags.ghosts ? { ghosts: flags.ghosts } : {}) });
  const seed = flags.seed as number;
  const summary = await evaluatePolicy(layout, env, seed, flags.episodes as number, agentPolicy(agent.greedyActor(), flags.epsilon as number, seed));
  const policy = agent.policyKind;
  agent.dispose();
  report({ agent: 'dqn', policy, layout: layout.name, ghosts: env.ghosts, seed: flags.seed as number, episodes: summary.episodes, ...figuresOf(summary) }, flags.json as boolean);
}

/** Prints the result, with its win rate's 95% interval: is a target met, or only touched? */
function report(figures: EvalResult, json: boolean): void {
  const result: EvalResult = { ...figures, winRateInterval95: rateInterval(figures.winRate, figures.episodes) };
  if (json) return void console.log(JSON.stringify(result));
  const unseen = result.unseenShare === undefined ? '' : `, ${(result.unseenShare * 100).toFixed(1)}% of decisions in unseen states`;
  const agent = result.policy === 'average' ? `${result.agent}, policy average` : result.agent;
  console.log(`${result.layout} (${agent}): ${result.episodes} greedy episodes, ${describeFigures(result)}${unseen}${winRateIntervalClause(result.winRate, result.episodes)}`);
}

void runCli(main);
