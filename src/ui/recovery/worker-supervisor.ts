/**
 * Keeps a worker alive for the page. It notices a worker that dies, by its 'error' event (an
 * exception nobody caught, reported at once) or by its silence (no answer to a heartbeat ping
 * for HEARTBEAT_TIMEOUT_MS: a worker killed outright sends nothing), then starts a fresh one and
 * lets the page rebuild its state on it (`onRestart`).
 *
 * `api` forwards every call to the current worker, so the page keeps one reference across
 * restarts. A call in flight when its worker dies would never settle (Comlink waits forever):
 * it is rejected instead, with the reason, so nothing the page chains on it hangs. Calls made
 * while a restart is under way wait until the page has rebuilt the run (`onRestart` itself
 * talks to the new worker through `direct`).
 */
import * as Comlink from 'comlink';

/** Ping this often; a worker silent for HEARTBEAT_TIMEOUT_MS is taken for dead. */
export const HEARTBEAT_MS = 250;
/**
 * How long a silent worker is given before it is taken for dead. A worker answers pings between
 * its steps, and inside a step of several updates about every 100 ms (session.ts,
 * MID_TICK_YIELD_MS). On the CPU backend the longest silence of a live worker training in turbo on
 * a 2-core machine was ~220 ms beyond the ping period (tests/e2e/play.test.ts prints it); with
 * four training processes beside the browser on those 2 cores (session 18) a live worker went
 * past 1 s and was restarted from its autosave, losing its steps since. So 3 s: a killed worker
 * is still noticed within seconds, and a starved one (a busy laptop) is left alone. On WebGPU and
 * WebGL the backend compiles a shader program synchronously the first time each kernel runs
 * (seconds on SwiftShader, at any point of a run: the first update comes after thousands of
 * steps), so there a silent worker gets longer. An uncaught error is noticed at once either way.
 */
export const HEARTBEAT_TIMEOUT_MS: Readonly<Record<'cpu' | 'gpu', number>> = { cpu: 3_000, gpu: 15_000 };

/** More restarts than this within RESTART_WINDOW_MS: the worker keeps dying, stop restarting it. */
export const MAX_RESTARTS = 3;
export const RESTART_WINDOW_MS = 60_000;

export interface Pingable {
  ping(): number;
}

export class WorkerSupervisor<T extends Pingable> {
  readonly api: Comlink.Remote<T>;
  private worker: Worker;
  private remote: Comlink.Remote<T>;
  private lastAnswer = performance.now();
  private restarting = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Rejects when the current worker dies: every call races it. */
  private death = WorkerSupervisor.deathSignal();
  /** Resolves when no restart is under way: calls through `api` wait for it. */
  private settled: Promise<void> = Promise.resolve();
  /** Restarts so far (tests read it; the page says it). */
  restarts = 0;
  private readonly restartTimes: number[] = [];
  /** The longest a live worker has gone without answering a ping, in ms (for tuning the timeout). */
  longestSilenceMs = 0;
  /** Silence taken for death: set from the backend the worker runs (see HEARTBEAT_TIMEOUT_MS). */
  timeoutMs = HEARTBEAT_TIMEOUT_MS.gpu;

  /** `onRestart(reason)`: the new worker is up; rebuild the run on it. */
  /** `onGiveUp(reason)`: it died MAX_RESTARTS times within RESTART_WINDOW_MS; it stays down. */
  constructor(private readonly spawn: () => Worker, private readonly onRestart: (reason: string) => Promise<void>,
    private readonly onGiveUp: (reason: string) => void) {
    this.worker = this.start();
    this.remote = Comlink.wrap<T>(this.worker);
    const self = this;
    this.api = new Proxy({} as Comlink.Remote<T>, {
      get(_, key) {
        return async (...args: unknown[]): Promise<unknown> => {
          await self.settled;
          const method = (self.remote as unknown as Record<string | symbol, (...a: unknown[]) => Promise<unknown>>)[key];
          return Promise.race([method(...args), self.death.promise]);
        };
      },
    });
  }

  /** The current worker itself, for the page's recovery while `api` holds other calls back. */
  get direct(): Comlink.Remote<T> {
    return this.remote;
  }

  /** Starts watching the worker's heartbeat (call once the worker has been initialised). */
  watch(): void {
    if (this.timer !== null) return;
    this.lastAnswer = performance.now();
    this.timer = setInterval(() => this.beat(), HEARTBEAT_MS);
  }

  /** Test hook: kills the worker outright, as the browser would on a crash; the heartbeat notices. */
  kill(): void {
    this.worker.terminate();
  }

  private start(): Worker {
    const worker = this.spawn();
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      void this.restart(`it failed: ${e.message || 'an error it did not catch'}`);
    });
    return worker;
  }

  private beat(): void {
    if (this.restarting) return;
    const silence = performance.now() - this.lastAnswer;
    if (silence > this.timeoutMs) {
      void this.restart(`it stopped answering for ${(this.timeoutMs / 1000).toFixed(1)} s`);
      return;
    }
    void this.remote.ping().then(() => {
      const now = performance.now();
      this.longestSilenceMs = Math.max(this.longestSilenceMs, now - this.lastAnswer - HEARTBEAT_MS);
      this.lastAnswer = now;
    }, () => undefined);
  }

  private static deathSignal(): { promise: Promise<never>; reject: (err: Error) => void } {
    let reject: (err: Error) => void = () => undefined;
    const promise = new Promise<never>((_, r) => (reject = r));
    promise.catch(() => undefined); // no unhandled rejection while no call is in flight
    return { promise, reject };
  }

  private async restart(reason: string): Promise<void> {
    if (this.restarting) return;
    this.restarting = true;
    this.restarts++;
    this.death.reject(new Error(`the agent's worker stopped (${reason}): this call was lost; the page restarts the worker`));
    this.death = WorkerSupervisor.deathSignal();
    const now = performance.now();
    this.restartTimes.push(now);
    while (this.restartTimes.length > 0 && now - this.restartTimes[0] > RESTART_WINDOW_MS) this.restartTimes.shift();
    if (this.restartTimes.length > MAX_RESTARTS) {
      this.worker.terminate();
      if (this.timer !== null) clearInterval(this.timer);
      this.onGiveUp(`${reason}; it stopped ${this.restartTimes.length} times within ${RESTART_WINDOW_MS / 1000} s, so the page leaves it down: reload the page`);
      return;
    }
    this.worker.terminate();
    this.remote[Comlink.releaseProxy]();
    this.worker = this.start();
    this.remote = Comlink.wrap<T>(this.worker);
    let open = (): void => undefined;
    this.settled = new Promise<void>((resolve) => (open = resolve));
    try {
      await this.onRestart(reason);
    } finally {
      this.lastAnswer = performance.now();
      this.restarting = false;
      open();
    }
  }
}
