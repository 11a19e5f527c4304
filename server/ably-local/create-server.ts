import { createServer, type Server } from 'node:http';
import express from 'express';
import type { Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { parseApiKey, apiKeyString, type ApiKey, type ApiKeySpec } from './auth/api-key.js';
import { Authenticator } from './auth/authenticator.js';
import { ChannelRegistry } from './core/channel-registry.js';
import { ChannelRules } from './core/channel-rules.js';
import { systemClock, type Clock } from './core/clock.js';
import { MemoryMessageStore, type MessageStore } from './core/message-store.js';
import { SerialGenerator } from './core/serials.js';
import { KeyedRateLimiter } from './core/token-bucket.js';
import { SqliteMessageStore } from './core/sqlite-message-store.js';
import { DEFAULT_WEBHOOK_TIMING, fetchPost, type WebhookTiming } from './integrations/webhook-dispatcher.js';
import { parseWebhookRules, type WebhookRuleInput } from './integrations/webhook-rule.js';
import { Webhooks } from './integrations/webhooks.js';
import { BeforePublishModeration } from './integrations/before-publish.js';
import type { ModerationRuleSpec } from './integrations/moderation-rule.js';
import { AblyError } from './protocol/ably-error.js';
import { consoleErrorReporter, guard, guarded, type ErrorReporter } from './protocol/error-reporter.js';
import { CometEndpoint } from './realtime/comet-endpoint.js';
import { ConnectionRegistry } from './realtime/connection-registry.js';
import { DEFAULT_REALTIME_OPTIONS, type RealtimeOptions } from './realtime/realtime-options.js';
import { LocalPush, type LocalPushOptions } from './push/local-push.js';
import { MemoryPushStore, type PushStore } from './push/push-store.js';
import { SqlitePushStore } from './push/sqlite-push-store.js';
import { webPushSender } from './push/web-push-sender.js';
import { WsEndpoint } from './realtime/ws-endpoint.js';
import { SseEndpoint } from './sse/sse-endpoint.js';
import { ControlPlane } from './control/control-plane.js';
import { controlRouter } from './control/control-router.js';
import { MemoryControlStore, SqliteControlStore, type ControlStore } from './control/control-store.js';
import { randomControlToken } from './local-control-token.js';
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
  /**
   * Push (DESIGN §13): VAPID subject and keys (generated and kept with the data otherwise), delivery limits,
   * and an HTTPS `agent` for push services with a private CA (else `NODE_EXTRA_CA_CERTS` applies).
   */
  push?: LocalPushOptions & { agent?: Agent };
  /** Outbound webhook rules (DESIGN §14.1); `setWebhooks` replaces them later. */
  webhooks?: WebhookRuleInput[];
  /** Webhook timeouts, retries and queue sizes (DESIGN §14.3). */
  webhookTiming?: Partial<WebhookTiming>;
  /** Before-publish moderation rules for Chat rooms (DESIGN §12); none by default. */
  moderation?: ModerationRuleSpec[];
  /**
   * Channel rules the first app gets at start when it has none of that id yet, as the Control API's
   * `namespace_post` bodies (e.g. `{ id: 'mutable', mutableMessages: true }`; DESIGN §15.4).
   */
  namespaces?: Record<string, unknown>[];
  /** The Control API's access token (DESIGN §15.1); a random one by default, on `control.token`. */
  controlToken?: string;
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
  /** The Control API (DESIGN §15): its base URL (`<url>/v1`, Ably's `https://control.ably.net/v1`) and token. */
  control: { url: string; token: string };
  /** Replaces the outbound webhook rules (40000 AblyError when one is invalid; the old ones then stay). */
  setWebhooks(rules: WebhookRuleInput[]): void;
  /**
   * Replaces the before-publish moderation rules (validated first; throws `ModerationConfigError` and keeps
   * the old ones), e.g. once the endpoint they point at is listening.
   */
  setModerationRules(rules: ModerationRuleSpec[]): void;
  close(): Promise<void>;
}

function createStore(storage: NonNullable<LocalAblyOptions['storage']>): MessageStore {
  if (storage === 'memory') return new MemoryMessageStore();
  if ('sqlite' in storage) return new SqliteMessageStore(storage.sqlite);
  return new MemoryMessageStore(storage.memory.maxMessagesPerChannel);
}

function createPushStore(storage: NonNullable<LocalAblyOptions['storage']>): PushStore {
  return typeof storage === 'object' && 'sqlite' in storage
    ? new SqlitePushStore(storage.sqlite)
    : new MemoryPushStore();
}

function createControlStore(storage: NonNullable<LocalAblyOptions['storage']>): ControlStore {
  return typeof storage === 'object' && 'sqlite' in storage
    ? new SqliteControlStore(storage.sqlite)
    : new MemoryControlStore();
}

const DEV_KEY = 'local.dev:ably-local-dev-secret';

