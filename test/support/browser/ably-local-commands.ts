/**
 * The wtr server commands a browser test uses to drive ably-local and Node `ably` clients.
 * Shared by the Node plugin (`ably-local-commands-plugin.ts`) and the browser helpers
 * (`ably-local-browser.ts`); it imports nothing, so it loads on both sides.
 */
export const ABLY_LOCAL_COMMANDS = {
  start: 'ably-local-start',
  stop: 'ably-local-stop',
  nodeSubscribe: 'node-client-subscribe',
  nodeAwaitMessage: 'node-client-await-message',
  nodePublish: 'node-client-publish',
} as const;

/** Client options that point an SDK at one ably-local (mirrors `LocalClientOptions`). */
export interface AblyLocalClientOptions {
  endpoint: string;
  port: number;
  tls: false;
  key: string;
}

export interface StartResult {
  /** Names this server in later commands. */
  id: string;
  clientOptions: AblyLocalClientOptions;
}

export interface StopPayload {
  id: string;
}

export interface NodeSubscribePayload {
  serverId: string;
  channel: string;
  /** Node clients speak msgpack unless told otherwise, so frames cross formats. */
  useBinaryProtocol?: boolean;
}

export interface NodeSubscribeResult {
  /** Resolves only after the channel is attached, so a publish that follows is delivered. */
  subscriptionId: string;
}

export interface NodeAwaitMessagePayload {
  subscriptionId: string;
  timeoutMs?: number;
}

export interface NodePublishPayload {
  serverId: string;
  channel: string;
  name: string;
  data: unknown;
  clientId?: string;
  useBinaryProtocol?: boolean;
}

/** A received message as it crosses the wtr command channel (JSON only). */
export interface ReceivedMessage {
  id: string | undefined;
  name: string | undefined;
  data: unknown;
  clientId: string | undefined;
  connectionId: string | undefined;
  timestamp: number | undefined;
  encoding: string | null | undefined;
}
