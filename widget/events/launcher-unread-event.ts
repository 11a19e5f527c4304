/** Detail of {@link EmbeddedChatLauncherUnreadEvent}. */
export interface LauncherUnreadDetail {
  /** The badge's count: the task's unread messages, or the whole inbox's. */
  count: number;
}

/** The launcher's unread count changed (also fired once when first known), e.g. for the host's tab title. */
export class EmbeddedChatLauncherUnreadEvent extends CustomEvent<LauncherUnreadDetail> {
  constructor(detail: LauncherUnreadDetail) {
    super('embedded-chat-launcher-unread', { bubbles: true, composed: true, detail });
  }
}
