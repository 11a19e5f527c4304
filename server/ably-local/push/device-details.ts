import { errors } from '../protocol/ably-error.js';
import { isPlainObject, nestsDeeperThan } from '../protocol/item-shape.js';

/**
 * Device registrations as the `ably/push` plugin and `push.admin` send them (DESIGN §13.1).
 * Pure: shapes, validation and the JSON the REST API answers with.
 */

export type DeviceState = 'ACTIVE' | 'FAILING' | 'FAILED';

/** `push.recipient` of a device: Web Push is delivered; the other transports are stored and listed only. */
export type PushRecipient =
  | {
      transportType: 'web';
      targetUrl: string;
      encryptionKey: { p256dh: string; auth: string };
      publicVapidKey?: string;
    }
  | { transportType: 'apns'; deviceToken: string }
  | { transportType: 'fcm' | 'gcm'; registrationToken: string }
  | { transportType: 'ablyChannel'; channel: string; ablyKey?: string; ablyUrl?: string };

/** What a client may set on a device. */
export interface DeviceInput {
  id: string;
  platform: string;
  formFactor: string;
  clientId?: string;
  deviceSecret?: string;
  metadata?: Record<string, unknown>;
  recipient: PushRecipient;
}

/** A stored device registration. `tokenHash` is the SHA-256 of its deviceIdentityToken's secret part. */
export interface DeviceRecord extends Omit<DeviceInput, 'recipient'> {
  push: {
    recipient: PushRecipient;
    state: DeviceState;
    error?: { code: number; statusCode: number; message: string };
  };
  tokenHash?: string;
  tokenIssued?: number;
  createdAt: number;
  updatedAt: number;
}

/** A channel subscription: a device, or every device of a clientId. */
export interface ChannelSubscription {
  channel: string;
  deviceId?: string;
  clientId?: string;
}

const PLATFORMS = new Set(['browser', 'android', 'ios']);
const FORM_FACTORS = new Set(['phone', 'tablet', 'desktop', 'tv', 'watch', 'car', 'embedded', 'other']);
/** Device ids: ULIDs from the SDK, or what an admin chooses; printable, no separators of our own. */
const DEVICE_ID = /^[A-Za-z0-9_:@+=-]{1,128}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const MAX_FIELD = 4096;
const MAX_METADATA = 4096;

/** A Web Push endpoint from `targetUrl`: base64 of an `https:` URL (DESIGN §13.1). */
export function webEndpoint(recipient: { targetUrl: string }): string {
  return Buffer.from(recipient.targetUrl, 'base64').toString('utf8');
}

/** Standard or URL-safe base64 → URL-safe without padding, as web-push wants keys. */
export function toBase64Url(value: string): string {
  return value.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fail(operation: string, reason: string): never {
  throw errors.badRequest(`unable to ${operation}; ${reason}`);
}

function stringField(value: unknown, field: string, operation: string, max = MAX_FIELD): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    fail(operation, `${field} must be a string of 1–${max} characters`);
  }
  return value;
}

function optionalString(value: unknown, field: string, operation: string): string | undefined {
  return value === undefined || value === null ? undefined : stringField(value, field, operation);
}

function base64Key(value: unknown, field: string, bytes: number, operation: string): string {
  const text = stringField(value, field, operation, 256);
  if (!BASE64.test(text) || Buffer.from(toBase64Url(text), 'base64url').length !== bytes) {
    fail(operation, `${field} must be base64 of ${bytes} bytes`);
  }
  return text;
}

/** Validates `push.recipient` (40000 otherwise). Web endpoints must be `https:` (RFC 8030). */
export function parseRecipient(value: unknown, operation: string): PushRecipient {
  if (!isPlainObject(value)) fail(operation, 'push.recipient must be an object');
  const type = value.transportType;
  if (type === 'web') {
    const targetUrl = stringField(value.targetUrl, 'push.recipient.targetUrl', operation);
    let endpoint: URL;
    try {
      endpoint = new URL(webEndpoint({ targetUrl }));
    } catch {
      fail(operation, 'push.recipient.targetUrl must be base64 of the push endpoint URL');
    }
    if (endpoint.protocol !== 'https:') fail(operation, 'the push endpoint must be an https: URL');
    if (!isPlainObject(value.encryptionKey)) fail(operation, 'push.recipient.encryptionKey is required');
    const key = value.encryptionKey;
    const recipient: PushRecipient = {
      transportType: 'web',
      targetUrl,
      encryptionKey: {
        p256dh: base64Key(key.p256dh, 'encryptionKey.p256dh', 65, operation),
        auth: base64Key(key.auth, 'encryptionKey.auth', 16, operation),
      },
    };
    const vapid = optionalString(value.publicVapidKey, 'push.recipient.publicVapidKey', operation);
    if (vapid !== undefined) recipient.publicVapidKey = vapid;
    return recipient;
  }
  if (type === 'apns') {
    return { transportType: 'apns', deviceToken: stringField(value.deviceToken, 'deviceToken', operation) };
  }
  if (type === 'fcm' || type === 'gcm') {
    return {
      transportType: type,
      registrationToken: stringField(value.registrationToken, 'registrationToken', operation),
    };
  }
  if (type === 'ablyChannel') {
    const recipient: PushRecipient = {
      transportType: 'ablyChannel',
      channel: stringField(value.channel, 'push.recipient.channel', operation),
    };
    const ablyKey = optionalString(value.ablyKey, 'ablyKey', operation);
    const ablyUrl = optionalString(value.ablyUrl, 'ablyUrl', operation);
    if (ablyKey !== undefined) recipient.ablyKey = ablyKey;
    if (ablyUrl !== undefined) recipient.ablyUrl = ablyUrl;
    return recipient;
  }
  fail(operation, 'push.recipient.transportType must be web, apns, fcm, gcm or ablyChannel');
}

