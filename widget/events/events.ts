import type { EmbeddedChatErrorEvent } from './error-event.js';
import type { EmbeddedChatInboxSelectEvent } from './inbox-select-event.js';
import type { EmbeddedChatInboxUnreadEvent } from './inbox-unread-event.js';
import type { EmbeddedChatLauncherToggleEvent } from './launcher-toggle-event.js';
import type { EmbeddedChatLauncherUnreadEvent } from './launcher-unread-event.js';
import type { EmbeddedChatMessageEvent } from './message-event.js';
import type { EmbeddedChatReadyEvent } from './ready-event.js';
import type { EmbeddedChatStatusEvent } from './status-event.js';
import type { EmbeddedChatUnreadEvent } from './unread-event.js';

export type { ErrorDetail } from './error-event.js';
export type { InboxSelectDetail } from './inbox-select-event.js';
export type { InboxUnreadDetail } from './inbox-unread-event.js';
export type { LauncherToggleDetail } from './launcher-toggle-event.js';
export type { LauncherUnreadDetail } from './launcher-unread-event.js';
export type { MessageDetail } from './message-event.js';
export type { ReadyDetail } from './ready-event.js';
export type { ConnectionState, StatusDetail } from './status-event.js';
export type { UnreadDetail } from './unread-event.js';

declare global {
  interface GlobalEventHandlersEventMap {
    'embedded-chat-ready': EmbeddedChatReadyEvent;
    'embedded-chat-message': EmbeddedChatMessageEvent;
    'embedded-chat-unread': EmbeddedChatUnreadEvent;
    'embedded-chat-status': EmbeddedChatStatusEvent;
    'embedded-chat-error': EmbeddedChatErrorEvent;
    'embedded-chat-inbox-select': EmbeddedChatInboxSelectEvent;
    'embedded-chat-inbox-unread': EmbeddedChatInboxUnreadEvent;
    'embedded-chat-launcher-toggle': EmbeddedChatLauncherToggleEvent;
    'embedded-chat-launcher-unread': EmbeddedChatLauncherUnreadEvent;
  }
}
