import { ConfigError, loadConfig } from './config.js';
import { startBackend } from './start-backend.js';

/**
 * The standalone backend: `npm run backend` (PORT, default 8080). The only caller of config.ts; see the
 * docs/configuration.md for every environment variable.
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
  const backend = await startBackend(config);
  console.log(`embedded-chat backend listening on ${backend.url}`);
  const shutdown = (signal: string): void => {
    console.log(`embedded-chat backend: ${signal}, closing`);
    backend.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('embedded-chat backend: unable to close', err);
        process.exit(1);
      },
    );
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
