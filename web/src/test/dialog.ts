/**
 * jsdom has <dialog> but not its methods. This stands in for the browser's part only:
 * showModal/close toggle `open`, and Escape fires a cancelable `cancel` event on the open
 * dialog (closing it unless a handler prevents that), as browsers do.
 */
export function polyfillDialog(): void {
  const proto = HTMLDialogElement.prototype as HTMLDialogElement & { polyfilled?: boolean };
  if (proto.polyfilled) return;
  proto.polyfilled = true;
  proto.showModal = function showModal(this: HTMLDialogElement) {
    this.open = true;
  };
  proto.close = function close(this: HTMLDialogElement) {
    if (!this.open) return;
    this.open = false;
    this.dispatchEvent(new Event('close'));
  };
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    const dialog = document.querySelector<HTMLDialogElement>('dialog[open]');
    if (dialog && dialog.dispatchEvent(new Event('cancel', { cancelable: true }))) dialog.close();
  });
}
