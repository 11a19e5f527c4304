import type { Message } from '@ably/chat';
import { guard } from 'lit/directives/guard.js';
import type { Locale } from '../../i18n/locale.js';
import type { ChatSession } from '../../session/chat-session.js';
import { renderMessageRow } from './message-view.js';
import type { MessagesController, PendingMessage } from './messages-controller.js';
import {
  fromChatMessage,
  fromPending,
  shapeAt,
  TimelineCache,
  type Naming,
  type TimelineEntry,
  type TimelineMessage,
} from './timeline.js';

/** How a row is drawn beyond its message: the tab stop, its toolbar and confirmation, "Seen by", its files. */
export interface RowDecoration {
  active: boolean;
  actions?: unknown;
  confirm?: unknown;
  seenBy?: string;
  /** Its files as the loaded chat draws them (photos that open, download links). */
  files?: unknown;
  /** Drawn after it in its row: an agent's reply being written after this message. */
  after?: unknown;
  /** It takes the place of something already on screen (an agent's finished reply): no appear animation. */
  still?: boolean;
  /** Everything the decoration depends on, for the row's render guard. */
  deps: unknown[];
}

/** What the rest of the chat adds to a row once it has loaded (the tab stop, actions, "Seen by"). */
export interface RowDecorator {
  decorate(
    message: TimelineMessage,
    activeKey: string | undefined,
    lastOwn: string | undefined,
  ): RowDecoration;
  /** The row the reader moved to with the keyboard. */
  readonly activeKey: string | undefined;
  /** A participant's name (for messages without a claim) and a key that changes when any name does. */
  nameOf(clientId: string): string | undefined;
  readonly namesKey: string;
}

/**
 * Draws the list's rows, one at a time as the window asks: converts each message once (a small cache of view
 * models, not the whole conversation), shapes it from its neighbours, adds what the loaded features decorate
 * it with, and guards it so an unchanged row is not rebuilt. Also words the newest live message from someone
 * else for screen readers.
 */
export class MessageRows {
  private readonly _cache = new TimelineCache<Message>();
  private _announced?: { key: string; text: string };
  private _naming?: Naming;

  constructor(private readonly _messages: MessagesController) {}

  /** The row renderer for this render. */
  renderer(
    session: ChatSession,
    locale: Locale,
    decorator: RowDecorator | undefined,
  ): (index: number) => unknown {
    const messages = this._messages;
    const me = session.clientId;
    const naming: Naming = {
      me,
      nameOf: (id) => decorator?.nameOf(id),
      time: (date) => locale.time(date),
      you: locale.strings.you,
    };
    this._naming = naming;
    // View models stay right until the locale or a name they used changes.
    const context = `${locale.lang}|${me}|${decorator?.namesKey ?? ''}`;
    const now = new Date();
    const entryAt = (index: number): TimelineEntry | undefined => {
      const item = messages.itemAt(index);
      if (!item) return undefined;
      return 'serial' in item
        ? { clientId: item.clientId, at: item.timestamp }
        : { clientId: me, at: item.createdAt };
    };
    const count = messages.count;
    const wanted = decorator?.activeKey;
    const activeKey =
      wanted !== undefined && messages.indexOf(wanted) !== -1
        ? wanted
        : count > 0
          ? messages.keyAt(count - 1)
          : undefined;
    const lastOwn = messages.lastOwn()?.serial;
    const canReact = session.permissions.react;
    return (index) => {
      const item = messages.itemAt(index)!;
      const message =
        'serial' in item
          ? this._cache.get(item, context, (m) => fromChatMessage(m, naming))
          : fromPending(item as PendingMessage, naming, session.answer.name);
      const shape = shapeAt(entryAt, index, locale, now);
      const decoration = decorator?.decorate(message, activeKey, lastOwn) ?? {
        active: message.key === activeKey,
        deps: [],
      };
      const arrived = messages.arrived.has(message.key) && !decoration.still;
      return guard(
        [
          message,
          shape.first,
          shape.last,
          shape.day?.label,
          index,
          arrived,
          canReact,
          locale,
          ...decoration.deps,
          decoration.active,
        ],
        () =>
          renderMessageRow(
            {
              message,
              shape,
              index,
              active: decoration.active,
              arrived,
              canReact,
              ...(decoration.seenBy ? { seenBy: decoration.seenBy } : {}),
              ...(decoration.actions ? { actions: decoration.actions } : {}),
              ...(decoration.confirm ? { confirm: decoration.confirm } : {}),
              ...(decoration.files ? { files: decoration.files } : {}),
              ...(decoration.after ? { after: decoration.after } : {}),
            },
            locale,
          ),
      );
    };
  }

  /** "Dana: hello" for the newest message someone else sent live (kept until the next one). */
  announcement(): { key: string; text: string } | undefined {
    const naming = this._naming;
    for (const key of this._messages.arrived) {
      const message = this._messages.bySerial(key);
      if (message && naming) {
        const vm = fromChatMessage(message, naming);
        this._announced = { key, text: `${vm.name}: ${vm.text}` };
      }
    }
    return this._announced;
  }
}
