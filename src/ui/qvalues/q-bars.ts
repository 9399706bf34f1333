/** Five Q-value bars (one per action) growing from a zero line; the chosen action is marked. */
import { choiceLabel, qBars } from './q-bars-model.js';

export class QValueBars {
  private readonly rows: { root: HTMLElement; bar: HTMLElement; value: HTMLElement }[] = [];
  private readonly label: HTMLElement;

  constructor(host: HTMLElement, actionNames: readonly string[]) {
    const list = document.createElement('div');
    list.className = 'q-list';
    for (const name of actionNames) {
      const root = document.createElement('div');
      root.className = 'q-row';
      root.innerHTML = `<span class="q-name">${name}</span><span class="q-track"><span class="q-zero"></span><span class="q-bar"></span></span><span class="q-value">–</span>`;
      list.append(root);
      this.rows.push({ root, bar: root.querySelector('.q-bar')!, value: root.querySelector('.q-value')! });
    }
    this.label = document.createElement('div');
    this.label.className = 'q-choice';
    this.label.dataset.testid = 'choice';
    host.append(list, this.label);
  }

  /**
   * `byPerson`: the action is a person's move and the bars are the agent's opinion of that
   * position. `allowed`: the actions the choice was among; the others show "wall" and no bar.
   */
  draw(qValues: readonly number[], action: number, randomAction: boolean, epsilon: number, byPerson = false, allowed?: readonly boolean[]): void {
    qBars(qValues, action, allowed).forEach((b, i) => {
      const row = this.rows[i];
      if (!row) return;
      const pct = Math.abs(b.extent) * 50;
      row.bar.style.width = `${pct}%`;
      row.bar.style.left = b.extent >= 0 ? '50%' : `${50 - pct}%`;
      row.bar.classList.toggle('negative', b.extent < 0);
      row.root.classList.toggle('chosen', b.chosen);
      row.root.classList.toggle('best', b.best);
      row.root.classList.toggle('disallowed', !b.allowed);
      row.root.title = b.allowed ? '' : 'a move into a wall: the agent picks among legal moves only, so this value is never trained';
      row.value.textContent = action < 0 ? '–' : !b.allowed ? 'wall' : (Math.abs(b.value) < 5e-4 ? 0 : b.value).toFixed(3);
    });
    this.label.textContent = choiceLabel(action, randomAction, epsilon, byPerson);
    this.label.classList.toggle('random', randomAction && action >= 0);
  }
}
