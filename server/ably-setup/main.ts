import { parseArgs } from 'node:util';
import { ConfigError, loadAblySetupConfig } from '../backend/config.js';
import { ablyApp } from './ably-app.js';
import { ControlApi, fetchTransport } from './control-api.js';
import { runAblySetup, type SetupMode } from './run-setup.js';

/**
 * `npm run ably-setup`: makes the Ably app match what embedded-chat needs (docs/production.md). A main: it
 * reads the environment through the backend's config.ts.
 */
const USAGE = `usage: npm run ably-setup [-- --check | --dry-run] [--key-file FILE]
  (no flag)    make the app match: create what is missing, update what drifted, delete its own stale rules
  --check      only report, one line per item; exit 1 when anything is off (for a deploy pipeline)
  --dry-run    print the requests it would send (secrets hidden); sends only reads
  --key-file   write the backend's whole key there (mode 0600), e.g. after ably-setup created it
environment: ABLY_CONTROL_TOKEN, ABLY_APP_ID or ABLY_API_KEY, PUBLIC_URL, and optionally ABLY_CONTROL_URL,
             MODERATION_SECRET, PUSH_ALERTS (docs/production.md)`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        check: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        'key-file': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    console.error(`ably-setup: ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.check && values['dry-run']) {
    console.error(
      `ably-setup: --check and --dry-run are two ways of not changing anything; pick one\n${USAGE}`,
    );
    process.exit(2);
  }
  let config;
  try {
    config = loadAblySetupConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`ably-setup: ${err.message}\n${USAGE}`);
      process.exit(2);
    }
    throw err;
  }
  const mode: SetupMode = values.check ? 'check' : values['dry-run'] ? 'dry-run' : 'apply';
  const outcome = await runAblySetup({
    api: new ControlApi(fetchTransport(config.controlUrl, config.controlToken), config.appId),
    app: ablyApp({
      publicUrl: config.publicUrl,
      pushAlerts: config.pushAlerts,
      attachments: config.attachments,
      inbox: config.inbox,
      pushPresence: config.pushPresence,
      ...(config.moderationSecret === undefined ? {} : { moderationSecret: config.moderationSecret }),
    }),
    mode,
    ...(config.apiKeyName === undefined ? {} : { apiKeyName: config.apiKeyName }),
    ...(values['key-file'] === undefined ? {} : { keyFile: values['key-file'] }),
    print: (line) => console.log(line),
  });
  process.exit(outcome.problems > 0 ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(`ably-setup: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
