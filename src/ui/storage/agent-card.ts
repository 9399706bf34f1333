/**
 * The Agent card: save the run's networks in IndexedDB under a name and load them back, or
 * download / upload them as a single .paclab file. Every failure (no IndexedDB, quota, a file
 * that is not a checkpoint, a checkpoint for another architecture) is shown in the card and
 * leaves the run as it was: the worker validates a checkpoint before it replaces anything.
 */
import type { StoredCheckpointInfo } from '../../tf/checkpoint-store.js';
import { packBundleFile, unpackBundleFile } from '../../tf/tensor-bundle.js';
import type { EncodedCheckpoint } from '../../rl/checkpoint.js';
import { downloadFile } from '../download.js';
import { checkName, checkpointFileName, formatBytes, formatSavedAt } from './format.js';

/** The worker calls the card needs (a subset of RlWorkerApi, as the page's Comlink remote has them). */
export interface CheckpointActions {
  saveCheckpoint(): Promise<EncodedCheckpoint>;
  loadCheckpoint(checkpoint: EncodedCheckpoint, source?: string): Promise<void>;
  storeCheckpoint(key: string): Promise<StoredCheckpointInfo>;
  restoreStoredCheckpoint(key: string): Promise<void>;
  listStoredCheckpoints(): Promise<StoredCheckpointInfo[]>;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class AgentCard {
  private readonly nameInput: HTMLInputElement;
  private readonly list: HTMLElement;
  private readonly status: HTMLElement;
  private busy = false;

  /** `serial` runs a task after any run change under way (the page's queue). */
  constructor(root: HTMLElement, private readonly api: CheckpointActions, private readonly serial: <T>(task: () => Promise<T>) => Promise<T>) {
    const q = <T extends HTMLElement>(sel: string) => {
      const el = root.querySelector<T>(sel);
      if (!el) throw new Error(`the Agent card has no ${sel}`);
      return el;
    };
    this.nameInput = q<HTMLInputElement>('#agent-name');
    this.list = q('#agent-saved');
    this.status = q('#agent-message');
    const upload = q<HTMLInputElement>('#agent-file');
    q('#agent-save').addEventListener('click', () => void this.save());
    this.nameInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') void this.save();
    });
    q('#agent-download').addEventListener('click', () => void this.task('downloading', async () => {
      const cp = await this.serial(() => this.api.saveCheckpoint());
      const name = checkpointFileName(this.nameInput.value);
      downloadFile(name, packBundleFile(cp.header, cp.blob), 'application/octet-stream');
      return `downloaded ${name}`;
    }));
    upload.addEventListener('change', () => {
      const file = upload.files?.[0];
      upload.value = '';
      if (file) void this.upload(file);
    });
    void this.refresh();
  }

  /** Re-reads the saved list from IndexedDB. */
  async refresh(): Promise<void> {
    try {
      this.render(await this.api.listStoredCheckpoints());
    } catch (err) {
      this.render([]);
      this.show(message(err), true);
    }
  }

  private async save(): Promise<void> {
    const checked = checkName(this.nameInput.value);
    if ('error' in checked) return this.show(checked.error, true);
    await this.task('saving', async () => {
      const info = await this.serial(() => this.api.storeCheckpoint(checked.name));
      await this.refresh();
      return `saved "${info.key}" (${formatBytes(info.bytes)})`;
    });
  }

  private async upload(file: File): Promise<void> {
    await this.task('loading', async () => {
      const cp = unpackBundleFile(new Uint8Array(await file.arrayBuffer()), file.name);
      await this.serial(() => this.api.loadCheckpoint(cp, file.name));
      return `loaded ${file.name}`;
    });
  }

  private render(items: StoredCheckpointInfo[]): void {
    this.list.replaceChildren();
    if (items.length === 0) {
      const empty = document.createElement('li');
      empty.className = 'hint';
      empty.textContent = 'no saved agents yet';
      this.list.append(empty);
      return;
    }
    for (const item of [...items].sort((a, b) => b.savedAt.localeCompare(a.savedAt))) {
      const li = document.createElement('li');
      li.dataset.key = item.key;
      const name = document.createElement('span');
      name.className = 'agent-key';
      name.textContent = item.key;
      const meta = document.createElement('span');
      meta.className = 'hint';
      meta.textContent = `${formatSavedAt(item.savedAt)} · ${formatBytes(item.bytes)}`;
      const load = document.createElement('button');
      load.type = 'button';
      load.textContent = 'Load';
      load.setAttribute('aria-label', `load saved agent ${item.key}`);
      load.addEventListener('click', () => void this.task('loading', async () => {
        await this.serial(() => this.api.restoreStoredCheckpoint(item.key));
        return `loaded "${item.key}"`;
      }));
      li.append(name, meta, load);
      this.list.append(li);
    }
  }

  /** One card action at a time; its result or error goes to the message line. */
  private async task(doing: string, action: () => Promise<string>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.show(`${doing}…`, false);
    try {
      this.show(await action(), false);
    } catch (err) {
      this.show(message(err), true);
    } finally {
      this.busy = false;
    }
  }

  private show(text: string, error: boolean): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', error);
  }
}
