import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Router } from 'express';
import type { Logger } from 'pino';
import { appProblems } from './ably-admin/app-check.js';
import { createRestClient } from './ably-admin/rest-client.js';
import { createApp } from './app.js';
import { describeConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { parseWordListFile } from './moderation/word-list.js';
import { createStore } from './store/create-store.js';
import { createObjectStorage } from './attachments/create-storage.js';

export interface RunningBackend {
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * Opens the store, builds the app from a validated config and listens; `close()` undoes all of it.
 * `hostRoutes` are served beside the API (`npm start` passes the demo).
 */
export async function startBackend(config: Config, hostRoutes?: Router): Promise<RunningBackend> {
  const logger = createLogger({ level: config.logLevel });
  // Read before the store opens: a missing word list fails the start, not the first message.
  const words = config.moderationWordsFile
    ? parseWordListFile(readFileSync(config.moderationWordsFile, 'utf8'))
    : undefined;
  const store = await createStore(config.store);
  const app = createApp({
    store,
    ably: config.ably,
    embedSecret: config.embedSecret,
    serverSecret: config.serverSecret,
    ...(config.moderationSecret === undefined ? {} : { moderationSecret: config.moderationSecret }),
    ...(words === undefined ? {} : { moderation: { words } }),
    allowedOrigins: config.allowedOrigins,
    tokenTtlSeconds: config.tokenTtlSeconds,
    rateLimits: config.rateLimits,
    trustProxy: config.trustProxy,
    push: config.push,
    agentRuns: config.agentRuns,
    inbox: config.inbox,
    ...(config.attachments
      ? {
          attachments: {
            storage: createObjectStorage(config.attachments.storage),
            maxBytes: config.attachments.maxBytes,
            maxPixels: config.attachments.maxPixels,
          },
        }
      : {}),
    ...(config.widgetDir === undefined ? {} : { widgetDir: config.widgetDir }),
    ...(hostRoutes === undefined ? {} : { hostRoutes }),
    logger,
  });
  const server = app.listen(config.port, config.host);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  logger.info({ config: describeConfig(config) }, 'backend configured');
  // In the background: the backend serves while Ably answers; close() waits for it.
  const checked = logAppCheck(config, logger);
  let closed: Promise<void> | undefined;
  return {
    port,
    url: `http://${config.host}:${port}`,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      })
        .then(() => checked)
        .then(() => store.close())),
  };
}

/**
 * Says in the log whether the Ably app is set up as far as the backend's key shows (docs/production.md), and
 * names the command that fixes it when it is not.
 */
async function logAppCheck(config: Config, logger: Logger): Promise<void> {
  try {
    const problems = await appProblems(createRestClient(config.ably), {
      pushAlerts: config.push.enabled !== false,
      inbox: config.inbox,
    });
    if (problems.length === 0) {
      logger.info('Ably app checked: the key grants every role’s tokens, revokes tokens and sends push');
      return;
    }
    logger.warn(
      { problems, fix: 'npm run ably-setup' },
      `the Ably app is not set up: ${problems.join('; ')}. Run \`npm run ably-setup\` (docs/production.md)`,
    );
  } catch (err) {
    logger.warn(
      { reason: (err as Error).message },
      'unable to check the Ably app at start; Ably did not answer',
    );
  }
}
