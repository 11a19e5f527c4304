import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createLocalAbly } from './create-server.js';
import type { WebhookRuleInput } from './integrations/webhook-rule.js';
import { resolveLocalKeys } from './local-key.js';

/**
 * ably-local CLI: `npm run ably-local -- --port 8081 --key appId.keyId:secret --data file.sqlite`.
 * The only place ably-local reads its environment (DESIGN §1).
 */
const USAGE = `usage: ably-local [--port 8081] [--host 127.0.0.1] [--key appId.keyId:secret]... [--data file.sqlite]
                  [--webhook '<JSON rule>']... [--webhooks rules.json] [--vapid-subject mailto:you@example.com]`;

/** `--webhook` JSON rules and the rules of a `--webhooks` file (a JSON array), in that order (DESIGN §13.1). */
function webhookRules(flags: string[], file: string | undefined): WebhookRuleInput[] {
  const parse = (text: string, from: string): unknown => {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new Error(`unable to read webhook rules from ${from}; ${(err as Error).message}`, { cause: err });
    }
  };
  const rules = flags.map((flag) => parse(flag, '--webhook') as WebhookRuleInput);
  if (file !== undefined) {
    const list = parse(readFileSync(file, 'utf8'), file);
    if (!Array.isArray(list))
      throw new Error(`unable to read webhook rules from ${file}; expected a JSON array`);
    rules.push(...(list as WebhookRuleInput[]));
  }
  return rules;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      key: { type: 'string', multiple: true },
      data: { type: 'string' },
      webhook: { type: 'string', multiple: true },
      webhooks: { type: 'string' },
      'vapid-subject': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const portText = values.port ?? process.env.ABLY_LOCAL_PORT ?? '8081';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`ably-local: invalid port ${JSON.stringify(portText)}\n${USAGE}`);
    process.exit(2);
  }
  const envKey = process.env.ABLY_LOCAL_KEY;
  const data = values.data ?? process.env.ABLY_LOCAL_DATA;
  const local = resolveLocalKeys({
    given: values.key ?? (envKey ? [envKey] : undefined),
    givenFrom: values.key ? '--key' : 'ABLY_LOCAL_KEY',
    dataFile: data,
  });
  const env = process.env;
  const webhooks = webhookRules(values.webhook ?? [], values.webhooks ?? env.ABLY_LOCAL_WEBHOOKS);
  const vapidSubject = values['vapid-subject'] ?? env.ABLY_LOCAL_VAPID_SUBJECT;
  const [vapidPublic, vapidPrivate] = [env.ABLY_LOCAL_VAPID_PUBLIC_KEY, env.ABLY_LOCAL_VAPID_PRIVATE_KEY];
  if (Boolean(vapidPublic) !== Boolean(vapidPrivate)) {
    throw new Error('set both ABLY_LOCAL_VAPID_PUBLIC_KEY and ABLY_LOCAL_VAPID_PRIVATE_KEY, or neither');
  }
  const server = await createLocalAbly({
    port,
    host: values.host ?? env.ABLY_LOCAL_HOST ?? '127.0.0.1',
    keys: local.keys,
    storage: data ? { sqlite: data } : 'memory',
    webhooks,
    push: {
      ...(vapidSubject ? { vapidSubject } : {}),
      ...(vapidPublic && vapidPrivate
        ? { vapidKeys: { publicKey: vapidPublic, privateKey: vapidPrivate } }
        : {}),
    },
  });
  const { endpoint } = server.clientOptions;
  console.log(`ably-local listening on ${server.url} (${data ? `SQLite ${data}` : 'in-memory storage'})`);
  console.log(`  key:            ${local.keyName} (${local.source})`);
  console.log(`  push outbox:    ${server.url}/push/outbox.html (sign in with the key name and secret)`);
  for (const rule of webhooks) console.log(`  webhook:        ${rule.url}`);
  // A key that lives only in this process is useless unless shown; a stored or given one is not printed.
  const key = local.ephemeral ? `'${local.keys[0]}'` : `<${local.keyName}:…>`;
  console.log(`  client options: { key: ${key}, endpoint: '${endpoint}', port: ${server.port}, tls: false }`);
  const shutdown = (signal: string) => {
    console.log(`ably-local: ${signal}, closing`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('ably-local: error while closing', err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`ably-local: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
