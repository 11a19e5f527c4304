import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * deviceIdentityTokens (DESIGN §13.1): `device.<base64url(deviceId)>.<secret>`. Only the
 * SHA-256 of the secret is stored. The `device.` prefix and the dots keep them apart from Ably JWTs (which
 * start `eyJ`) whichever header they arrive in.
 */
const PREFIX = 'device.';

export interface MintedDeviceToken {
  token: string;
  hash: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64url');

export function mintDeviceToken(deviceId: string): MintedDeviceToken {
  const secret = randomBytes(24).toString('base64url');
  return { token: `${PREFIX}${Buffer.from(deviceId).toString('base64url')}.${secret}`, hash: sha256(secret) };
}

/** Whether a credential is a deviceIdentityToken (rather than an Ably token). */
export function isDeviceToken(credential: string): boolean {
  return credential.startsWith(PREFIX);
}

/** The device id a token names, or undefined when it is not one of ours. */
export function deviceIdOfToken(token: string): string | undefined {
  const match = /^device\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
  return match ? Buffer.from(match[1]!, 'base64url').toString('utf8') : undefined;
}

/** Constant-time check of a token against a stored hash. */
export function deviceTokenMatches(token: string, storedHash: string | undefined): boolean {
  if (storedHash === undefined) return false;
  const secret = token.slice(token.lastIndexOf('.') + 1);
  const a = Buffer.from(sha256(secret));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Constant-time comparison of a presented deviceSecret with the registered one. */
export function deviceSecretMatches(presented: string, registered: string | undefined): boolean {
  if (registered === undefined) return false;
  const a = Buffer.from(sha256(presented));
  const b = Buffer.from(sha256(registered));
  return timingSafeEqual(a, b);
}
