/** Detail of {@link EmbeddedChatUnreadEvent}. */
export interface UnreadDetail {
  /** Messages from other people after this participant's read marker. */
  count: number;
}

/** The unread count changed (also fired once when it is first known), e.g. to badge the host's own button. */
export class EmbeddedChatUnreadEvent extends CustomEvent<UnreadDetail> {
  constructor(detail: UnreadDetail) {
    super('embedded-chat-unread', { bubbles: true, composed: true, detail });
  }
}
