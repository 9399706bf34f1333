/**
 * Choosing the maze: a select over the shipped layouts (with the chosen one's description and
 * what the agent is measured to reach there) and a
 * file input / drop zone for any Berkeley .lay file. A file is parsed here first: a bad one shows
 * the parser's message (file, line, column) and the running game is left as it is.
 */
import { layoutToText, parseLayout, type Layout } from '../../env/layout.js';
import type { ShippedLayout } from '../layouts.js';
import { type MazeRecipe, recipeFor } from './maze-recipes.js';

export interface LayoutChoice {
  /** Parsed, for the board view's walls. */
  layout: Layout;
  /** Clean text for the worker (it parses it again). */
  text: string;
  /** Step limit; 0 = the engine's default. */
  maxSteps: number;
  /** The maze's measured configuration (a shipped maze's, maze-recipes.ts); absent: the page's default. */
  recipe?: MazeRecipe;
}

/** Builds the choice for a layout text; throws the parser's LayoutError for a bad one. */
export function chooseLayout(input: string | Uint8Array, fileName: string, maxSteps: number): LayoutChoice {
  const layout = parseLayout(input, fileName);
  return { layout, text: layoutToText(layout), maxSteps };
}

/** What the layout picker says about the settings a maze trains with. */
export function recipeText(recipe: MazeRecipe | undefined): string {
  return recipe
    ? `Trains with this maze's recipe ${recipe.name} (${recipe.file}): ${recipe.summary}.`
    : "Trains with the page's default settings (tuned on starter7).";
}

export class LayoutPicker {
  private readonly select: HTMLSelectElement;
  private readonly description: HTMLElement;
  private readonly expectation: HTMLElement;
  private readonly recipeLine: HTMLElement;
  private readonly message: HTMLElement;
  private readonly files = new Map<string, LayoutChoice>();
  private current: string;

  /**
   * `onChoose` switches the run to the layout (with the maze's recipe where it has one); it
   * rejects when the worker refuses it.
   */
  constructor(root: HTMLElement, private readonly shipped: readonly ShippedLayout[], initial: string,
    private readonly onChoose: (choice: LayoutChoice) => Promise<void>) {
    this.select = root.querySelector('#layout-select')!;
    this.description = root.querySelector('#layout-description')!;
    this.expectation = root.querySelector('#layout-expect')!;
    this.recipeLine = root.querySelector('#layout-recipe')!;
    this.message = root.querySelector('#layout-message')!;
    for (const s of shipped) this.select.append(new Option(s.name, s.name));
    this.current = initial;
    this.select.value = initial;
    this.showDescription();
    this.select.addEventListener('change', () => void this.pick(this.select.value));
    const input = root.querySelector<HTMLInputElement>('#layout-file')!;
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      input.value = '';
      if (file) void this.load(file);
    });
    // A file dropped anywhere on the page is a layout (the browser would otherwise open it and end the run).
    const zone = root.querySelector<HTMLElement>('#layout-drop')!;
    window.addEventListener('dragover', (e) => {
      e.preventDefault();
      zone.classList.add('over');
    });
    window.addEventListener('dragleave', (e) => {
      if (!e.relatedTarget) zone.classList.remove('over');
    });
    window.addEventListener('drop', (e) => {
      e.preventDefault();
      zone.classList.remove('over');
      const file = e.dataTransfer?.files[0];
      if (file) void this.load(file);
    });
  }

  /** The choice for a shipped layout by name (throws if its text does not parse). */
  shippedChoice(name: string): LayoutChoice {
    const s = this.shipped.find((l) => l.name === name);
    if (!s) throw new Error(`no shipped layout named ${name}`);
    const recipe = recipeFor(s.name);
    return { ...chooseLayout(s.text, s.name, s.maxSteps), ...(recipe ? { recipe } : {}) };
  }

  /** Adds a layout that came from elsewhere (a shared link) as a file choice and makes it current; returns its key. */
  addFile(choice: LayoutChoice): string {
    const key = `file:${choice.layout.name}`;
    this.files.set(key, choice);
    if (![...this.select.options].some((o) => o.value === key)) this.select.append(new Option(`${choice.layout.name} (file)`, key));
    this.current = key;
    this.select.value = key;
    this.showDescription();
    return key;
  }

  /** What a link needs to rebuild the current layout: a shipped name, or a file's name and text. */
  shared(): { name: string; text?: string } {
    const file = this.files.get(this.current);
    return file ? { name: file.layout.name, text: file.text } : { name: this.current };
  }

  private async pick(key: string): Promise<void> {
    try {
      const choice = this.files.get(key) ?? this.shippedChoice(key);
      await this.onChoose(choice);
      this.current = key;
      this.showMessage(choice.layout.warnings.join('\n'), 'warning');
    } catch (err) {
      this.showMessage(err instanceof Error ? err.message : String(err), 'error');
    }
    this.select.value = this.current;
    this.showDescription();
  }

  private async load(file: File): Promise<void> {
    let choice: LayoutChoice;
    try {
      choice = chooseLayout(new Uint8Array(await file.arrayBuffer()), file.name, 0);
    } catch (err) {
      this.showMessage(err instanceof Error ? err.message : String(err), 'error');
      return;
    }
    const key = `file:${choice.layout.name}`;
    this.files.set(key, choice);
    if (![...this.select.options].some((o) => o.value === key)) this.select.append(new Option(`${choice.layout.name} (file)`, key));
    await this.pick(key);
  }

  private showDescription(): void {
    const file = this.files.get(this.current);
    const s = this.shipped.find((l) => l.name === this.current);
    this.recipeLine.textContent = recipeText(file ? undefined : recipeFor(this.current));
    this.description.textContent = file
      ? `${file.layout.width}x${file.layout.height} from a file: ${file.layout.foodCount} food, ${file.layout.capsules.length} capsules, ${file.layout.ghostStarts.length} ghosts`
      : s?.description ?? '';
    this.expectation.textContent = file ? '' : s?.expect ? `What to expect: ${s.expect}` : '';
  }

  private showMessage(text: string, kind: 'error' | 'warning'): void {
    this.message.textContent = text;
    this.message.className = text ? `layout-message ${kind}` : 'layout-message';
  }
}
