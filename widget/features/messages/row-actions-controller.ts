import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { nextRow } from './roving-focus.js';
import type { TimelineMessage } from './timeline.js';
import type { MessagesController } from './messages-controller.js';
import type { ReactionsController } from '../reactions/reactions-controller.js';

/**
 * What the reader is doing with the list's rows: the focused row (one tab stop, roving tabindex), the hovered
 * one, an open reaction picker, a delete awaiting confirmation — and reacting and deleting, whose refusals the
 * composer shows.
 */
export class RowActionsController implements ReactiveController {
  /** The row the reader moved to; the view falls back to the newest when it is gone. */
  activeKey?: string;
  hoverKey?: string;
  pickerKey?: string;
  confirmKey?: string;

  constructor(
    private readonly _host: ReactiveControllerHost,
    private readonly _messages: MessagesController,
    private readonly _reactions: ReactionsController,
    private readonly _showError: (err: unknown) => void,
  ) {
    _host.addController(this);
  }

  hostConnected(): void {}

  focus(key: string): void {
    this._set({ activeKey: key });
  }

  hover(key: string | undefined): void {
    this._set({ hoverKey: key });
  }

  togglePicker(key: string): void {
    this._set({ pickerKey: this.pickerKey === key ? undefined : key });
  }

  askDelete(key: string): void {
    this._set({ confirmKey: key });
  }

  cancelDelete(): void {
    this._set({ confirmKey: undefined });
  }

  react(message: TimelineMessage, name: string): void {
    this._set({ pickerKey: undefined });
    if (typeof message.source === 'string') return;
    this._reactions.toggle(message.source, name).catch(this._showError);
  }

  delete(message: TimelineMessage): void {
    this._set({ confirmKey: undefined });
    if (typeof message.source === 'string') return;
    this._messages.remove(message.source).catch(this._showError);
  }

  /** Escape closes the picker and the confirmation; Up/Down/Home/End move between `rows` (then Tab reaches actions). */
  keyDown(event: KeyboardEvent, rows: HTMLElement[]): void {
    if (event.key === 'Escape') {
      this._set({ pickerKey: undefined, confirmKey: undefined });
      return;
    }
    const to = nextRow(
      event.key,
      rows.findIndex((r) => r.dataset.key === this.activeKey),
      rows.length,
    );
    if (to === undefined) return;
    event.preventDefault();
    this._set({ activeKey: rows[to]!.dataset.key });
    rows[to]!.focus();
  }

  private _set(
    next: Partial<Pick<RowActionsController, 'activeKey' | 'hoverKey' | 'pickerKey' | 'confirmKey'>>,
  ): void {
    let changed = false;
    for (const [name, value] of Object.entries(next) as [keyof typeof next, string | undefined][]) {
      if (this[name] === value) continue;
      this[name] = value;
      changed = true;
    }
    if (changed) this._host.requestUpdate();
  }
}
