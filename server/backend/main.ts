import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { ConfigError, describeConfig, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { createStore } from './store/create-store.js';

/**
 * The standalone backend: `npx tsx server/backend/main.ts` (PORT, default 8080). The only caller of
 * config.ts; see the README for every environment variable.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel });
  const store = await createStore(config.store);
  const app = createApp({
    store,
    ably: config.ably,
    embedSecret: config.embedSecret,
    serverSecret: config.serverSecret,
    allowedOrigins: config.allowedOrigins,
    tokenTtlSeconds: config.tokenTtlSeconds,
    rateLimits: config.rateLimits,
    trustProxy: config.trustProxy,
    logger,
  });
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  logger.info({ config: describeConfig(config) }, 'backend configured');
  console.log(`embedded-chat backend listening on http://${config.host}:${port}`);

  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'closing');
    server.close(() => {
      store.close().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'unable to close store');
          process.exit(1);
        },
      );
    });
    server.closeIdleConnections();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(
    `embedded-chat backend: unable to start; ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
});
