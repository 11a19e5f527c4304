import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createLocalAbly, type LocalAbly } from './ably-local/create-server.js';
import { resolveControlToken, type LocalControlToken } from './ably-local/local-control-token.js';
import { resolveLocalKeys, type LocalKeys } from './ably-local/local-key.js';
import { ablyApp } from './ably-setup/ably-app.js';
import { ControlApi, fetchTransport } from './ably-setup/control-api.js';
import { runAblySetup } from './ably-setup/run-setup.js';
import { ConfigError, loadConfig } from './backend/config.js';
import { startBackend } from './backend/start-backend.js';
import { createDemoHost } from './demo-host/demo-host.js';
import { DemoPushRelay } from './demo-host/demo-push-relay.js';
import { ensureWidgetBuilt } from './widget-build/ensure-widget-built.js';

/**
 * `npm start`: ably-local on 8081 and the backend on 8080 in one process, with development secrets unless
 * EMBED_SECRET/SERVER_SECRET are set. With ABLY_API_KEY set, ably-local is not started and the backend
 * talks to Ably's cloud. A main: it reads the environment (docs/configuration.md).
 */
const DEV_EMBED_SECRET = 'dev-only-embed-secret-change-me-0000000000';
const DEV_SERVER_SECRET = 'dev-only-server-secret-change-me-000000000';

