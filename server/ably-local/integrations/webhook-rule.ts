import { errors } from '../protocol/ably-error.js';
import { isPlainObject } from '../protocol/item-shape.js';

/** Event sources a rule can forward (DESIGN §14.1); lifecycle and occupancy are not emulated (DESIGN §10). */
export const WEBHOOK_SOURCES = ['channel.message', 'channel.presence'] as const;
export type WebhookSource = (typeof WEBHOOK_SOURCES)[number];

/**
 * An outbound webhook rule as `--webhook`/`--webhooks` or `createLocalAbly({ webhooks })` give it
 * (DESIGN §14.1). Field names follow Ably's integration rule settings.
 */
export interface WebhookRuleInput {
  /** Rule id, sent as `ruleId`/`webhookId` (default `rule-<n>`). */
  id?: string;
  /** Where to POST: an `http:` or `https:` URL. */
  url: string;
  /** Regular expression matched against the full channel name (default: every channel). */
  channelFilter?: string;
  /** Default `["channel.message"]`. */
  sources?: WebhookSource[];
  /** `single`: one request per published frame; `batch` (default): up to 1000 events per request. */
  requestMode?: 'single' | 'batch';
  /** Default true; `false` (single mode only) sends each message's data alone, metadata in headers. */
  enveloped?: boolean;
  /** Name of one of the server's keys (`appId.keyId`): requests carry `X-Ably-Key` and `X-Ably-Signature`. */
  signWithKey?: string;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Batch mode: how long events gather after the first one before a request goes (default 1000 ms). */
  batchIntervalMs?: number;
}

/** A validated rule. */
export interface WebhookRule {
  id: string;
  url: string;
  channelFilter: RegExp;
  sources: ReadonlySet<WebhookSource>;
  requestMode: 'single' | 'batch';
  enveloped: boolean;
  signWith?: { keyName: string; secret: string };
  headers: Record<string, string>;
  batchIntervalMs: number;
}

const RESERVED_HEADERS = /^(content-type|content-length|host|x-ably-key|x-ably-signature|x-ably-version)$/i;

/**
 * Validates a rule (40000 with the reason otherwise). `keys` are the server's keys, for `signWithKey`.
 * Pure.
 */
export function parseWebhookRule(
  input: unknown,
  index: number,
  keys: readonly { keyName: string; secret: string }[],
): WebhookRule {
  const fail = (reason: string): never => {
    throw errors.badRequest(`unable to configure webhook rule ${index + 1}; ${reason}`);
  };
  if (!isPlainObject(input)) fail('a rule must be an object');
  const rule = input as Record<string, unknown>;
  const known = [
    'id',
    'url',
    'channelFilter',
    'sources',
    'requestMode',
    'enveloped',
    'signWithKey',
    'headers',
    'batchIntervalMs',
  ];
  const unknown = Object.keys(rule).filter((k) => !known.includes(k));
  if (unknown.length > 0) fail(`unknown field ${JSON.stringify(unknown[0])}`);
  let url: URL | undefined;
  try {
    url = typeof rule.url === 'string' ? new URL(rule.url) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) fail('url must be an http(s) URL');
  const id = rule.id ?? `rule-${index + 1}`;
  if (typeof id !== 'string' || !/^[\w.-]{1,64}$/.test(id)) fail('id must be 1–64 letters, digits, _ . or -');
  let channelFilter = /(?:)/;
  if (rule.channelFilter !== undefined) {
    if (typeof rule.channelFilter !== 'string') fail('channelFilter must be a regular expression string');
    try {
      channelFilter = new RegExp(rule.channelFilter as string);
    } catch (err) {
      fail(`channelFilter is not a regular expression (${(err as Error).message})`);
    }
  }
  const sources = rule.sources ?? ['channel.message'];
  if (
    !Array.isArray(sources) ||
    sources.length === 0 ||
    !sources.every((s) => (WEBHOOK_SOURCES as readonly unknown[]).includes(s))
  ) {
    fail(`sources must be a non-empty list of ${WEBHOOK_SOURCES.join(', ')}`);
  }
  const requestMode = rule.requestMode ?? 'batch';
  if (requestMode !== 'single' && requestMode !== 'batch') fail('requestMode must be single or batch');
  const enveloped = rule.enveloped ?? true;
  if (typeof enveloped !== 'boolean') fail('enveloped must be true or false');
  if (!enveloped && requestMode === 'batch') fail('batched requests are always enveloped');
  const headers = rule.headers ?? {};
  if (!isPlainObject(headers) || !Object.values(headers).every((v) => typeof v === 'string')) {
    fail('headers must be an object of strings');
  }
  const headerNames = Object.keys(headers as object);
  if (headerNames.some((h) => RESERVED_HEADERS.test(h) || !/^[\w-]+$/.test(h))) {
    fail('headers may not set content-type, host or x-ably-* signing headers');
  }
  const batchIntervalMs = rule.batchIntervalMs ?? 1000;
  if (
    typeof batchIntervalMs !== 'number' ||
    !Number.isInteger(batchIntervalMs) ||
    batchIntervalMs < 0 ||
    batchIntervalMs > 60_000
  ) {
    fail('batchIntervalMs must be 0–60000');
  }
  const parsed: WebhookRule = {
    id: id as string,
    url: url!.href,
    channelFilter,
    sources: new Set(sources as WebhookSource[]),
    requestMode: requestMode as 'single' | 'batch',
    enveloped: enveloped as boolean,
    headers: headers as Record<string, string>,
    batchIntervalMs: batchIntervalMs as number,
  };
  if (rule.signWithKey !== undefined) {
    const key = keys.find((k) => k.keyName === rule.signWithKey);
    if (!key) fail(`signWithKey ${JSON.stringify(rule.signWithKey)} is not one of this server's key names`);
    parsed.signWith = { keyName: key!.keyName, secret: key!.secret };
  }
  return parsed;
}

/** Parses a list of rules; ids must be unique. */
export function parseWebhookRules(
  input: unknown,
  keys: readonly { keyName: string; secret: string }[],
): WebhookRule[] {
  if (!Array.isArray(input))
    throw errors.badRequest('unable to configure webhooks; rules must be a JSON array');
  const rules = input.map((rule, index) => parseWebhookRule(rule, index, keys));
  const ids = new Set<string>();
  for (const rule of rules) {
    if (ids.has(rule.id))
      throw errors.badRequest(`unable to configure webhooks; rule id ${rule.id} is used twice`);
    ids.add(rule.id);
  }
  return rules;
}
