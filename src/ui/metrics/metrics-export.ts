/** The "Export CSV" / "Export JSONL" buttons: download every row the page's MetricsLog holds. */
import { downloadFile } from '../download.js';
import { type MetricsLog, metricsToCsv, metricsToJsonl } from './metrics-log.js';

export class MetricsExport {
  private readonly count: HTMLElement;

  constructor(root: HTMLElement, private readonly log: MetricsLog, private readonly fileStem: () => string) {
    const q = (sel: string) => {
      const el = root.querySelector<HTMLElement>(sel);
      if (!el) throw new Error(`the metrics card has no ${sel}`);
      return el;
    };
    this.count = q('#metrics-count');
    q('#export-csv').addEventListener('click', () => downloadFile(`${this.fileStem()}.csv`, metricsToCsv(this.log.all()), 'text/csv'));
    q('#export-jsonl').addEventListener('click', () => downloadFile(`${this.fileStem()}.jsonl`, metricsToJsonl(this.log.all()), 'application/x-ndjson'));
    this.update();
  }

  /** Shows how many rows an export would hold (cheap: call per snapshot). */
  update(): void {
    const n = String(this.log.size);
    if (this.count.textContent !== n) this.count.textContent = n;
  }
}
