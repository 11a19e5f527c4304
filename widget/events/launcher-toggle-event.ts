/** Detail of {@link EmbeddedChatLauncherToggleEvent}. */
export interface LauncherToggleDetail {
  /** Whether the panel is now open. */
  open: boolean;
}

/** `<embedded-chat-launcher>`'s panel opened or closed. */
export class EmbeddedChatLauncherToggleEvent extends CustomEvent<LauncherToggleDetail> {
  constructor(detail: LauncherToggleDetail) {
    super('embedded-chat-launcher-toggle', { bubbles: true, composed: true, detail });
  }
}
