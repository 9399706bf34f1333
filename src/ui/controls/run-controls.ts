/** Start / Pause / Step / Reset and the speed slider (watch ... turbo). */
import { SPEED_STOPS } from './run-config.js';

export interface RunActions {
  start(): Promise<void>;
  pause(): Promise<void>;
  step(): Promise<void>;
  reset(): Promise<void>;
  speed(movesPerSecond: number): Promise<void>;
}

export class RunControls {
  private readonly buttons: Record<'start' | 'pause' | 'step' | 'reset', HTMLButtonElement>;
  private readonly speedLabel: HTMLElement;
  private running = false;
  private busy = false;

  constructor(root: HTMLElement, private readonly actions: RunActions, initialStop: number, private readonly onError: (err: unknown) => void) {
    const button = (id: string) => root.querySelector<HTMLButtonElement>(`#${id}`)!;
    this.buttons = { start: button('btn-start'), pause: button('btn-pause'), step: button('btn-step'), reset: button('btn-reset') };
    for (const key of ['start', 'pause', 'step', 'reset'] as const) {
      this.buttons[key].addEventListener('click', () => void this.run(() => this.actions[key]()));
    }
    const speed = root.querySelector<HTMLInputElement>('#speed')!;
    this.speedLabel = root.querySelector<HTMLElement>('#speed-value')!;
    speed.min = '0';
    speed.max = String(SPEED_STOPS.length - 1);
    speed.step = '1';
    speed.value = String(initialStop);
    this.speedLabel.textContent = SPEED_STOPS[initialStop].label;
    speed.addEventListener('input', () => {
      const stop = SPEED_STOPS[Number(speed.value)];
      this.speedLabel.textContent = stop.label;
      void this.actions.speed(stop.movesPerSecond).catch(this.onError);
    });
    this.refresh();
  }

  /** The worker's running state from its latest snapshot. */
  setRunning(running: boolean): void {
    if (running === this.running) return;
    this.running = running;
    this.refresh();
  }

  /** Keyboard: Start when paused, Pause when running; ignored while an action is under way. */
  toggle(): void {
    this.press(this.running ? 'pause' : 'start');
  }

  /** Keyboard: the same as clicking the button, and ignored when it is disabled. */
  press(which: 'start' | 'pause' | 'step' | 'reset'): void {
    if (!this.buttons[which].disabled) this.buttons[which].click();
  }

  /** Runs one action at a time; the buttons are disabled while it is under way. */
  private async run(action: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.refresh();
    try {
      await action();
    } catch (err) {
      this.onError(err);
    } finally {
      this.busy = false;
      this.refresh();
    }
  }

  private refresh(): void {
    this.buttons.start.disabled = this.busy || this.running;
    this.buttons.pause.disabled = this.busy || !this.running;
    this.buttons.step.disabled = this.busy || this.running;
    this.buttons.reset.disabled = this.busy;
    document.body.dataset.running = String(this.running);
  }
}
