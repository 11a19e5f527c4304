/** Detail of {@link EmbeddedChatErrorEvent}. */
export interface ErrorDetail {
  /**
   * The backend's error code (1000–1099, e.g. 1002 expired participant token) or Ably's (40000–99999, e.g.
   * 40160 no permission); 0 when the token endpoint could not be reached or answered something else.
   */
  code: number;
  /** Lower-case "unable to <operation>; <reason>". */
  message: string;
  /** What the host can do about it, when there is a concrete fix. */
  remediation?: string;
}

/**
 * Something went wrong that the host may want to know: the token endpoint refused, the connection failed,
 * a send was refused. The element also shows it to the user.
 */
export class EmbeddedChatErrorEvent extends CustomEvent<ErrorDetail> {
  constructor(detail: ErrorDetail) {
    super('embedded-chat-error', { bubbles: true, composed: true, detail });
  }
}
