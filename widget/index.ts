/**
 * The package entry (`import { EmbeddedChat } from 'embedded-chat'`): the element class, its event classes and
 * types. No side effects: nothing is registered until `embedded-chat/define` is imported.
 */
export { EmbeddedChat } from './chat/embedded-chat.js';
export { EmbeddedChatErrorEvent } from './events/error-event.js';
export { EmbeddedChatMessageEvent } from './events/message-event.js';
export { EmbeddedChatReadyEvent } from './events/ready-event.js';
export { EmbeddedChatStatusEvent } from './events/status-event.js';
export { EmbeddedChatUnreadEvent } from './events/unread-event.js';
export type {
  ConnectionState,
  ErrorDetail,
  MessageDetail,
  ReadyDetail,
  StatusDetail,
  UnreadDetail,
} from './events/events.js';
