/**
 * Before-publish moderation rules (DESIGN §12): which Chat rooms a rule covers, where it asks, and what it does
 * when no answer comes. Pure validation of the operator's configuration (`--moderation-rule`, a JSON file,
 * `createLocalAbly({ moderation })`); every problem is reported as "unable to configure moderation; …".
 */

/** What the operator writes, as JSON or in code. */
export interface ModerationRuleSpec {
  /** Sent as `ruleId`; default `moderation-<n>` (1-based position). */
  id?: string;
  /** Regex on the full channel name (`<room>::$chat`); default: every Chat room. */
  channelFilter?: string;
  /** Regex on the room name instead (Ably's `chatRoomFilter`, a Control API rule's); not with channelFilter. */
  roomFilter?: string;
  /** The endpoint (http or https) that receives Ably's custom-moderation request. */
  url: string;
  /** Extra request headers, e.g. `{"authorization": "Bearer …"}`. */
  headers?: Record<string, string>;
  /** The whole budget for one message, retries included (Ably's "Retry timeout"); default 2000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt, for 5xx, network errors and (with `retry`) 429; default 2. */
  maxRetries?: number;
  /** When no decision arrives in time: `reject` (default; 42211) or `publish` anyway (Ably's two options). */
  failedAction?: 'reject' | 'publish';
  /** On `429 Too Many Requests`: `fail` (default: the failed action at once) or `retry` like a 5xx. */
  tooManyRequestsAction?: 'fail' | 'retry';
}

/** A validated rule. */
export interface ModerationRule {
  id: string;
  channelFilter: RegExp;
  /** Whether `channelFilter` is matched against the room name (a `roomFilter`) or the channel name. */
  filtersRoom: boolean;
  url: URL;
  headers: Record<string, string>;
  timeoutMs: number;
  maxRetries: number;
  failedAction: 'reject' | 'publish';
  tooManyRequestsAction: 'fail' | 'retry';
}

export const DEFAULT_MODERATION_TIMEOUT_MS = 2000;
export const DEFAULT_MODERATION_RETRIES = 2;
const MAX_TIMEOUT_MS = 60_000;
const MAX_RETRIES = 10;
const MAX_RULES = 32;
const RULE_FIELDS = new Set([
  'id',
  'channelFilter',
  'roomFilter',
  'url',
  'headers',
  'timeoutMs',
  'maxRetries',
  'failedAction',
  'tooManyRequestsAction',
]);
/** Header names the request itself owns. */
const RESERVED_HEADERS = new Set([
  'content-type',
  'content-length',
  'host',
  'connection',
  'transfer-encoding',
]);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export class ModerationConfigError extends Error {
  constructor(reason: string) {
    super(`unable to configure moderation; ${reason}`);
    this.name = 'ModerationConfigError';
  }
}

/** Validates a list of rule specs (or one spec) into rules; throws {@link ModerationConfigError}. */
export function parseModerationRules(value: unknown): ModerationRule[] {
  const specs = Array.isArray(value) ? value : [value];
  if (specs.length > MAX_RULES) throw new ModerationConfigError(`at most ${MAX_RULES} rules`);
  const rules = specs.map((spec, index) => parseRule(spec, index));
  const ids = new Set<string>();
  for (const rule of rules) {
    if (ids.has(rule.id)) throw new ModerationConfigError(`rule id ${JSON.stringify(rule.id)} is repeated`);
    ids.add(rule.id);
  }
  return rules;
}

function parseRule(spec: unknown, index: number): ModerationRule {
  const where = `rule ${index + 1}`;
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new ModerationConfigError(`${where} must be a JSON object`);
  }
  const raw = spec as Record<string, unknown>;
  for (const field of Object.keys(raw)) {
    if (!RULE_FIELDS.has(field)) throw new ModerationConfigError(`${where} has an unknown field ${field}`);
  }
  const id = raw.id ?? `moderation-${index + 1}`;
  if (typeof id !== 'string' || !/^[\w.:-]{1,64}$/.test(id)) {
    throw new ModerationConfigError(`${where}: id must be 1–64 letters, digits, _ . : or -`);
  }
  if (raw.channelFilter !== undefined && raw.roomFilter !== undefined) {
    throw new ModerationConfigError(`${where} has both channelFilter and roomFilter`);
  }
  return {
    id,
    channelFilter: filterOf(raw.roomFilter ?? raw.channelFilter, where),
    filtersRoom: raw.roomFilter !== undefined,
    url: urlOf(raw.url, where),
    headers: headersOf(raw.headers, where),
    timeoutMs: intOf(raw.timeoutMs, DEFAULT_MODERATION_TIMEOUT_MS, 1, MAX_TIMEOUT_MS, `${where}: timeoutMs`),
    maxRetries: intOf(raw.maxRetries, DEFAULT_MODERATION_RETRIES, 0, MAX_RETRIES, `${where}: maxRetries`),
    failedAction: oneOf(raw.failedAction, ['reject', 'publish'] as const, `${where}: failedAction`),
    tooManyRequestsAction: oneOf(
      raw.tooManyRequestsAction,
      ['fail', 'retry'] as const,
      `${where}: tooManyRequestsAction`,
    ),
  };
}

function filterOf(value: unknown, where: string): RegExp {
  if (value === undefined) return /::\$chat$/;
  if (typeof value !== 'string' || value === '') {
    throw new ModerationConfigError(`${where}: the filter must be a non-empty regular expression`);
  }
  try {
    return new RegExp(value);
  } catch (err) {
    throw new ModerationConfigError(
      `${where}: the filter is not a valid regular expression (${(err as Error).message})`,
    );
  }
}

/** Whether a rule covers a Chat room channel `<room>::$chat` (its filter on the channel or the room name). */
export function ruleCovers(rule: ModerationRule, channel: string, room: string): boolean {
  return rule.channelFilter.test(rule.filtersRoom ? room : channel);
}

function urlOf(value: unknown, where: string): URL {
  if (typeof value !== 'string') throw new ModerationConfigError(`${where}: url is required`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ModerationConfigError(`${where}: url ${JSON.stringify(value)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ModerationConfigError(`${where}: url must be http or https`);
  }
  return url;
}

function headersOf(value: unknown, where: string): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ModerationConfigError(`${where}: headers must be an object of strings`);
  }
  const headers: Record<string, string> = {};
  for (const [name, text] of Object.entries(value)) {
    if (!HEADER_NAME.test(name) || RESERVED_HEADERS.has(name.toLowerCase())) {
      throw new ModerationConfigError(`${where}: header ${JSON.stringify(name)} cannot be set`);
    }
    if (typeof text !== 'string' || /[\r\n\0]/.test(text)) {
      throw new ModerationConfigError(`${where}: header ${name} must be a single-line string`);
    }
    headers[name.toLowerCase()] = text;
  }
  return headers;
}

function intOf(value: unknown, fallback: number, min: number, max: number, what: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ModerationConfigError(`${what} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function oneOf<T extends string>(value: unknown, options: readonly T[], what: string): T {
  if (value === undefined) return options[0]!;
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw new ModerationConfigError(`${what} must be ${options.join(' or ')}`);
  }
  return value as T;
}