/** Whether `id` can be a device id. */
export function isDeviceId(id: unknown): id is string {
  return typeof id === 'string' && DEVICE_ID.test(id);
}

/**
 * A DeviceDetails body (POST register, PUT save): `id`, `platform`, `formFactor`, `push.recipient`, and
 * optionally `clientId`, `deviceSecret`, `metadata` (an object). Server fields (`push.state`, `push.error`,
 * `deviceIdentityToken`) are ignored. 40000 for anything else.
 */
export function parseDeviceDetails(body: unknown, operation: string, pathId?: string): DeviceInput {
  if (!isPlainObject(body)) fail(operation, 'body must be a DeviceDetails object');
  const id = body.id ?? pathId;
  if (!isDeviceId(id)) fail(operation, 'id must be 1–128 letters, digits or _ : @ + = -');
  if (pathId !== undefined && id !== pathId) fail(operation, 'id differs from the device id in the path');
  const platform = stringField(body.platform, 'platform', operation, 32);
  if (!PLATFORMS.has(platform)) fail(operation, 'platform must be browser, android or ios');
  const formFactor = stringField(body.formFactor, 'formFactor', operation, 32);
  if (!FORM_FACTORS.has(formFactor))
    fail(operation, `formFactor must be one of ${[...FORM_FACTORS].join(', ')}`);
  if (!isPlainObject(body.push)) fail(operation, 'push must be an object with a recipient');
  const input: DeviceInput = {
    id,
    platform,
    formFactor,
    recipient: parseRecipient(body.push.recipient, operation),
  };
  const clientId = optionalString(body.clientId, 'clientId', operation);
  if (clientId === '*') throw errors.invalidClientId(`unable to ${operation}; clientId "*" is not a client`);
  if (clientId !== undefined) input.clientId = clientId;
  const secret = optionalString(body.deviceSecret, 'deviceSecret', operation);
  if (secret !== undefined) input.deviceSecret = secret;
  const metadata = parseMetadata(body.metadata, operation);
  if (metadata !== undefined) input.metadata = metadata;
  return input;
}

/** The fields a device may change on itself with `PATCH` (the SDK sends `{push: {recipient}}`). */
export function parseDevicePatch(
  body: unknown,
  operation: string,
): { recipient?: PushRecipient; metadata?: Record<string, unknown> } {
  if (!isPlainObject(body)) fail(operation, 'body must be an object');
  const patch: { recipient?: PushRecipient; metadata?: Record<string, unknown> } = {};
  if (body.push !== undefined) {
    if (!isPlainObject(body.push)) fail(operation, 'push must be an object');
    if (body.push.recipient !== undefined) patch.recipient = parseRecipient(body.push.recipient, operation);
  }
  const metadata = parseMetadata(body.metadata, operation);
  if (metadata !== undefined) patch.metadata = metadata;
  return patch;
}

function parseMetadata(value: unknown, operation: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value) || nestsDeeperThan(value, 8) || JSON.stringify(value).length > MAX_METADATA) {
    fail(operation, `metadata must be an object of at most ${MAX_METADATA} bytes`);
  }
  return value;
}

/** The DeviceDetails JSON the API answers with; the deviceSecret never leaves the server. */
export function deviceJson(
  record: DeviceRecord,
  token?: { token: string; issued: number },
): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: record.id,
    platform: record.platform,
    formFactor: record.formFactor,
    push: { ...record.push },
  };
  if (record.clientId !== undefined) json.clientId = record.clientId;
  if (record.metadata !== undefined) json.metadata = record.metadata;
  if (token) {
    json.deviceIdentityToken = {
      token: token.token,
      issued: token.issued,
      // Device identity tokens stay valid until the device is removed or registered again (DESIGN §13.1).
      expires: token.issued + 10 * 365 * 24 * 3600 * 1000,
      capability: JSON.stringify({ '*': ['push-subscribe'] }),
      ...(record.clientId === undefined ? {} : { clientId: record.clientId }),
    };
  }
  return json;
}
