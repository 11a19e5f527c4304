import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseApiKey } from '../ably-auth/ably-settings.js';

/** A key that may sign webhook requests: `appId.keyId` and its secret. */
export interface WebhookKey {
  keyName: string;
  secret: string;
}

export function webhookKeys(apiKeys: readonly string[]): WebhookKey[] {
  return apiKeys.map((key) => parseApiKey(key));
}

/**
 * Checks an Ably webhook signature (Ably's webhooks docs): `X-Ably-Key` names the key (`appId.keyId`, or just its
 * `keyId`), `X-Ably-Signature` is base64 HMAC-SHA256 of the raw body with that key's secret. Returns why it
 * is refused, or undefined when it verifies. Pure; compares in constant time.
 */
export function webhookSignatureProblem(
  keyHeader: string | undefined,
  signatureHeader: string | undefined,
  body: Buffer,
  keys: readonly WebhookKey[],
): string | undefined {
  if (!keyHeader || !signatureHeader) return 'the request is not signed (X-Ably-Key, X-Ably-Signature)';
  const key = keys.find((k) => k.keyName === keyHeader || k.keyName.split('.')[1] === keyHeader);
  if (!key) return `it is signed with key ${JSON.stringify(keyHeader.slice(0, 64))}, not one configured`;
  const expected = createHmac('sha256', key.secret).update(body).digest();
  const given = Buffer.from(signatureHeader, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? undefined
    : 'the signature does not match';
}
