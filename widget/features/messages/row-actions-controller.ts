import type { ReactiveControllerHost } from 'lit';
import type { Outbox } from '../composer/outbox.js';
import type { ReactionsController } from '../reactions/reactions-controller.js';
import type { MessagesController } from './messages-controller.js';
import type { MessageWindowController } from './message-window.js';
import { nextRow } from './roving-focus.js';

/** What the rows' actions need from the rest of the chat. */
export interface RowActionTargets {
  startEdit(serial: string): void;
  /** Shows why an action was refused (above the composer). */
  showError(err: unknown): void;
  /** Someone pressed Retry on a failed message: the chat should try to connect now. */
  reconnect(): void;
  /** Someone opened a photo: its full view. */
  viewFile(id: string): void;
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * What the reader does with the list's rows, handled once for the whole list (each interactive part of a row
 * carries `data-action`): the focused row (one tab stop, roving tabindex; arrows, Home and End move it, across
 * the window's edge too), the hovered one, a delete awaiting confirmation, reacting, editing, deleting,
 * retrying and discarding, and opening a photo.
 */
export class RowActionsController {
  /** The row the reader moved to; the view falls back to the newest when it is gone. */
  activeKey?: string;
  hoverKey?: string;
  confirmKey?: string;

  constructor(
    private readonly _host: Host,
    private readonly _messages: MessagesController,
    private readonly _outbox: Outbox,
    private readonly _window: MessageWindowController,
    private readonly _reactions: ReactionsController,
    private readonly _targets: RowActionTargets,
    private readonly _rowAt: (index: number) => HTMLElement | null,
  ) {}

  /** Focus moved to `target` (a row, or something in it): that row holds the list's tab stop. */
  focus(target: Element): void {
    const key = keyOf(target);
    if (key) this._set({ activeKey: key });
  }

  /** The pointer is over `target`: its row shows its actions. */
  hover(target: Element): void {
    const key = keyOf(target);
    if (key) this._set({ hoverKey: key });
  }

  /** A press on `pressed`: the action of the nearest `data-action` around it, for its row. */
  click(pressed: Element): void {
    const target = pressed.closest<HTMLElement>('[data-action]');
    if (!target) return;
    const key = keyOf(target);
    const action = target.dataset.action;
    if (action === 'jump') return this._window.scrollToBottom();
    if (action === 'view-file') return this._targets.viewFile(target.dataset.file!);
    if (!key) return;
    const message = this._messages.bySerial(key);
    switch (action) {
      case 'react':
      case 'pick':
        this._reactions.closePicker();
        if (message) this._reactions.toggle(message, target.dataset.emoji!).catch(this._targets.showError);
        return;
      case 'picker':
        return this._reactions.togglePicker({ message: key });
      case 'edit':
        return this._targets.startEdit(key);
      case 'ask-delete':
        return this._set({ confirmKey: key });
      case 'cancel-delete':
        return this._set({ confirmKey: undefined });
      case 'confirm-delete':
        this._set({ confirmKey: undefined });
        if (message) this._outbox.remove(message).catch(this._targets.showError);
        return;
      case 'retry':
        // Someone retrying expects the chat to come back now, not at the SDK's next scheduled attempt.
        this._targets.reconnect();
        void this._outbox.retry(key);
        return;
      case 'discard':
        return this._outbox.discard(key);
    }
  }

  /** Escape closes the picker and the confirmation; Up/Down/Home/End move between rows (then Tab reaches actions). */
  readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      // Spent when it closed something here, so a popover around the element (a launcher's) stays open.
      if (this._reactions.closePicker() || this.confirmKey !== undefined) event.preventDefault();
      this._set({ confirmKey: undefined });
      return;
    }
    const count = this._messages.count;
    const current = this.activeKey === undefined ? -1 : this._messages.indexOf(this.activeKey);
    const to = nextRow(event.key, current, count);
    if (to === undefined) return;
    event.preventDefault();
    this._set({ activeKey: this._messages.keyAt(to) });
    this._window.reveal(to);
    void this._host.updateComplete.then(() => this._rowAt(to)?.focus());
  };

  private _set(next: Partial<Pick<RowActionsController, 'activeKey' | 'hoverKey' | 'confirmKey'>>): void {
    let changed = false;
    for (const [name, value] of Object.entries(next) as [keyof typeof next, string | undefined][]) {
      if (this[name] === value) continue;
      this[name] = value;
      changed = true;
    }
    if (changed) this._host.requestUpdate();
  }
}

/** The key of the row `target` is in. */
function keyOf(target: Element): string | undefined {
  return target.closest<HTMLElement>('[data-key]')?.dataset.key;
}
