/**
 * "Step and explain": a button that pauses the run, asks the worker for one env step and one
 * training update, and a panel showing every quantity of that update with the numbers the
 * worker reported: the step, the batch, one sample's stacked frames s and s', its TD target,
 * TD error and Huber loss, and what plain DQN's target would have been.
 */
import type { UpdateExplanation } from '../../rl/explain/types.js';
import { FrameStrip } from './frame-strip.js';
import { renderLines } from './render-lines.js';
import { nextQRows, tdLines, updateLines } from './td-text.js';

const STACK_CAPTIONS = ['t-3', 't-2', 't-1', 't'] as const;

export class StepExplainPanel {
  private readonly status: HTMLElement;
  private readonly updateList: HTMLElement;
  private readonly tdList: HTMLElement;
  private readonly state = new FrameStrip(STACK_CAPTIONS, "the sample's state s");
  private readonly next = new FrameStrip(STACK_CAPTIONS.map((c) => c.replace('t', "t'")), "the sample's next state s′");
  private readonly table: HTMLTableSectionElement;
  private busy = false;

  /** `run` pauses the run if needed and resolves with the worker's explanation (or rejects with why not). */
  constructor(
    private readonly host: HTMLElement,
    private readonly button: HTMLButtonElement,
    private readonly run: () => Promise<UpdateExplanation>,
    private readonly names: readonly string[],
  ) {
    host.classList.add('explain-rl');
    const head = document.createElement('div');
    head.className = 'explain-rl-head';
    const title = document.createElement('h2');
    title.id = 'step-explain-title';
    title.innerHTML = 'Step and explain <span class="hint">one step of every env, one training update, its numbers</span>';
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'explain-rl-close';
    close.textContent = '×';
    close.setAttribute('aria-label', 'close the step explanation');
    close.addEventListener('click', () => this.close());
    head.append(title, close);
    host.setAttribute('role', 'region');
    host.setAttribute('aria-labelledby', title.id);
    this.status = document.createElement('p');
    this.status.className = 'explain-rl-status';
    this.status.setAttribute('role', 'status');
    this.updateList = document.createElement('dl');
    this.updateList.className = 'explain-rl-lines';
    this.updateList.dataset.part = 'update';
    const frames = document.createElement('div');
    frames.className = 'explain-rl-frames';
    frames.append(caption('s: the sample’s state (oldest to newest)'), this.state.element, caption('s′: its state n steps later'), this.next.element);
    this.tdList = document.createElement('dl');
    this.tdList.className = 'explain-rl-lines';
    this.tdList.dataset.part = 'td';
    const table = document.createElement('table');
    table.className = 'explain-rl-table';
    table.innerHTML = '<caption>Q-values of s′ (a* marked)</caption><thead><tr><th scope="col">a′</th><th scope="col">Q_target(s′, a′)</th><th scope="col">Q_online(s′, a′)</th></tr></thead>';
    this.table = table.createTBody();
    host.append(head, this.status, this.updateList, frames, this.tdList, table);
    host.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.close();
      }
    });
    button.addEventListener('click', () => void this.explain());
  }

  /** Steps, updates and shows the explanation; a refusal (e.g. too few transitions) is shown in the panel. */
  async explain(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    // aria-disabled, not disabled: a disabled button drops keyboard focus, and a person pressing
    // Enter again and again should stay on it (presses while busy are ignored above).
    this.button.setAttribute('aria-disabled', 'true');
    this.host.hidden = false;
    this.host.dataset.state = 'busy';
    this.status.textContent = 'Stepping and updating…';
    try {
      const e = await this.run();
      this.show(e);
      this.host.dataset.state = 'shown';
      this.status.textContent = `Update ${e.updates.toLocaleString('en-US')} explained (env step ${e.envSteps.toLocaleString('en-US')}).`;
    } catch (err) {
      this.host.dataset.state = 'error';
      this.status.textContent = `No update to explain: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      this.busy = false;
      this.button.removeAttribute('aria-disabled');
    }
  }

  private show(e: UpdateExplanation): void {
    renderLines(this.updateList, updateLines(e, this.names));
    renderLines(this.tdList, tdLines(e.sample, this.names));
    this.state.draw(e.frames);
    this.next.draw(e.nextFrames);
    this.table.replaceChildren(...nextQRows(e.sample, this.names).map((r) => {
      const tr = document.createElement('tr');
      if (r.star) tr.className = 'explain-rl-star';
      for (const text of [r.star ? `${r.action} (a*)` : r.action, r.target, r.online]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    }));
  }

  private close(): void {
    this.host.hidden = true;
    this.button.focus();
  }
}

function caption(text: string): HTMLElement {
  const p = document.createElement('p');
  p.className = 'explain-rl-caption';
  p.textContent = text;
  return p;
}
