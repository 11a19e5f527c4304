import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { parseApiKey } from './ably-settings.js';

/** Ably caps a JWT's life at one hour for this backend (docs/architecture.md §3). */
export const MAX_ABLY_TOKEN_TTL_SECONDS = 3600;

/** An Ably API key ready to sign with: the secret is a KeyObject, parsed once (jsonwebtoken re-parses a string secret on every call: ~70× slower). */
export interface AblySigningKey {
  keyName: string;
  secret: KeyObject;
}

/** Claims of one Ably JWT (Ably's token authentication docs: `x-ably-capability`, `x-ably-clientId`, user claims). */
export interface AblyJwtClaims {
  clientId: string;
  capability: Record<string, readonly string[]>;
  /** Extra string claims, e.g. `{ 'ably.room.task:order:1': '{"role":"agent","name":"Dana"}' }`. */
  userClaims: Record<string, string>;
  /** JWT `iat`, in whole seconds. */
  issuedAtSeconds: number;
  ttlSeconds: number;
}

/** Parses `appId.keyId:secret` into a signing key; throws on a malformed key. */
export function createSigningKey(apiKey: string): AblySigningKey {
  const { keyName, secret } = parseApiKey(apiKey);
  return { keyName, secret: createSecretKey(Buffer.from(secret, 'utf8')) };
}

/**
 * Signs an Ably JWT: header `{alg:'HS256', typ:'JWT', kid:<keyName>}`, claims `iat`, `exp`,
 * `x-ably-clientId`, `x-ably-capability` (a JSON string) and the user claims. Pure apart from the HMAC.
 */
export function signAblyJwt(key: AblySigningKey, claims: AblyJwtClaims): string {
  if (!Number.isInteger(claims.ttlSeconds) || claims.ttlSeconds <= 0) {
    throw new RangeError('unable to sign Ably token; ttl must be a positive whole number of seconds');
  }
  if (claims.ttlSeconds > MAX_ABLY_TOKEN_TTL_SECONDS) {
    throw new RangeError(`unable to sign Ably token; ttl exceeds ${MAX_ABLY_TOKEN_TTL_SECONDS} s`);
  }
  const payload = {
    ...claims.userClaims,
    iat: claims.issuedAtSeconds,
    exp: claims.issuedAtSeconds + claims.ttlSeconds,
    'x-ably-clientId': claims.clientId,
    'x-ably-capability': JSON.stringify(claims.capability),
  };
  return jwt.sign(payload, key.secret, { algorithm: 'HS256', keyid: key.keyName });
}
