import { randomBytes } from 'node:crypto';
import * as Ably from 'ably';
import { afterEach } from 'vitest';
import {
  createLocalAbly,
  type LocalAbly,
  type LocalAblyOptions,
} from '../../server/ably-local/create-server.js';

/** Both wire formats the SDK can speak; every SDK test runs under each. */
export const FORMATS = [
  { format: 'json', useBinaryProtocol: false },
  { format: 'msgpack', useBinaryProtocol: true },
] as const;

export type FormatCase = (typeof FORMATS)[number];

const servers: LocalAbly[] = [];
const clients: (Ably.Realtime | { close(): void })[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A fresh ably-local on port 0, closed after the test. */
export async function startLocalAbly(options: LocalAblyOptions = {}): Promise<LocalAbly> {
  const server = await createLocalAbly(options);
  servers.push(server);
  return server;
}

/** Client options for the SDK against a server; nothing leaves the machine. */
export function sdkOptions(
  server: Pick<LocalAbly, 'clientOptions'>,
  useBinaryProtocol: boolean,
  extra: Ably.ClientOptions = {},
): Ably.ClientOptions {
  const { endpoint, port, tls, key } = server.clientOptions;
  const options: Ably.ClientOptions = {
    endpoint,
    port,
    tls,
    key,
    useBinaryProtocol,
    disableConnectivityCheck: true,
    logLevel: 0,
    ...extra,
  };
  if (extra.authCallback || extra.token || extra.authUrl) delete options.key;
  return options;
}

/** A Realtime client closed after the test. */
export function realtime(
  server: LocalAbly,
  useBinaryProtocol: boolean,
  extra: Ably.ClientOptions = {},
): Ably.Realtime {
  const client = new Ably.Realtime(sdkOptions(server, useBinaryProtocol, extra));
  clients.push(client);
  return client;
}

export function rest(
  server: LocalAbly,
  useBinaryProtocol: boolean,
  extra: Ably.ClientOptions = {},
): Ably.Rest {
  return new Ably.Rest(sdkOptions(server, useBinaryProtocol, extra));
}

/** Something closed after the test (raw sockets, proxies). */
export function closeAfterTest(closeable: { close(): void }): void {
  clients.push(closeable);
}

/**
 * A channel rule allowing updates, deletes, appends and annotations on `mutable:*`
 * (server/ably-local/DESIGN.md §15.4).
 */
export const MUTABLE_NAMESPACE = { id: 'mutable', mutableMessages: true };

/** A channel name no other test uses. */
export function uniqueName(prefix = 'test'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/**
 * Resolves with the first matching event; rejects when none came within `timeoutMs` (well inside the test's
 * own timeout, so the failure names what was awaited).
 */
export function nextEvent<T>(
  subscribe: (listener: (value: T) => void) => void,
  predicate: (value: T) => boolean = () => true,
  { timeoutMs = 10_000, what = 'the event' }: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`unable to wait for ${what}; none within ${timeoutMs} ms`)),
      timeoutMs,
    );
    subscribe((value) => {
      if (!predicate(value)) return;
      clearTimeout(timer);
      resolve(value);
    });
  });
}

/** Collects messages on a channel into an array. */
export function collect(channel: Ably.RealtimeChannel, name?: string): Ably.InboundMessage[] {
  const received: Ably.InboundMessage[] = [];
  const listener = (m: Ably.InboundMessage) => received.push(m);
  if (name) void channel.subscribe(name, listener);
  else void channel.subscribe(listener);
  return received;
}

/** Every channel state change from now on. */
export function recordChannelStates(channel: Ably.RealtimeChannel): Ably.ChannelStateChange[] {
  const changes: Ably.ChannelStateChange[] = [];
  channel.on((change) => changes.push(change));
  return changes;
}

/** Waits for a connection state. */
export function connectionState(
  client: Ably.Realtime,
  state: Ably.ConnectionState,
): Promise<Ably.ConnectionStateChange> {
  if (client.connection.state === state) {
    return Promise.resolve({ current: state, previous: state } as Ably.ConnectionStateChange);
  }
  return new Promise((resolve) => client.connection.once(state, resolve));
}
