/**
 * The page: composes the board, agent's-eye, Q-value, status, control and chart panels around
 * the RL worker's API. Panels only draw snapshots; every change goes to the worker, and what the
 * page shows afterwards is what the worker reports back.
 */
import * as Comlink from 'comlink';
import { defaultMaxSteps } from '../env/env.js';
import { Action, ACTION_NAMES } from '../env/grid.js';
import type { RlSnapshot } from '../rl/session.js';
import type { GenWorkerApi } from '../gen/worker-api.js';
import type { RlWorkerApi } from '../rl/worker-api.js';
import type { RlFault } from '../rl/session.js';
import { Autosave, DEFAULT_AUTOSAVE_MINUTES } from './recovery/autosave.js';
import { HEARTBEAT_TIMEOUT_MS, WorkerSupervisor } from './recovery/worker-supervisor.js';
import { BoardView } from './board/board-view.js';
import { hudFields, renderHud } from './board/hud.js';
import { Charts } from './charts/charts.js';
import { chooseLayout, type LayoutChoice, LayoutPicker } from './controls/layout-picker.js';
import { ParamsPanel } from './controls/params-panel.js';
import { DEFAULT_LAYOUT, runConfig, smoothAt, SPEED_STOPS } from './controls/run-config.js';
import { defaultRestart, rebaseRestart } from './controls/restart-config.js';
import { recipeFor } from './controls/maze-recipes.js';
import { RestartPanel } from './controls/restart-panel.js';
import { RunControls } from './controls/run-controls.js';
import { AgentEye } from './eye/agent-eye.js';
import { ReplayViewer } from './explain-rl/replay-viewer.js';
import { SaliencyPoller } from './explain-rl/saliency-poller.js';
import { StepExplainPanel } from './explain-rl/step-explain-panel.js';
import { shippedLayouts } from './layouts.js';
import { CostMeter, type CostFigures } from './cost-meter.js';
import { RlExplainers } from './explain/rl-explainers.js';
import { startGenLab } from './gen/gen-lab.js';
import { shownGameOf } from './dream/dream-lab.js';
import { humanBannerText } from './human/human-text.js';
import { QValueBars } from './qvalues/q-bars.js';
import { MetricsExport } from './metrics/metrics-export.js';
import { MetricsLog } from './metrics/metrics-log.js';
import type { MoveAction } from './shortcuts/keymap.js';
import { ShareButton } from './share/share-button.js';
import { decodeSetup } from './share/share-link.js';
import { Shortcuts } from './shortcuts/shortcuts.js';
import { StatusLine } from './status/status-line.js';
import { AgentCard } from './storage/agent-card.js';

const MOVES: Readonly<Record<MoveAction, Action>> = { north: Action.North, south: Action.South, east: Action.East, west: Action.West };

/** The speed the page starts at: the first stop, "watch". */
const INITIAL_SPEED_STOP = 0;

/**
 * What the page puts on `window.__paclab` for the browser tests: the online network's Q-values
 * for one stacked observation (84*84*4 bytes, row-major [84, 84, 4]), as plain numbers.
 */
export interface PacLabDebugHook {
  qValues(obs: number[]): Promise<number[]>;
  /** Time the page spent drawing snapshots since the last call. */
  snapshotCost(): CostFigures;
  /** Fault tests: autosave now; kill the RL worker outright; inject a fault inside it; restarts so far. */
  autosaveNow(): Promise<boolean>;
  killWorker(): void;
  injectFault(kind: RlFault): Promise<void>;
  restarts(): number;
  /** The longest the RL worker went without answering the heartbeat, beyond its period (ms). */
  longestWorkerSilence(): number;
}

declare global {
  interface Window {
    __paclab?: PacLabDebugHook;
  }
}

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html has no #${id}`);
  return el as T;
}

/** Shows an error the page cannot recover from by itself (the worker failed, a call was refused). */
export function showError(err: unknown): void {
  const box = document.getElementById('app-error');
  const text = err instanceof Error ? err.message : String(err);
  if (box) {
    box.textContent = text;
    box.hidden = false;
  }
}

