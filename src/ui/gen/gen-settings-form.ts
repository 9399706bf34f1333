/**
 * A gen panel's settings: dataset, conditional, seed and the model's main settings. They apply
 * when "Apply" rebuilds the model (the panel says which are pending); what the worker reports
 * back is what the form then shows.
 */
import type { GenSlotSettings } from '../../gen/slot-config.js';
import type { GenModelName } from '../../gen/types.js';
import { changedFields, CHOICES, FIELD_LABELS, type GenField, MODEL_FIELDS } from './gen-settings.js';

export class GenSettingsForm {
  readonly root: HTMLElement;
  private readonly inputs = new Map<GenField, HTMLInputElement | HTMLSelectElement>();
  private readonly pending: HTMLElement;
  private applied: GenSlotSettings;

  /** `apply` rebuilds the model and resolves with the settings now in force. */
  constructor(private readonly model: GenModelName, initial: GenSlotSettings, private readonly apply: (s: GenSlotSettings) => Promise<GenSlotSettings>) {
    this.applied = { ...initial };
    this.root = document.createElement('div');
    this.root.className = 'gen-settings params';
    const fields: GenField[] = ['data', 'conditional', 'seed', ...MODEL_FIELDS[model]];
    for (const field of fields) this.root.append(this.row(field, initial));
    const actions = document.createElement('div');
    actions.className = 'gen-apply-row';
    const button = document.createElement('button');
    button.type = 'button';
    button.id = `${model}-apply`;
    button.textContent = 'Apply';
    button.setAttribute('aria-label', `apply the ${model} settings (rebuilds the model)`);
    this.pending = document.createElement('span');
    this.pending.className = 'hint pending';
    this.pending.id = `${model}-pending`;
    button.addEventListener('click', () => {
      const next = this.read();
      if (!next) return;
      this.apply(next).then((inForce) => {
        this.applied = { ...inForce };
        this.write(inForce);
        this.mark();
        this.showError('');
      }, (err: unknown) => this.showError(err instanceof Error ? err.message : String(err)));
    });
    actions.append(button, this.pending);
    this.root.append(actions);
    this.mark();
  }

  /** The worker's settings in force: the form shows them unless a change is pending. */
  sync(settings: GenSlotSettings): void {
    const wasPending = changedFields(this.applied, this.read() ?? this.applied).length > 0;
    this.applied = { ...settings };
    if (!wasPending) this.write(settings);
    this.mark();
  }

  private row(field: GenField, initial: GenSlotSettings): HTMLElement {
    const label = document.createElement('label');
    label.className = field === 'conditional' ? 'row check' : 'row';
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = FIELD_LABELS[field];
    let input: HTMLInputElement | HTMLSelectElement;
    if (field === 'conditional') {
      input = Object.assign(document.createElement('input'), { type: 'checkbox' });
    } else if (field === 'seed') {
      input = Object.assign(document.createElement('input'), { type: 'number', min: '0', step: '1' });
    } else {
      const select = document.createElement('select');
      for (const v of CHOICES[field]) select.add(new Option(String(v), String(v)));
      input = select;
    }
    input.id = `${this.model}-${field}`;
    input.setAttribute('aria-label', `${this.model} ${FIELD_LABELS[field]}`);
    input.addEventListener('input', () => this.mark());
    input.addEventListener('change', () => this.mark());
    this.inputs.set(field, input);
    label.append(name, input);
    this.write(initial);
    return label;
  }

  private write(s: GenSlotSettings): void {
    for (const [field, input] of this.inputs) {
      if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = Boolean(s[field]);
      else if (input instanceof HTMLSelectElement && ![...input.options].some((o) => o.value === String(s[field]))) {
        input.add(new Option(String(s[field]), String(s[field])));
        input.value = String(s[field]);
      } else input.value = String(s[field]);
    }
  }

  /** The form's settings, or null with the reason shown when the seed is not an integer >= 0. */
  private read(): GenSlotSettings | null {
    const next: GenSlotSettings = { ...this.applied };
    for (const [field, input] of this.inputs) {
      if (field === 'conditional') next.conditional = (input as HTMLInputElement).checked;
      else if (field === 'data') next.data = input.value as GenSlotSettings['data'];
      else {
        const v = Number(input.value);
        if (field === 'seed' && !(/^\d+$/.test(input.value.trim()))) return null;
        next[field] = v;
      }
    }
    if (next.data === 'frames') next.conditional = false;
    return next;
  }

  private mark(): void {
    // Frames have no classes: the conditional box is off and disabled there.
    const conditional = this.inputs.get('conditional') as HTMLInputElement | undefined;
    if (conditional) {
      const frames = this.inputs.get('data')?.value === 'frames';
      conditional.disabled = frames;
      if (frames) conditional.checked = false;
    }
    const next = this.read();
    const changed = next ? changedFields(this.applied, next) : ['seed' as GenField];
    this.pending.textContent = next ? (changed.length > 0 ? `applies on Apply: ${changed.map((f) => FIELD_LABELS[f]).join(', ')}` : '') : 'the seed must be an integer >= 0';
  }

  private showError(text: string): void {
    if (text) this.pending.textContent = text;
    this.pending.classList.toggle('error', Boolean(text));
  }
}
