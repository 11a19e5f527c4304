import { randomUUID } from 'node:crypto';
import * as Ably from 'ably';
import type { TestRunnerPlugin } from '@web/test-runner';
import { createLocalAbly, type LocalAbly } from '../../../server/ably-local/create-server.js';
import {
  ABLY_LOCAL_COMMANDS,
  type NodeAwaitMessagePayload,
  type NodePublishPayload,
  type NodeSubscribePayload,
  type NodeSubscribeResult,
  type ReceivedMessage,
  type StartResult,
  type StopPayload,
} from './ably-local-commands.js';

const DEFAULT_AWAIT_TIMEOUT_MS = 5_000;
const CLOSE_TIMEOUT_MS = 2_000;

interface ServerEntry {
  server: LocalAbly;
  /** Node clients opened against this server; closed before it. */
  clients: Set<Ably.Realtime>;
}

interface Subscription {
  serverId: string;
  channel: string;
  queue: ReceivedMessage[];
  waiter: ((message: ReceivedMessage) => void) | undefined;
}

/**
 * Server commands (`executeServerCommand` in the browser) that give each browser test its own
 * ably-local on port 0 and Node `ably` clients to talk to it. Command names and payloads are in
 * `ably-local-commands.ts`. Whatever a test leaves open is closed when the runner stops.
 */
export function ablyLocalCommandsPlugin(): TestRunnerPlugin {
  const servers = new Map<string, ServerEntry>();
  const subscriptions = new Map<string, Subscription>();

  function serverEntry(id: string): ServerEntry {
    const entry = servers.get(id);
    if (!entry) throw new Error(`unable to find ably-local server; unknown id ${id}`);
    return entry;
  }

  function nodeClient(entry: ServerEntry, options: Ably.ClientOptions): Ably.Realtime {
    const client = new Ably.Realtime({
      ...entry.server.clientOptions,
      disableConnectivityCheck: true,
      logLevel: 1,
      ...options,
    });
    entry.clients.add(client);
    return client;
  }

  async function stop(id: string): Promise<void> {
    const entry = servers.get(id);
    if (!entry) return;
    servers.delete(id);
    for (const [subscriptionId, subscription] of subscriptions) {
      if (subscription.serverId === id) subscriptions.delete(subscriptionId);
    }
    await Promise.all([...entry.clients].map(closeClient));
    await entry.server.close();
  }

  async function start(): Promise<StartResult> {
    const server = await createLocalAbly();
    const id = randomUUID();
    servers.set(id, { server, clients: new Set() });
    return { id, clientOptions: server.clientOptions };
  }

  async function subscribe(payload: NodeSubscribePayload): Promise<NodeSubscribeResult> {
    const entry = serverEntry(payload.serverId);
    const client = nodeClient(entry, {
      clientId: 'node-subscriber',
      useBinaryProtocol: payload.useBinaryProtocol ?? true,
    });
    const subscriptionId = randomUUID();
    const subscription: Subscription = {
      serverId: payload.serverId,
      channel: payload.channel,
      queue: [],
      waiter: undefined,
    };
    subscriptions.set(subscriptionId, subscription);
    // subscribe() resolves once the channel is attached (RTL7c).
    await client.channels.get(payload.channel).subscribe((message) => {
      const received = toReceived(message);
      if (subscription.waiter) subscription.waiter(received);
      else subscription.queue.push(received);
    });
    return { subscriptionId };
  }

  function awaitMessage(payload: NodeAwaitMessagePayload): Promise<ReceivedMessage> {
    const subscription = subscriptions.get(payload.subscriptionId);
    if (!subscription) {
      throw new Error(`unable to await a message; unknown subscription ${payload.subscriptionId}`);
    }
    const queued = subscription.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (subscription.waiter) throw new Error('unable to await a message; another await is pending');
    const timeoutMs = payload.timeoutMs ?? DEFAULT_AWAIT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        subscription.waiter = undefined;
        reject(
          new Error(`unable to receive a message on ${subscription.channel}; none within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      subscription.waiter = (message) => {
        clearTimeout(timer);
        subscription.waiter = undefined;
        resolve(message);
      };
    });
  }

  async function publish(payload: NodePublishPayload): Promise<{ published: true }> {
    const entry = serverEntry(payload.serverId);
    const client = nodeClient(entry, {
      clientId: payload.clientId ?? 'node-publisher',
      useBinaryProtocol: payload.useBinaryProtocol ?? true,
    });
    try {
      await client.channels.get(payload.channel).publish(payload.name, payload.data);
    } finally {
      entry.clients.delete(client);
      await closeClient(client);
    }
    return { published: true };
  }

  return {
    name: 'ably-local-commands',
    async executeCommand({ command, payload }) {
      switch (command) {
        case ABLY_LOCAL_COMMANDS.start:
          return start();
        case ABLY_LOCAL_COMMANDS.stop:
          await stop((payload as StopPayload).id);
          return { stopped: true };
        case ABLY_LOCAL_COMMANDS.nodeSubscribe:
          return subscribe(payload as NodeSubscribePayload);
        case ABLY_LOCAL_COMMANDS.nodeAwaitMessage:
          return awaitMessage(payload as NodeAwaitMessagePayload);
        case ABLY_LOCAL_COMMANDS.nodePublish:
          return publish(payload as NodePublishPayload);
        default:
          // Not ours: undefined lets the next plugin handle it.
          return undefined;
      }
    },
    async serverStop() {
      await Promise.all([...servers.keys()].map(stop));
    },
  };
}

function toReceived(message: Ably.InboundMessage): ReceivedMessage {
  return {
    id: message.id,
    name: message.name,
    data: message.data as unknown,
    clientId: message.clientId,
    connectionId: message.connectionId,
    timestamp: message.timestamp,
    encoding: message.encoding,
  };
}

/** Closes a client and waits until it has said goodbye (or gives up after a short while). */
function closeClient(client: Ably.Realtime): Promise<void> {
  const done = (state: Ably.ConnectionState) => state === 'closed' || state === 'failed';
  if (done(client.connection.state)) return Promise.resolve();
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      client.connection.off(listener);
      resolve();
    };
    const listener = (change: Ably.ConnectionStateChange) => {
      if (done(change.current)) finish();
    };
    const timer = setTimeout(finish, CLOSE_TIMEOUT_MS);
    client.connection.on(listener);
    client.close();
  });
}
