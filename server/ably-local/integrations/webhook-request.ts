import { createHmac, randomBytes } from 'node:crypto';
import type { StoredMessage } from '../core/message-store.js';
import type { Member } from '../core/presence-set.js';
import type { WebhookRule, WebhookSource } from './webhook-rule.js';

/**
 * The requests of outbound webhooks (DESIGN §14.2). Pure: envelopes, batches, non-enveloped
 * bodies with their metadata headers, and signatures.
 */

/** One event for a rule: what one published frame (or presence change) put on one channel. */
export interface WebhookEvent {
  source: WebhookSource;
  channel: string;
  timestamp: number;
  /** Messages or presence messages in wire form (see {@link wireItem}). */
  items: Record<string, unknown>[];
}

export interface WebhookRequest {
  headers: Record<string, string>;
  body: Buffer;
}

export const SITE = 'local';

/**
 * A message or presence message as webhooks carry it: the wire form, so receivers decode it with
 * `Message.fromEncodedArray` — bytes as base64 with a `base64` step, JSON values as a string with a `json`
 * step, numeric `action`.
 */
export function wireItem(item: StoredMessage | Member): Record<string, unknown> {
  const out: Record<string, unknown> = { ...item };
  const { data } = item;
  const steps = item.encoding ? [item.encoding] : [];
  if (Buffer.isBuffer(data)) {
    out.data = data.toString('base64');
    steps.push('base64');
  } else if (data !== null && typeof data === 'object') {
    out.data = JSON.stringify(data);
    steps.push('json');
  }
  if (steps.length > 0) out.encoding = steps.join('/');
  return out;
}

const itemsKey = (source: WebhookSource) => (source === 'channel.presence' ? 'presence' : 'messages');

/** `x-ably-version`, content type, the rule's headers and, when it signs, `X-Ably-Key`/`X-Ably-Signature`. */
function signed(
  rule: WebhookRule,
  body: Buffer,
  contentType: string,
  extra: Record<string, string> = {},
): WebhookRequest {
  const headers: Record<string, string> = {
    ...rule.headers,
    ...extra,
    'content-type': contentType,
    'x-ably-version': '1.2',
  };
  if (rule.signWith) {
    headers['x-ably-key'] = rule.signWith.keyName;
    headers['x-ably-signature'] = signature(rule.signWith.secret, body);
  }
  return { headers, body };
}

/** `base64(HMAC-SHA256(key secret, raw body))` (DESIGN §14.2). */
export function signature(secret: string, body: Buffer): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** A single enveloped request: `{source, appId, channel, site, ruleId, messages|presence}`. */
export function singleRequest(rule: WebhookRule, appId: string, event: WebhookEvent): WebhookRequest {
  const body = {
    source: event.source,
    appId,
    channel: event.channel,
    site: SITE,
    ruleId: rule.id,
    [itemsKey(event.source)]: event.items,
  };
  return signed(rule, Buffer.from(JSON.stringify(body)), 'application/json');
}

/** A batched request: `{items: [{webhookId, source, serial, timestamp, name, data: {channelId, site, …}}]}`. */
export function batchRequest(rule: WebhookRule, events: readonly WebhookEvent[]): WebhookRequest {
  const items = events.map((event) => ({
    webhookId: rule.id,
    source: event.source,
    serial: randomBytes(9).toString('base64url'),
    timestamp: event.timestamp,
    name: event.source === 'channel.presence' ? 'presence.message' : 'channel.message',
    data: { channelId: event.channel, site: SITE, [itemsKey(event.source)]: event.items },
  }));
  return signed(rule, Buffer.from(JSON.stringify({ items })), 'application/json');
}

/**
 * Non-enveloped requests: one per message, the body its data alone (JSON, text or bytes), the metadata in
 * `x-ably-envelope-*` and `x-ably-message-*` headers.
 */
export function rawRequests(rule: WebhookRule, appId: string, event: WebhookEvent): WebhookRequest[] {
  return event.items.map((item) => {
    const data = item.data;
    const encoding = typeof item.encoding === 'string' ? item.encoding : '';
    let body: Buffer;
    let type = 'text/plain';
    if (typeof data === 'string' && encoding.endsWith('base64')) {
      body = Buffer.from(data, 'base64');
      type = 'application/octet-stream';
    } else if (typeof data === 'string') {
      body = Buffer.from(data);
      if (encoding.endsWith('json')) type = 'application/json';
    } else {
      body = Buffer.from(data === undefined ? '' : JSON.stringify(data));
      type = 'application/json';
    }
    const meta: Record<string, string> = {
      'x-ably-envelope-appid': appId,
      'x-ably-envelope-channel': event.channel,
      'x-ably-envelope-rule-id': rule.id,
      'x-ably-envelope-site': SITE,
      'x-ably-envelope-source': event.source,
    };
    const fields: [string, unknown][] = [
      ['x-ably-message-client-id', item.clientId],
      ['x-ably-message-connection-id', item.connectionId],
      ['x-ably-message-id', item.id],
      ['x-ably-message-timestamp', item.timestamp],
      ['x-ably-message-name', event.source === 'channel.presence' ? item.action : item.name],
    ];
    for (const [name, value] of fields) {
      // Header values are ASCII: others are percent-encoded.
      if (value !== undefined && value !== null) meta[name] = encodeURI(String(value));
    }
    return signed(rule, body, type, meta);
  });
}
