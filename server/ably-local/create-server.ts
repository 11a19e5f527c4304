import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseApiKey, apiKeyString, type ApiKey, type ApiKeySpec } from './auth/api-key.js';
import { Authenticator } from './auth/authenticator.js';
import { ChannelRegistry } from './core/channel-registry.js';
import { systemClock, type Clock } from './core/clock.js';
import { MemoryMessageStore, type MessageStore } from './core/message-store.js';
import { SerialGenerator } from './core/serials.js';
import { KeyedRateLimiter } from './core/token-bucket.js';
import { SqliteMessageStore } from './core/sqlite-message-store.js';
import { AblyError } from './protocol/ably-error.js';
import { consoleErrorReporter, guard, guarded, type ErrorReporter } from './protocol/error-reporter.js';
import { CometEndpoint } from './realtime/comet-endpoint.js';
import { ConnectionRegistry } from './realtime/connection-registry.js';
import { DEFAULT_REALTIME_OPTIONS, type RealtimeOptions } from './realtime/realtime-options.js';
import { WsEndpoint } from './realtime/ws-endpoint.js';
import { createRestApp } from './rest/rest-app.js';
import { DEFAULT_REST_WRITE_RATE } from './rest/write-limit.js';

export interface LocalAblyOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** `appId.keyId:secret` strings or specs with a capability; a random full-access key when omitted. */
  keys?: (string | ApiKeySpec)[];
  /** `memory` (default; the newest `maxMessagesPerChannel` messages per channel, 10 000) or a SQLite file. */
  storage?: 'memory' | { memory: { maxMessagesPerChannel: number } } | { sqlite: string };
  clock?: Clock;
  realtime?: Partial<RealtimeOptions>;
  /** REST writes (publish, edits, annotations, Chat) per identity per second; bursts of twice that. */
  restWriteRate?: number;
  /** Most messages a resumed attach replays (default 10 000); beyond it continuity is lost (DESIGN §4.4). */
  maxReplay?: number;
  /**
   * Receives every exception no client can be answered with (timers, socket events, internal errors); the
   * default prints it with `console.error`. Nothing reported ends the process (DESIGN §3.6).
   */
  onError?: ErrorReporter;
}

/** Client options that point the real SDKs at this server. */
export interface LocalClientOptions {
  endpoint: string;
  port: number;
  tls: false;
  key: string;
}

export interface LocalAbly {
  port: number;
  url: string;
  keys: ApiKey[];
  clientOptions: LocalClientOptions;
  close(): Promise<void>;
}

function createStore(storage: NonNullable<LocalAblyOptions['storage']>): MessageStore {
  if (storage === 'memory') return new MemoryMessageStore();
  if ('sqlite' in storage) return new SqliteMessageStore(storage.sqlite);
  return new MemoryMessageStore(storage.memory.maxMessagesPerChannel);
}

const DEV_KEY = 'local.dev:ably-local-dev-secret';

/** Starts ably-local: REST, WebSocket and comet on one HTTP server (DESIGN §1). */
export async function createLocalAbly(options: LocalAblyOptions = {}): Promise<LocalAbly> {
  const clock = options.clock ?? systemClock;
  const report = options.onError ?? consoleErrorReporter;
  const keys = (options.keys ?? [DEV_KEY]).map(parseApiKey);
  const store = createStore(options.storage ?? 'memory');
  const realtimeOptions: RealtimeOptions = { ...DEFAULT_REALTIME_OPTIONS, ...options.realtime };
  const auth = new Authenticator(keys, () => clock.now());
  const channels = new ChannelRegistry({
    store,
    clock,
    serials: new SerialGenerator(() => clock.now()),
    maxMessageSize: realtimeOptions.maxMessageSize,
    idempotencyWindowMs: 120_000,
    maxReplay: options.maxReplay ?? 10_000,
    presenceHistoryLimit: 1000,
    presenceHistoryBytes: 1024 * 1024,
    occupancyDebounceMs: 100,
    report,
  });
  const realtimeCtx = { channels, auth, clock, options: realtimeOptions, report };
  const connections = new ConnectionRegistry(realtimeCtx);
  const ws = new WsEndpoint(realtimeCtx, connections);
  const comet = new CometEndpoint(realtimeCtx, connections);
  const writeRate = options.restWriteRate ?? DEFAULT_REST_WRITE_RATE;
  const writes = new KeyedRateLimiter(writeRate, 2 * writeRate, () => clock.now());
  const app = createRestApp({ channels, store, auth, clock, report, writes, connections }, comet.router);
  const server: Server = createServer(app);
  server.on('upgrade', (req, socket, head) =>
    guard(report, 'upgrade a request', () => ws.handleUpgrade(req, socket, head)),
  );
  server.on('clientError', (_err, socket) => socket.destroy());
  const sweep = setInterval(
    guarded(report, 'sweep idle channels', () => channels.sweep()),
    60_000,
  );
  sweep.unref();

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  // Once listening, a server error (e.g. EMFILE on accept) is reported; an unhandled 'error' would exit.
  server.removeAllListeners('error');
  server.on('error', (err) => report('serve', AblyError.from(err)));
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    port,
    url: `http://${host}:${port}`,
    keys,
    clientOptions: { endpoint: host, port, tls: false, key: apiKeyString(keys[0]!) },
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        clearInterval(sweep);
        connections.closeAll();
        ws.close();
        comet.close();
        server.closeAllConnections();
        server.close(() => {
          store.close();
          resolve();
        });
      })),
  };
}
