/** Detail of {@link EmbeddedChatInboxSelectEvent}. */
export interface InboxSelectDetail {
  /** The task id of the conversation chosen. */
  task: string;
}

/** A conversation of the inbox was chosen (click, Enter or Space), e.g. to open it in the host's own pane. */
export class EmbeddedChatInboxSelectEvent extends CustomEvent<InboxSelectDetail> {
  constructor(detail: InboxSelectDetail) {
    super('embedded-chat-inbox-select', { bubbles: true, composed: true, detail });
  }
}
