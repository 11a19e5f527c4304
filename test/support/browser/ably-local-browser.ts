/** Browser-side helpers over the ably-local server commands (`ably-local-commands-plugin.ts`). */
import type * as Ably from 'ably';
import { executeServerCommand } from '@web/test-runner-commands';
import {
  ABLY_LOCAL_COMMANDS,
  type AblyLocalClientOptions,
  type NodeAwaitMessagePayload,
  type NodePublishPayload,
  type NodeSubscribePayload,
  type NodeSubscribeResult,
  type ReceivedMessage,
  type StartResult,
  type StopPayload,
} from './ably-local-commands.js';

/** Starts a fresh ably-local on port 0 in the test runner's Node process. */
export function startAblyLocal(): Promise<StartResult> {
  return executeServerCommand<StartResult, undefined>(ABLY_LOCAL_COMMANDS.start);
}

/** Closes the server and every Node client opened against it. */
export async function stopAblyLocal(id: string): Promise<void> {
  await executeServerCommand<unknown, StopPayload>(ABLY_LOCAL_COMMANDS.stop, { id });
}

/** A Node `ably` client subscribes to a channel; resolves once it is attached. */
export function nodeSubscribe(payload: NodeSubscribePayload): Promise<NodeSubscribeResult> {
  return executeServerCommand<NodeSubscribeResult, NodeSubscribePayload>(
    ABLY_LOCAL_COMMANDS.nodeSubscribe,
    payload,
  );
}

/** The next message that Node subscription received; rejects after `timeoutMs`. */
export function nodeAwaitMessage(payload: NodeAwaitMessagePayload): Promise<ReceivedMessage> {
  return executeServerCommand<ReceivedMessage, NodeAwaitMessagePayload>(
    ABLY_LOCAL_COMMANDS.nodeAwaitMessage,
    payload,
  );
}

/** A Node `ably` Realtime client publishes one message and closes. */
export async function nodePublish(payload: NodePublishPayload): Promise<void> {
  await executeServerCommand<unknown, NodePublishPayload>(ABLY_LOCAL_COMMANDS.nodePublish, payload);
}

/** Options for a browser client: JSON over WebSocket only, as the widget connects. */
export function browserClientOptions(
  server: AblyLocalClientOptions,
  extra: Ably.ClientOptions = {},
): Ably.ClientOptions {
  return {
    ...server,
    useBinaryProtocol: false,
    transports: ['web_socket'],
    disableConnectivityCheck: true,
    ...extra,
  };
}

/** A channel name no other test uses. */
export function uniqueName(prefix = 'browser'): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}
