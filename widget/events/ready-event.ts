/** Detail of {@link EmbeddedChatReadyEvent}. */
export interface ReadyDetail {
  /** The task id the chat belongs to. */
  task: string;
  /** The signed-in participant's id (the Ably clientId). */
  clientId: string;
  /** The participant's verified role, e.g. `agent` or `buyer`. */
  role: string;
}

/** The chat is connected, attached to its room and showing history. */
export class EmbeddedChatReadyEvent extends CustomEvent<ReadyDetail> {
  constructor(detail: ReadyDetail) {
    super('embedded-chat-ready', { bubbles: true, composed: true, detail });
  }
}