/** `spawnRl` starts an RL worker (again after a crash: see recovery/worker-supervisor.ts). */
export async function startApp(spawnRl: () => Worker, gen: Comlink.Remote<GenWorkerApi>): Promise<void> {
  const supervisor = new WorkerSupervisor<RlWorkerApi>(spawnRl, (reason) => recover(reason), (reason) => showError(`The agent's worker stopped (${reason}).`));
  const api = supervisor.api;
  const shipped = shippedLayouts();
  const link = decodeSetup(location.search, shipped.map((l) => l.name));
  const { setup } = link;
  let seed = setup.seed;
  const preference = setup.backend ?? 'auto';
  byId('seed').textContent = String(seed);
  const boardHost = byId('board');
  const board = await BoardView.create(boardHost);
  const hud = byId('hud');
  const eye = new AgentEye(byId('eye'));
  const bars = new QValueBars(byId('qvalues'), ACTION_NAMES);
  const status = new StatusLine(byId('status'));
  const charts = new Charts({
    score: byId('chart-score'), loss: byId('chart-loss'), winRate: byId('chart-winrate'), meanQ: byId('chart-meanq'), epsilon: byId('chart-epsilon'),
  });
  // The "?" of each panel: what it shows, its equations and live numbers (issue 10).
  const explainers = new RlExplainers(() => api.explainLatest());
  const cardHeading = (el: HTMLElement): Element => el.closest('.card')?.querySelector('h2') ?? el;
  explainers.attach('board', hud);
  explainers.attach('eye', cardHeading(byId('eye')));
  explainers.attach('qValues', cardHeading(byId('qvalues')));
  explainers.attachReplayToStatus(byId('status'));
  for (const [panel, id] of [['score', 'chart-score'], ['loss', 'chart-loss'], ['winRate', 'chart-winrate'], ['meanQ', 'chart-meanq'], ['epsilon', 'chart-epsilon']] as const) {
    explainers.attach(panel, cardHeading(byId(id)));
  }
  const metricsLog = new MetricsLog();
  const metricsExport = new MetricsExport(byId('metrics-card'), metricsLog, () => `pac-lab-${choice?.layout.name ?? 'run'}-seed${seed}-metrics`);
  const params = new ParamsPanel(byId('params'), (p) => void api.setParams(p).catch(showError));
  // A shipped maze with a recipe starts from the recipe's restart settings; a link's own override them.
  const initialRecipe = setup.layout.text === undefined ? recipeFor(setup.layout.name) : undefined;
  const restart = new RestartPanel(byId('restart-settings'), { ...defaultRestart(initialRecipe), ...setup.restart }, seed);

  let choice: LayoutChoice | null = null;
  let running = false;
  let maxSteps = 0;
  let humanMode = false;
  /** The person pressed Start (and not Pause since). */
  let wantsRunning = false;
  const humanBanner = byId('human-banner');
  const runAlert = byId('run-alert');
  const recoveryNote = byId('recovery-note');
  let lastUpdates = 0;
  let currentSpeed = SPEED_STOPS[setup.speedStop ?? INITIAL_SPEED_STOP].movesPerSecond;
  const autosave = new Autosave(api, () => lastUpdates, setup.autosaveMinutes ?? DEFAULT_AUTOSAVE_MINUTES);

  /** The RL worker died and a new one is up: rebuild this run on it, from its autosave when there is one, and say so. */
  async function recover(reason: string): Promise<void> {
    // Running, or asked to run: a worker that dies on its first step never reported running.
    const wasRunning = running || wantsRunning;
    recoveryNote.hidden = false;
    recoveryNote.textContent = `The agent's worker stopped (${reason}); restarting it…`;
    if (!choice) return;
    const direct = supervisor.direct;
    await direct.init(runConfig({ name: choice.layout.name, text: choice.text }, choice.maxSteps, seed, restart.applied(), choice.recipe), preference);
    const from = await autosave.restore(direct);
    if (lastParams) {
      const { epsilonMode, epsilon, gamma, learningRate, batchSize, targetSyncEvery } = lastParams;
      await direct.setParams({ epsilonMode, epsilon, gamma, learningRate, batchSize, targetSyncEvery });
    }
    await direct.subscribe(Comlink.proxy(onSnapshot));
    await direct.setSpeed(currentSpeed);
    if (wasRunning) await direct.start();
    recoveryNote.textContent = `The agent's worker stopped (${reason}). Restarted it from ${from}${wasRunning ? ', and it keeps training' : ''}.`;
  }
  /** Runs worker calls that change the run one after another (a layout switch never overlaps a Start). */
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task);
    queue = next.catch(() => undefined);
    return next;
  };

  /**
   * Builds a fresh run on `next` (its recipe, else the default settings, with the panel's restart
   * settings and seed); keeps running if it was. A maze with another recipe moves the restart
   * settings the person has not changed to its own.
   */
  async function switchTo(next: LayoutChoice, resume: boolean): Promise<void> {
    const before = restart.settings();
    if (choice && choice.recipe !== next.recipe) restart.show(rebaseRestart(before, defaultRestart(choice.recipe), defaultRestart(next.recipe)));
    const settings = restart.settings();
    const nextSeed = restart.seed();
    const config = runConfig({ name: next.layout.name, text: next.text }, next.maxSteps, nextSeed, settings, next.recipe);
    if (choice) await api.pause();
    board.setLayout(next.layout);
    try {
      const backend = await api.init(config, preference);
      byId('backend').textContent = backend.name;
      supervisor.timeoutMs = HEARTBEAT_TIMEOUT_MS[backend.name === 'cpu' ? 'cpu' : 'gpu'];
      // Every run states its config (the worker resolves the defaults it merges in).
      console.info('Pac-Lab run', { seed: nextSeed, backend, layout: config.layout.name, env: config.env, dqn: config.dqn });
    } catch (err) {
      if (choice) board.setLayout(choice.layout);
      restart.show(before);
      throw err;
    }
    choice = next;
    autosave.newRun();
    seed = nextSeed;
    byId('seed').textContent = String(seed);
    restart.setApplied(settings, seed);
    params.setRun(config.dqn ?? {});
    maxSteps = next.maxSteps || defaultMaxSteps(next.layout);
    boardHost.dataset.layout = `${next.layout.name} ${next.layout.width}x${next.layout.height}`;
    byId('layout-name').textContent = next.layout.name;
    charts.clear();
    explainers.clear();
    metricsLog.clear();
    metricsExport.update();
    if (resume) await api.start();
  }

  const picker = new LayoutPicker(byId('layout-panel'), shipped, setup.layout.text === undefined ? setup.layout.name : DEFAULT_LAYOUT,
    (next) => serial(() => switchTo(next, running)));
  let firstChoice = picker.shippedChoice(DEFAULT_LAYOUT);
  try {
    firstChoice = setup.layout.text === undefined ? picker.shippedChoice(setup.layout.name) : chooseLayout(setup.layout.text, setup.layout.name, 0);
    if (setup.layout.text !== undefined) picker.addFile(firstChoice);
  } catch (err) {
    link.warnings.push(`the link's layout: ${err instanceof Error ? err.message : String(err)}; using ${DEFAULT_LAYOUT}`);
  }
  if (link.warnings.length > 0) showError(link.warnings.join('\n'));
  let lastParams: RlSnapshot['params'] | null = null;
  new ShareButton(byId('restart-settings'), () => ({
    layout: picker.shared(), seed, restart: restart.applied(),
    live: lastParams ? {
      epsilonMode: lastParams.epsilonMode, epsilon: lastParams.epsilon, gamma: lastParams.gamma, learningRate: lastParams.learningRate,
      batchSize: lastParams.batchSize, targetSyncEvery: lastParams.targetSyncEvery,
    } : {},
    speedStop: Number(byId<HTMLInputElement>('speed').value), backend: preference,
  }));
  const controls = new RunControls(byId('run-controls'), {
    start: () => serial(async () => {
      wantsRunning = true;
      await api.start();
      controls.setRunning(true);
    }),
    pause: () => serial(async () => {
      wantsRunning = false;
      await api.pause();
      controls.setRunning(false);
    }),
    step: () => serial(() => api.step(1)),
    reset: () => serial(async () => {
      if (choice) await switchTo(choice, false);
      controls.setRunning(false);
    }),
    speed: async (movesPerSecond) => {
      board.smooth = smoothAt(movesPerSecond);
      currentSpeed = movesPerSecond;
      await api.setSpeed(movesPerSecond);
    },
  }, setup.speedStop ?? INITIAL_SPEED_STOP, showError);
  // Step and explain, the replay viewer and saliency (issue 10; src/ui/explain-rl).
  new StepExplainPanel(byId('step-explain'), byId<HTMLButtonElement>('btn-explain-step'), () => serial(async () => {
    if (running || wantsRunning) {
      wantsRunning = false;
      await api.pause();
      controls.setRunning(false);
    }
    return api.explainStep();
  }), ACTION_NAMES);
  const replayViewer = new ReplayViewer(byId<HTMLDetailsElement>('replay-viewer'), (from, count) => api.replayTransitions(from, count), ACTION_NAMES);
  const saliencyToggle = byId<HTMLInputElement>('saliency-toggle');
  /** The eye's latest frames and the action chosen from them (what saliency is asked about). */
  let eyeFrames: { frames: Uint8Array; action: number } | null = null;
  const saliency = new SaliencyPoller((obs, action) => api.saliency(obs, action), ({ frames, map }) => eye.drawSaliency(frames, map.values), (err) => {
    setSaliency(false);
    showError(err);
  });
  function setSaliency(on: boolean): void {
    saliencyToggle.checked = on;
    saliency.enabled = on;
    eye.setSaliencyMode(on);
    if (eyeFrames && on) saliency.offer(eyeFrames.frames, eyeFrames.action);
    if (eyeFrames && !on) eye.draw(eyeFrames.frames);
  }
  saliencyToggle.addEventListener('change', () => setSaliency(saliencyToggle.checked));
  const shortcuts = new Shortcuts(byId('help-overlay'), {
    toggleRun: () => controls.toggle(),
    step: () => controls.press('step'),
    reset: () => controls.press('reset'),
    move: (direction) => void serial(() => api.steer(MOVES[direction])).catch(showError),
    escape: () => {
      if (humanMode) void serial(() => api.leaveHuman()).catch(showError);
    },
  });
  byId('btn-help').addEventListener('click', () => shortcuts.show());
  new AgentCard(byId('agent-card'), api, serial);
  const snapshotCost = new CostMeter();
  window.__paclab = {
    qValues: async (obs) => Array.from(await api.qValues(Uint8Array.from(obs), 1)),
    snapshotCost: () => snapshotCost.take(),
    autosaveNow: () => autosave.saveNow(),
    killWorker: () => supervisor.kill(),
    injectFault: async (kind) => api.injectFault(kind),
    restarts: () => supervisor.restarts,
    longestWorkerSilence: () => Math.round(supervisor.longestSilenceMs),
  };

  /** The latest snapshot: the game a dream starts from. */
  let lastSnapshot: RlSnapshot | null = null;
  const drawSnapshot = (s: RlSnapshot): void => {
    lastSnapshot = s;
    running = s.running;
    lastUpdates = s.updates;
    controls.setRunning(s.running);
    humanMode = s.mode === 'human';
    humanBanner.dataset.mode = s.mode;
    if (runAlert.textContent !== (s.alert ?? '')) {
      runAlert.textContent = s.alert ?? '';
      runAlert.hidden = !s.alert;
    }
    const bannerText = humanBannerText(s.human);
    if (humanBanner.textContent !== bannerText) humanBanner.textContent = bannerText;
    board.push(s.board);
    boardHost.dataset.pacman = `${s.board.pacman.x},${s.board.pacman.y}`;
    renderHud(hud, hudFields(s.board, maxSteps));
    eye.draw(s.frames);
    eyeFrames = { frames: s.frames, action: s.action };
    saliency.offer(s.frames, s.action);
    replayViewer.setSize(s.replay.size);
    bars.draw(s.qValues, s.action, s.randomAction, s.epsilon, humanMode, s.allowed);
    status.update(s);
    params.sync(s);
    lastParams = s.params;
    charts.push(s);
    explainers.push(s);
    metricsLog.push(s.recentEpisodes, s.lastReport);
    metricsExport.update();
  };
  const onSnapshot = (s: RlSnapshot): void => snapshotCost.time(() => drawSnapshot(s));

  await switchTo(firstChoice, false).catch((err: unknown) => {
    throw new Error(`the RL worker failed to start: ${err instanceof Error ? err.message : String(err)}`);
  });
  if (Object.keys(setup.live).length > 0) await api.setParams(setup.live);
  await api.subscribe(Comlink.proxy(onSnapshot));
  await api.setSpeed(currentSpeed);
  board.smooth = smoothAt(currentSpeed);
  supervisor.watch();
  autosave.start(showError);
  document.body.dataset.ready = 'true';
  // The generative lab starts after the agent is up, so it never delays the game.
  void startGenLab(byId('gen-lab'), gen, api, preference, showError, () => shownGameOf(lastSnapshot, choice, seed, restart.applied())).catch((err: unknown) => {
    showError(`the generative lab failed to start: ${err instanceof Error ? err.message : String(err)}`);
  });
}
