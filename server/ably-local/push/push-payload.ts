import { errors } from '../protocol/ably-error.js';
import { isPlainObject, nestsDeeperThan } from '../protocol/item-shape.js';
import { isDeviceId, parseRecipient, type PushRecipient } from './device-details.js';

/**
 * Push payloads and recipients (DESIGN §13.4). Pure: validation of `POST /push/publish` and of
 * `extras.push`, and the JSON body a browser's service worker receives.
 */
export interface PushPayload {
  notification?: Record<string, unknown>;
  data?: Record<string, string>;
  web?: Record<string, unknown>;
  apns?: Record<string, unknown>;
  fcm?: Record<string, unknown>;
}

/** Who a publish goes to: a device, every device of a clientId, or a recipient given inline. */
export type PublishTarget = { deviceId: string } | { clientId: string } | { recipient: PushRecipient };

/**
 * Largest Web Push body: one RFC 8188 record of 4096 bytes minus the aes128gcm header (86) and tag and
 * padding delimiter (17).
 */
export const MAX_WEB_PUSH_BODY = 3993;

const NOTIFICATION_STRINGS = [
  'title',
  'body',
  'icon',
  'sound',
  'collapseKey',
  'badge',
  'image',
  'tag',
  'lang',
  'dir',
];

/** Validates a payload (40000 otherwise): objects nested ≤ 8, `data` values strings, `notification.ttl` a number. */
export function parsePayload(value: unknown, operation: string): PushPayload {
  const fail = (reason: string): never => {
    throw errors.badRequest(`unable to ${operation}; ${reason}`);
  };
  if (!isPlainObject(value) || nestsDeeperThan(value, 8)) fail('the push payload must be an object');
  const payload = value as Record<string, unknown>;
  const out: PushPayload = {};
  if (payload.notification !== undefined) {
    if (!isPlainObject(payload.notification)) fail('notification must be an object');
    const notification = payload.notification as Record<string, unknown>;
    for (const field of NOTIFICATION_STRINGS) {
      if (notification[field] !== undefined && typeof notification[field] !== 'string') {
        fail(`notification.${field} must be a string`);
      }
    }
    const ttl = notification.ttl;
    if (
      ttl !== undefined &&
      (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0 || ttl > 2_419_200)
    ) {
      fail('notification.ttl must be whole seconds, at most 28 days');
    }
    out.notification = notification;
  }
  if (payload.data !== undefined) {
    if (!isPlainObject(payload.data) || !Object.values(payload.data).every((v) => typeof v === 'string')) {
      fail('data must be an object of strings');
    }
    out.data = payload.data as Record<string, string>;
  }
  for (const platform of ['web', 'apns', 'fcm'] as const) {
    if (payload[platform] === undefined) continue;
    if (!isPlainObject(payload[platform])) fail(`${platform} must be an object`);
    out[platform] = payload[platform] as Record<string, unknown>;
  }
  if (out.notification === undefined && out.data === undefined && out.web === undefined) {
    fail('the payload needs a notification, data or web');
  }
  return out;
}

/** `POST /push/publish` body: `{recipient, ...payload}` (ably-js mixes the payload into the body). */
export function parsePublishBody(body: unknown): { target: PublishTarget; payload: PushPayload } {
  const operation = 'publish push';
  if (!isPlainObject(body)) throw errors.badRequest(`unable to ${operation}; body must be an object`);
  const { recipient, ...payload } = body;
  return { target: parseTarget(recipient, operation), payload: parseWebPayload(payload, operation) };
}

/** Notifications one batch request may carry (Ably's documented limit: each recipient counts). */
export const MAX_BATCH_NOTIFICATIONS = 10_000;

/**
 * `POST /push/batch/publish` body (Ably's batch push API): `[{recipient, payload}]`, where `recipient` is
 * one recipient or an array of them; at most 10 000 notifications in all.
 */
export function parseBatchPublishBody(body: unknown): { targets: PublishTarget[]; payload: PushPayload }[] {
  const operation = 'publish push batch';
  if (!Array.isArray(body) || body.length === 0) {
    throw errors.badRequest(`unable to ${operation}; body must be a non-empty array of {recipient, payload}`);
  }
  let count = 0;
  return body.map((item: unknown) => {
    if (!isPlainObject(item)) throw errors.badRequest(`unable to ${operation}; each item must be an object`);
    const recipients = Array.isArray(item.recipient) ? item.recipient : [item.recipient];
    count += recipients.length;
    if (recipients.length === 0 || count > MAX_BATCH_NOTIFICATIONS) {
      throw errors.badRequest(
        `unable to ${operation}; 1–${MAX_BATCH_NOTIFICATIONS} notifications per request, each with a recipient`,
      );
    }
    return {
      targets: recipients.map((r: unknown) => parseTarget(r, operation)),
      payload: parseWebPayload(item.payload, operation),
    };
  });
}

function parseWebPayload(value: unknown, operation: string): PushPayload {
  const parsed = parsePayload(value, operation);
  const size = Buffer.byteLength(JSON.stringify(webPushBody(parsed)));
  if (size > MAX_WEB_PUSH_BODY) throw errors.tooLarge(size, MAX_WEB_PUSH_BODY, operation);
  return parsed;
}

function parseTarget(recipient: unknown, operation: string): PublishTarget {
  if (!isPlainObject(recipient)) throw errors.badRequest(`unable to ${operation}; recipient is required`);
  let target: PublishTarget;
  if (recipient.deviceId !== undefined) {
    if (!isDeviceId(recipient.deviceId)) throw errors.badRequest(`unable to ${operation}; invalid deviceId`);
    target = { deviceId: recipient.deviceId };
  } else if (recipient.clientId !== undefined) {
    if (typeof recipient.clientId !== 'string' || recipient.clientId === '' || recipient.clientId === '*') {
      throw errors.invalidClientId(`unable to ${operation}; recipient.clientId must be a clientId`);
    }
    target = { clientId: recipient.clientId };
  } else if (recipient.transportType !== undefined) {
    target = { recipient: parseRecipient(recipient, operation) };
  } else {
    throw errors.badRequest(`unable to ${operation}; recipient needs deviceId, clientId or transportType`);
  }
  return target;
}

/**
 * The JSON a service worker gets (`event.data.json()`): `{notification, data}`, with `web.notification` and
 * `web.data` merged over them; `data` is copied into `notification.data` too, as Ably's docs map data to
 * the Web Notification's `data` (DESIGN §13.4). `ttl` is a delivery setting and stays out.
 */
export function webPushBody(payload: PushPayload): Record<string, unknown> {
  const web = payload.web ?? {};
  const { ttl: _ttl, ...notification } = {
    ...payload.notification,
    ...(isPlainObject(web.notification) ? web.notification : {}),
  };
  const data = { ...payload.data, ...(isPlainObject(web.data) ? (web.data as Record<string, string>) : {}) };
  const body: Record<string, unknown> = {};
  const hasData = Object.keys(data).length > 0;
  if (Object.keys(notification).length > 0 || hasData) {
    body.notification = hasData ? { ...notification, data } : notification;
  }
  if (hasData) body.data = data;
  return body;
}

/** Seconds the push service may keep an undelivered push: `notification.ttl`, else the server default. */
export function pushTtl(payload: PushPayload, fallbackSeconds: number): number {
  const ttl = payload.notification?.ttl;
  return typeof ttl === 'number' ? ttl : fallbackSeconds;
}
