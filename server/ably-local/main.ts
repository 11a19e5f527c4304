import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createLocalAbly } from './create-server.js';
import { readWebhookRules } from './integrations/webhook-config.js';
import {
  ModerationConfigError,
  parseModerationRules,
  type ModerationRule,
  type ModerationRuleSpec,
} from './integrations/moderation-rule.js';
import { keySpecsFromArgs, readKeyList } from './key-specs.js';
import { resolveControlToken } from './local-control-token.js';
import { resolveLocalKeys } from './local-key.js';

/**
 * ably-local CLI: `npm run ably-local -- --port 8081 --key appId.keyId:secret --data file.sqlite`.
 * The only place ably-local reads its environment (DESIGN §1).
 */
const USAGE = `usage: ably-local [--port 8081] [--host 127.0.0.1] [--data file.sqlite]
                  [--key appId.keyId:secret [--key-capability '{"channel":["subscribe"]}']]...
                  [--keys-file keys.json]   (a JSON array of "key" strings or {"key", "capability"})
                  [--moderation-rule '<json>']... [--moderation-rules rules.json]
                  [--webhook '<JSON rule>']... [--webhooks rules.json] [--vapid-subject mailto:you@example.com]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      key: { type: 'string', multiple: true },
      'key-capability': { type: 'string', multiple: true },
      'keys-file': { type: 'string' },
      data: { type: 'string' },
      webhook: { type: 'string', multiple: true },
      webhooks: { type: 'string' },
      'vapid-subject': { type: 'string' },
      'moderation-rule': { type: 'string', multiple: true },
      'moderation-rules': { type: 'string' },
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
  const data = values.data ?? process.env.ABLY_LOCAL_DATA;
  const given = givenKeys(values.key, values['key-capability'], values['keys-file']);
  const local = resolveLocalKeys({ ...given, dataFile: data });
  const env = process.env;
  let control;
  try {
    control = resolveControlToken({ given: env.ABLY_LOCAL_CONTROL_TOKEN || undefined, dataFile: data });
  } catch (err) {
    console.error(`ably-local: unable to read the Control API token; ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const webhooks = readWebhookRules(values.webhook ?? [], values.webhooks ?? env.ABLY_LOCAL_WEBHOOKS);
  const vapidSubject = values['vapid-subject'] ?? env.ABLY_LOCAL_VAPID_SUBJECT;
  const [vapidPublic, vapidPrivate] = [env.ABLY_LOCAL_VAPID_PUBLIC_KEY, env.ABLY_LOCAL_VAPID_PRIVATE_KEY];
  if (Boolean(vapidPublic) !== Boolean(vapidPrivate)) {
    throw new Error('set both ABLY_LOCAL_VAPID_PUBLIC_KEY and ABLY_LOCAL_VAPID_PRIVATE_KEY, or neither');
  }
  let moderation: ModerationRuleSpec[];
  let rules: ModerationRule[];
  try {
    moderation = moderationRules(
      values['moderation-rule'] ?? [],
      values['moderation-rules'] ?? process.env.ABLY_LOCAL_MODERATION_RULES,
    );
    rules = parseModerationRules(moderation);
  } catch (err) {
    console.error(`ably-local: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    process.exit(2);
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
    moderation,
    controlToken: control.token,
  });
  const { endpoint } = server.clientOptions;
  console.log(`ably-local listening on ${server.url} (${data ? `SQLite ${data}` : 'in-memory storage'})`);
  console.log(`  key:            ${local.keyName} (${local.source})`);
  for (const { keyName, capability } of server.keys) {
    console.log(`  capability:     ${keyName} ${JSON.stringify(capability)}`);
  }
  console.log(`  push outbox:    ${server.url}/push/outbox.html (sign in with the key name and secret)`);
  // Like the key: a token that lives only in this process is printed, a stored or given one never.
  const token = control.ephemeral ? ` '${control.token}'` : '';
  console.log(`  control API:    ${server.control.url}, token${token} (${control.source})`);
  for (const rule of webhooks) console.log(`  webhook:        ${rule.url}`);
  // A key that lives only in this process is useless unless shown; a stored or given one is not printed.
  const first = local.keys[0]!;
  const key = local.ephemeral ? `'${typeof first === 'string' ? first : first.key}'` : `<${local.keyName}:…>`;
  for (const rule of rules) {
    // Headers usually carry a secret: never printed.
    console.log(
      `  moderation:     ${rule.id} /${rule.channelFilter.source}/ → ${rule.url.origin}${rule.url.pathname}`,
    );
  }
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

/** Rules from `--moderation-rule` (one JSON object each) and a JSON file (one rule or an array). */
function moderationRules(inline: string[], file: string | undefined): ModerationRuleSpec[] {
  const rules = inline.map((text) => parseJson(text, '--moderation-rule') as ModerationRuleSpec);
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ModerationConfigError(`cannot read ${file} (${(err as Error).message})`);
    }
    const parsed = parseJson(text, file);
    rules.push(...((Array.isArray(parsed) ? parsed : [parsed]) as ModerationRuleSpec[]));
  }
  return rules;
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ModerationConfigError(`${where} is not JSON (${(err as Error).message})`);
  }
}

/**
 * Keys from `--key` (+ `--key-capability`), `--keys-file`, or `ABLY_LOCAL_KEY` (+ `ABLY_LOCAL_KEY_CAPABILITY`)
 * / `ABLY_LOCAL_KEYS_FILE`, in that order of precedence (DESIGN §6.1). Exits with the usage on a bad spec.
 */
function givenKeys(
  keys: string[] | undefined,
  capabilities: string[] | undefined,
  keysFile: string | undefined,
): Pick<Parameters<typeof resolveLocalKeys>[0], 'given' | 'givenFrom'> {
  try {
    if (keys) return { given: keySpecsFromArgs(keys, capabilities), givenFrom: '--key' };
    if (capabilities) throw new Error('unable to read keys; --key-capability needs a --key');
    if (keysFile) return { given: readKeyList(keysFile), givenFrom: `--keys-file ${keysFile}` };
    const envKey = process.env.ABLY_LOCAL_KEY;
    const envCapability = process.env.ABLY_LOCAL_KEY_CAPABILITY;
    if (envKey) {
      return {
        given: keySpecsFromArgs([envKey], envCapability ? [envCapability] : []),
        givenFrom: 'ABLY_LOCAL_KEY',
      };
    }
    const envFile = process.env.ABLY_LOCAL_KEYS_FILE;
    if (envFile) return { given: readKeyList(envFile), givenFrom: `ABLY_LOCAL_KEYS_FILE ${envFile}` };
    return {};
  } catch (err) {
    console.error(`ably-local: ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

main().catch((err: unknown) => {
  console.error(`ably-local: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