async function main(): Promise<void> {
  const env = process.env;
  // Builds the element first when dist/ is missing or stale (docs/configuration.md §2).
  if (env.EMBEDDED_CHAT_SKIP_BUILD !== '1') {
    await ensureWidgetBuilt({ repoRoot: fileURLToPath(new URL('..', import.meta.url)) });
  }
  const cloud = Boolean(env.ABLY_API_KEY);
  const usesDevSecrets = !env.EMBED_SECRET || !env.SERVER_SECRET;
  mkdirSync('.data', { recursive: true });
  let ablyLocal: LocalAbly | undefined;
  let localKeys: LocalKeys | undefined;
  let controlToken: LocalControlToken | undefined;
  // The demo's stand-in for browsers' push services (this machine may have no internet); ably-local trusts it.
  const relay = cloud ? undefined : await DemoPushRelay.start();
  if (!cloud) {
    const dataFile = env.ABLY_LOCAL_DATA ?? '.data/ably-local.sqlite';
    // Never the published development key: ABLY_LOCAL_KEY, or a random key kept in `<data>.key` (0600).
    localKeys = resolveLocalKeys({
      given: env.ABLY_LOCAL_KEY ? [env.ABLY_LOCAL_KEY] : undefined,
      givenFrom: 'ABLY_LOCAL_KEY',
      dataFile,
    });
    // The Control API's token: ABLY_LOCAL_CONTROL_TOKEN, or a random one kept in `<data>.control-token` (0600).
    controlToken = resolveControlToken({ given: env.ABLY_LOCAL_CONTROL_TOKEN || undefined, dataFile });
    const vapid = {
      publicKey: env.ABLY_LOCAL_VAPID_PUBLIC_KEY,
      privateKey: env.ABLY_LOCAL_VAPID_PRIVATE_KEY,
    };
    ablyLocal = await createLocalAbly({
      port: Number(env.ABLY_LOCAL_PORT ?? 8081),
      host: env.ABLY_LOCAL_HOST ?? '127.0.0.1',
      storage: { sqlite: dataFile },
      keys: localKeys.keys,
      controlToken: controlToken.token,
      // Push alerts follow a message within a few tens of milliseconds (Ably batches about every second).
      webhookTiming: { batchIntervalMs: 20 },
      // Push: ably-local makes and keeps its own VAPID key pair unless one is given (docs/backend.md §6).
      push: {
        ...(relay ? { agent: relay.agent() } : {}),
        ...(env.ABLY_LOCAL_VAPID_SUBJECT ? { vapidSubject: env.ABLY_LOCAL_VAPID_SUBJECT } : {}),
        ...(vapid.publicKey && vapid.privateKey
          ? { vapidKeys: { publicKey: vapid.publicKey, privateKey: vapid.privateKey } }
          : {}),
      },
    });
  }
  // ably-local's moderation rule authenticates with this; on Ably's cloud `npm run ably-setup` makes the rule.
  const moderationSecret = env.MODERATION_SECRET || (ablyLocal ? randomBytes(32).toString('hex') : undefined);
  let config;
  try {
    config = loadConfig({
      ...env,
      EMBED_SECRET: env.EMBED_SECRET || DEV_EMBED_SECRET,
      SERVER_SECRET: env.SERVER_SECRET || DEV_SERVER_SECRET,
      // A readable banner: request logs only when asked for (LOG_LEVEL=info).
      LOG_LEVEL: env.LOG_LEVEL || 'warn',
      ...(moderationSecret ? { MODERATION_SECRET: moderationSecret } : {}),
      ...(ablyLocal
        ? {
            ABLY_API_KEY: ablyLocal.clientOptions.key,
            ABLY_ENDPOINT: ablyLocal.clientOptions.endpoint,
            ABLY_PORT: String(ablyLocal.port),
          }
        : {}),
    });
  } catch (err) {
    await ablyLocal?.close();
    await relay?.close();
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const demo = createDemoHost({
    embedSecret: config.embedSecret,
    serverSecret: config.serverSecret,
    ...(relay && ablyLocal
      ? {
          push: {
            relay,
            key: ablyLocal.clientOptions.key,
            endpoint: ablyLocal.clientOptions.endpoint,
            port: ablyLocal.port,
          },
        }
      : {}),
    connectSources: ablyLocal
      ? [
          `http://${ablyLocal.clientOptions.endpoint}:${ablyLocal.port}`,
          `ws://${ablyLocal.clientOptions.endpoint}:${ablyLocal.port}`,
        ]
      : [
          'https://*.ably.net',
          'wss://*.ably.net',
          'https://*.ably-realtime.com',
          'wss://*.ably-realtime.com',
          'https://*.ably.io',
          'wss://*.ably.io',
        ],
  });
  const backend = await startBackend(config, demo.router);
  // ably-local is configured exactly as a production app is: `npm run ably-setup`'s description, applied
  // through its Control API (channel rules, the webhook and before-publish rules to this backend: push alerts
  // and linking sent files to their messages need the webhook, docs/architecture.md §4). Before the
  // demo seeds its tasks, so their rooms are moderated and alert from the first message.
  let setupLines: string[] = [];
  if (ablyLocal && localKeys) {
    const lines: string[] = [];
    const outcome = await runAblySetup({
      api: new ControlApi(
        fetchTransport(ablyLocal.control.url, ablyLocal.control.token),
        ablyLocal.keys[0]!.appId,
      ),
      app: ablyApp({
        publicUrl: backend.url,
        pushAlerts: config.push.enabled !== false,
        attachments: config.attachments !== undefined,
        inbox: config.inbox,
        pushPresence: config.push.presence ?? 'webhook',
        ...(moderationSecret ? { moderationSecret } : {}),
      }),
      mode: 'apply',
      apiKeyName: localKeys.keyName,
      print: (line) => lines.push(line),
    });
    setupLines = outcome.problems > 0 ? lines : lines.slice(-1);
  }
  const demoUrl = backend.url.replace('//127.0.0.1:', '//localhost:');
  try {
    await demo.start(backend.url, demoUrl);
  } catch (err) {
    console.error(
      `embedded-chat: the demo could not seed its tasks; ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const shutdown = (signal: string): void => {
    console.log(`embedded-chat: ${signal}, closing`);
    // The demo's own chat clients first, while ably-local can still answer their detach.
    demo
      .close()
      .then(() => Promise.all([backend.close(), ablyLocal?.close(), relay?.close()]))
      .then(
        () => process.exit(0),
        (err: unknown) => {
          console.error('embedded-chat: unable to close', err);
          process.exit(1);
        },
      );
  };
  // Before the banner: whoever reads it may ask the process to stop at once.
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  console.log(`embedded-chat is running — open the demo: ${demoUrl}/demo/`);
  console.log(`  backend:    ${backend.url}  (POST /api/token, /api/tasks/…)`);
  if (config.widgetDir)
    console.log(`  element:    ${backend.url}/embedded-chat.js  (from ${config.widgetDir})`);
  if (ablyLocal && localKeys) {
    console.log(`  ably-local: ${ablyLocal.url}  key ${localKeys.keyName} (${localKeys.source})`);
    console.log(`  control:    ${ablyLocal.control.url}  token ${controlToken!.source}`);
    for (const line of setupLines) console.log(`  ${line.trim()}`);
    console.log(`  moderation: task rooms → ${backend.url}/api/moderation (before publish)`);
    console.log(`  push:       ${ablyLocal.url}/push/outbox.html  (what was sent; sign in with the key)`);
  } else console.log(`  Ably:       cloud (ABLY_API_KEY)`);
  if (usesDevSecrets) {
    console.log(`  development secrets in use (set EMBED_SECRET and SERVER_SECRET for anything real):`);
    console.log(`    EMBED_SECRET=${config.embedSecret}`);
    console.log(`    SERVER_SECRET=${config.serverSecret}`);
  }
}

main().catch((err: unknown) => {
  console.error(`embedded-chat: unable to start; ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
