import type { Message } from '@ably/chat';

/** Detail of {@link EmbeddedChatMessageEvent}. */
export interface MessageDetail {
  /** The new message, as `@ably/chat` describes it (text, clientId, timestamp, serial, userClaim…). */
  message: Message;
  /** True when the signed-in participant sent it (from this element or another device). */
  own: boolean;
}

/** A new message arrived live (not for history loaded on open). */
export class EmbeddedChatMessageEvent extends CustomEvent<MessageDetail> {
  constructor(detail: MessageDetail) {
    super('embedded-chat-message', { bubbles: true, composed: true, detail });
  }
}