/** Starts ably-local: REST, WebSocket, comet and the SSE API on one HTTP server (DESIGN §1). */
export async function createLocalAbly(options: LocalAblyOptions = {}): Promise<LocalAbly> {
  const clock = options.clock ?? systemClock;
  const report = options.onError ?? consoleErrorReporter;
  const keys = (options.keys ?? [DEV_KEY]).map(parseApiKey);
  // Validated before anything is opened: a bad rule fails the start, not a later send.
  let moderationRules = options.moderation ?? [];
  const moderation = new BeforePublishModeration(keys[0]!.appId, report, moderationRules);
  let webhookRules = parseWebhookRules(options.webhooks ?? [], keys);
  const store = createStore(options.storage ?? 'memory');
  const pushStore = createPushStore(options.storage ?? 'memory');
  const rules = new ChannelRules();
  const { agent, ...pushOptions } = options.push ?? {};
  let push: LocalPush;
  try {
    push = new LocalPush(
      pushStore,
      webPushSender({ timeoutMs: pushOptions.timeoutMs ?? 10_000, ...(agent ? { agent } : {}) }),
      clock,
      report,
      rules,
      pushOptions,
    );
  } catch (err) {
    // A bad VAPID subject or key pair fails the start; nothing stays open.
    store.close();
    pushStore.close();
    throw err;
  }
  const webhooks = new Webhooks(
    keys[0]!.appId,
    { ...DEFAULT_WEBHOOK_TIMING, ...options.webhookTiming },
    fetchPost,
    clock,
    report,
  );
  const realtimeOptions: RealtimeOptions = { ...DEFAULT_REALTIME_OPTIONS, ...options.realtime };
  const auth = new Authenticator(keys, () => clock.now());
  // Rules given in code or on the command line, and rules made through the Control API, run side by side.
  let controlWebhooks: typeof webhookRules = [];
  let controlModeration: ModerationRuleSpec[] = [];
  const applyWebhooks = () => webhooks.setRules([...webhookRules, ...controlWebhooks]);
  applyWebhooks();
  const controlStore = createControlStore(options.storage ?? 'memory');
  const control = new ControlPlane({
    store: controlStore,
    auth,
    startKeys: keys,
    clock,
    report,
    webhookBatchIntervalMs: options.webhookTiming?.batchIntervalMs ?? DEFAULT_WEBHOOK_TIMING.batchIntervalMs,
    runtime: {
      setNamespaces: (namespaces) => rules.set(namespaces),
      setWebhooks: (inputs) => {
        controlWebhooks = parseWebhookRules(inputs, auth.keys);
        applyWebhooks();
      },
      setModeration: (specs) => {
        moderation.setRules([...moderationRules, ...specs]);
        controlModeration = specs;
      },
    },
  });
  if (options.namespaces) control.seedNamespaces(keys[0]!.appId, options.namespaces);
  const controlToken = options.controlToken ?? randomControlToken();
  const channels = new ChannelRegistry({
    store,
    rules,
    clock,
    serials: new SerialGenerator(() => clock.now()),
    maxMessageSize: realtimeOptions.maxMessageSize,
    idempotencyWindowMs: 120_000,
    maxReplay: options.maxReplay ?? 10_000,
    presenceHistoryLimit: 1000,
    presenceHistoryBytes: 1024 * 1024,
    occupancyDebounceMs: 100,
    report,
    events: {
      messages: (channel, messages) => {
        push.messages(channel, messages);
        webhooks.messages(channel, messages);
      },
      presence: (channel, members) => webhooks.presence(channel, members),
    },
  });
  const realtimeCtx = { channels, auth, clock, options: realtimeOptions, report, moderation };
  const connections = new ConnectionRegistry(realtimeCtx);
  const ws = new WsEndpoint(realtimeCtx, connections);
  const comet = new CometEndpoint(realtimeCtx, connections);
  const sse = new SseEndpoint(realtimeCtx);
  const realtimeRoutes = express.Router().use(comet.router, sse.router);
  const writeRate = options.restWriteRate ?? DEFAULT_REST_WRITE_RATE;
  const writes = new KeyedRateLimiter(writeRate, 2 * writeRate, () => clock.now());
  const app = createRestApp(
    { channels, store, auth, clock, report, writes, connections, moderation, push },
    realtimeRoutes,
    controlRouter(control, controlToken, report),
  );
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
    control: { url: `http://${host}:${port}/v1`, token: controlToken },
    setWebhooks: (next) => {
      webhookRules = parseWebhookRules(next, auth.keys);
      applyWebhooks();
    },
    setModerationRules: (next) => {
      moderation.setRules([...next, ...controlModeration]);
      moderationRules = next;
    },
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        clearInterval(sweep);
        webhooks.close();
        connections.closeAll();
        ws.close();
        comet.close();
        sse.close();
        server.closeAllConnections();
        server.close(() => {
          store.close();
          pushStore.close();
          controlStore.close();
          resolve();
        });
      })),
  };
}
