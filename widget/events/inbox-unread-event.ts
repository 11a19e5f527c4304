/** Detail of {@link EmbeddedChatInboxUnreadEvent}. */
export interface InboxUnreadDetail {
  /** Unread messages over all the user's tasks (the backend's count, not only the rows loaded). */
  total: number;
  /** The loaded tasks that have unread messages, with their counts. */
  tasks: { task: string; unread: number }[];
}

/** The inbox's unread counts changed (also fired once when first known), for the host's badge or tab title. */
export class EmbeddedChatInboxUnreadEvent extends CustomEvent<InboxUnreadDetail> {
  constructor(detail: InboxUnreadDetail) {
    super('embedded-chat-inbox-unread', { bubbles: true, composed: true, detail });
  }
}
