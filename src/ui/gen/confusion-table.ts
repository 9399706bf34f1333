/**
 * The judge's confusion matrix for a conditional model's samples: rows = the class asked for,
 * columns = the class the judge sees; cells shaded by their share of the row.
 */
export class ConfusionTable {
  readonly root: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly caption: HTMLElement;

  constructor(private readonly label: string) {
    this.root = document.createElement('div');
    this.root.className = 'gen-confusion';
    this.root.hidden = true;
    this.table = document.createElement('table');
    this.caption = document.createElement('caption');
    this.root.append(this.table);
  }

  draw(confusion: number[][], classNames: readonly string[], step: number): void {
    const names = classNames.length === confusion.length ? classNames : confusion.map((_, i) => String(i));
    const short = (n: string) => (n.length > 6 ? n.replace(/^ghost-/, 'g-').replace(/^pacman-/, 'p-') : n);
    this.caption.textContent = `${this.label}, step ${step.toLocaleString('en-US')}`;
    const head = document.createElement('tr');
    head.append(document.createElement('th'), ...names.map((n) => Object.assign(document.createElement('th'), { scope: 'col', textContent: short(n) })));
    const rows = confusion.map((row, i) => {
      const tr = document.createElement('tr');
      tr.append(Object.assign(document.createElement('th'), { scope: 'row', textContent: short(names[i]) }));
      const total = row.reduce((a, b) => a + b, 0) || 1;
      for (const [j, v] of row.entries()) {
        const td = document.createElement('td');
        td.textContent = String(v);
        const share = v / total;
        td.style.background = `rgba(${i === j ? '91, 227, 125' : '255, 92, 122'}, ${(0.12 + 0.75 * share).toFixed(2)})`;
        tr.append(td);
      }
      return tr;
    });
    this.table.replaceChildren(this.caption, head, ...rows);
    this.root.hidden = false;
  }
}
