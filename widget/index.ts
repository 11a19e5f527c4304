/**
 * The package entry (`import { EmbeddedChat } from 'embedded-chat'`): the element class, its event classes and
 * types. No side effects: nothing is registered until `embedded-chat/define` is imported.
 */
export { EmbeddedChat } from './chat/embedded-chat.js';
export { EmbeddedChatInbox } from './inbox/embedded-chat-inbox.js';
export { EmbeddedChatLauncher } from './launcher/embedded-chat-launcher.js';
export { EmbeddedChatInboxSelectEvent } from './events/inbox-select-event.js';
export { EmbeddedChatInboxUnreadEvent } from './events/inbox-unread-event.js';
export { EmbeddedChatLauncherToggleEvent } from './events/launcher-toggle-event.js';
export { EmbeddedChatLauncherUnreadEvent } from './events/launcher-unread-event.js';
export { EmbeddedChatErrorEvent } from './events/error-event.js';
export { EmbeddedChatMessageEvent } from './events/message-event.js';
export { EmbeddedChatReadyEvent } from './events/ready-event.js';
export { EmbeddedChatStatusEvent } from './events/status-event.js';
export { EmbeddedChatUnreadEvent } from './events/unread-event.js';
export type {
  ConnectionState,
  ErrorDetail,
  InboxSelectDetail,
  InboxUnreadDetail,
  LauncherToggleDetail,
  LauncherUnreadDetail,
  MessageDetail,
  ReadyDetail,
  StatusDetail,
  UnreadDetail,
} from './events/events.js';
