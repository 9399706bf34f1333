/**
 * "Copy link": puts a link to the running set-up (see share-link.ts) in the field beside the
 * button and on the clipboard. Where the clipboard is refused the link stays selected in the
 * field, to copy by hand.
 */
import { encodeSetup, type SharedSetup } from './share-link.js';

export class ShareButton {
  constructor(root: HTMLElement, private readonly current: () => SharedSetup) {
    const button = root.querySelector<HTMLButtonElement>('#copy-link')!;
    const field = root.querySelector<HTMLInputElement>('#share-url')!;
    button.addEventListener('click', () => {
      const url = `${location.origin}${location.pathname}?${encodeSetup(this.current())}`;
      field.value = url;
      field.dataset.url = url;
      field.select();
      navigator.clipboard?.writeText(url).then(
        () => (button.textContent = 'Copied'),
        () => (button.textContent = 'Copy link'),
      );
      setTimeout(() => (button.textContent = 'Copy link'), 2000);
    });
  }
}
