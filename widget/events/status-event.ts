/** Connection states, as `@ably/chat`'s `ConnectionStatus` names them. */
export type ConnectionState =
  'initialized' | 'connecting' | 'connected' | 'disconnected' | 'suspended' | 'failed' | 'closing' | 'closed';

/** Detail of {@link EmbeddedChatStatusEvent}. */
export interface StatusDetail {
  state: ConnectionState;
  previous: ConnectionState;
}

/** The realtime connection changed state. */
export class EmbeddedChatStatusEvent extends CustomEvent<StatusDetail> {
  constructor(detail: StatusDetail) {
    super('embedded-chat-status', { bubbles: true, composed: true, detail });
  }
}
