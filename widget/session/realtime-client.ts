import type * as Ably from 'ably';
import {
  BaseRealtime,
  FetchRequest,
  RealtimePresence,
  Rest,
  WebSocketTransport,
  XHRPolling,
} from 'ably/modular';

/**
 * A Realtime client with exactly the plugins the element uses: WebSocket, XHR long polling (ably-js falls back to it by itself where WebSockets are blocked, and moves back when they
 * work again), fetch for REST, presence and the REST plugin that Chat's REST calls need. Message reaction
 * summaries arrive on messages, so the Annotations plugin is not needed.
 */
export function createRealtimeClient(options: Ably.ClientOptions): Ably.Realtime {
  return new BaseRealtime({
    ...options,
    plugins: { WebSocketTransport, XHRPolling, FetchRequest, RealtimePresence, Rest },
  }) as unknown as Ably.Realtime;
}
