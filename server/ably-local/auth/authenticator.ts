import { randomUUID, timingSafeEqual } from 'node:crypto';
import { AblyError, errors } from '../protocol/ably-error.js';
import type { ApiKey } from './api-key.js';
import { intersectCapability, parseCapability, stringifyCapability } from './capability.js';
import type { Identity } from './identity.js';
import { TokenCodec } from './token-codec.js';
import { macMatches, type TokenRequest } from './token-request.js';

export interface TokenDetails {
  token: string;
  keyName: string;
  issued: number;
  expires: number;
  capability: string;
  clientId?: string;
}

export interface RevocationResult {
  target: string;
  issuedBefore?: number;
  appliesAt?: number;
  error?: ReturnType<ReturnType<typeof errors.badRequest>['toWire']>;
}

const DEFAULT_TTL_MS = 60 * 60 * 1000;
const MAX_TTL_MS = 24 * 60 * 60 * 1000;
const TIMESTAMP_WINDOW_MS = 2 * 60 * 1000;

/**
 * Turns credentials into an Identity (DESIGN §6.2): keys, Ably JWTs, token requests and revocations.
 * Revocation listeners let the realtime layer drop live connections.
 */
export class Authenticator {
  private readonly _keys: Map<string, ApiKey>;
  private readonly _codec: TokenCodec;
  private readonly _nonces = new Map<string, number>();
  /** `${keyName}\n${clientId}` → tokens issued before this ms instant are revoked. */
  private readonly _revoked = new Map<string, number>();
  private readonly _revokeListeners: ((keyName: string, clientId: string, issuedBefore: number) => void)[] =
    [];

  constructor(
    keys: ApiKey[],
    private readonly _now: () => number,
  ) {
    this._keys = new Map(keys.map((key) => [key.keyName, key]));
    this._codec = new TokenCodec(keys, _now);
  }

  get keys(): ApiKey[] {
    return [...this._keys.values()];
  }

  key(keyName: string): ApiKey | undefined {
    return this._keys.get(keyName);
  }

  /**
   * Adds a key, or changes the capability and revocable-tokens setting of one (the Control API, DESIGN
   * §15.3). A new capability applies to new connections, requests and tokens; live connections keep the
   * one they authenticated with, as on Ably.
   */
  putKey(key: ApiKey): void {
    const existing = this._keys.get(key.keyName);
    if (existing && existing.secret !== key.secret) {
      throw errors.badRequest(`unable to change key ${key.keyName}; its secret cannot change`);
    }
    this._keys.set(key.keyName, key);
    if (!existing) this._codec.addKey(key);
  }

  /** Revokes a key: it and every token it issued stop authenticating (40101 / 40144). */
  removeKey(keyName: string): void {
    this._keys.delete(keyName);
    this._codec.removeKey(keyName);
  }

  /** `appId.keyId:secret` → basic identity; 40101 when unknown or wrong. */
  fromKey(keyString: string, clientIdParam?: string): Identity {
    const sep = keyString.indexOf(':');
    const key = sep > 0 ? this._keys.get(keyString.slice(0, sep)) : undefined;
    const secret = Buffer.from(sep > 0 ? keyString.slice(sep + 1) : '');
    if (!key || secret.length !== key.secret.length || !timingSafeEqual(secret, Buffer.from(key.secret))) {
      throw errors.invalidCredentials('invalid credentials; unknown key or wrong secret');
    }
    if (clientIdParam === '*')
      throw errors.invalidClientId('invalid clientId; "*" cannot be used with a key');
    return {
      kind: 'basic',
      keyName: key.keyName,
      appId: key.appId,
      clientId: clientIdParam || undefined,
      capabilities: [key.capability],
    };
  }

  /** Ably JWT → token identity; 4014x token errors, 40102 on a clientId mismatch (DESIGN §6.2). */
  fromToken(token: string, clientIdParam?: string): Identity {
    const claims = this._codec.verify(token);
    const key = this._keys.get(claims.keyName)!;
    if (claims.clientId !== undefined && this.isRevoked(key.keyName, claims.clientId, claims.issuedAt)) {
      throw errors.tokenRevoked();
    }
    let clientId = claims.clientId;
    if (clientIdParam) {
      if (clientId === undefined) {
        throw errors.incompatibleCredentials(
          'incompatible credentials; the token has no clientId but one was given',
        );
      }
      if (clientId !== '*' && clientId !== clientIdParam) {
        throw errors.incompatibleCredentials(
          `incompatible credentials; clientId ${JSON.stringify(clientIdParam)} differs from the token's`,
        );
      }
      clientId = clientIdParam;
    }
    return {
      kind: 'token',
      keyName: key.keyName,
      appId: key.appId,
      clientId,
      tokenClientId: claims.clientId,
      capabilities: claims.capability ? [claims.capability, key.capability] : [key.capability],
      issuedAt: claims.issuedAt,
      expiresAt: claims.expiresAt,
      claims: claims.raw,
    };
  }

  /**
   * Exchanges a TokenRequest for TokenDetails (RSA9, DESIGN §6.2). Unsigned requests are accepted only from
   * a caller authenticated with Basic auth for the same key.
   */
  requestToken(keyName: string, request: TokenRequest, caller?: Identity): TokenDetails {
    const key = this._keys.get(keyName);
    if (!key || request.keyName !== keyName)
      throw errors.invalidCredentials('invalid credentials; unknown key');
    const signedByCaller = caller?.kind === 'basic' && caller.keyName === keyName;
    const now = this._now();
    if (!signedByCaller) {
      if (!macMatches(request, key.secret))
        throw errors.invalidCredentials('invalid credentials; mac mismatch');
      const timestamp = Number(request.timestamp);
      if (!Number.isFinite(timestamp) || Math.abs(timestamp - now) > TIMESTAMP_WINDOW_MS) {
        throw errors.tokenTimestamp();
      }
      this._checkNonce(keyName, String(request.nonce), now);
    }
    const ttl = request.ttl === undefined || request.ttl === '' ? DEFAULT_TTL_MS : Number(request.ttl);
    if (!Number.isFinite(ttl) || ttl <= 0 || ttl > MAX_TTL_MS) {
      throw errors.badRequest('invalid token request; ttl must be between 1 ms and 24 h');
    }
    const capability =
      request.capability === undefined || request.capability === ''
        ? key.capability
        : intersectCapability(parseCapability(request.capability), key.capability);
    if (Object.keys(capability).length === 0) {
      throw errors.keyCapabilityExceeded();
    }
    const clientId = request.clientId || caller?.clientId || undefined;
    const capabilityText = stringifyCapability(capability);
    const token = this._codec.mint(key, {
      clientId,
      capability: capabilityText,
      issuedAt: now,
      expiresAt: now + ttl,
    });
    return { token, keyName, issued: now, expires: now + ttl, capability: capabilityText, clientId };
  }

  /**
   * Revokes tokens of `clientId:<id>` targets issued before `issuedBefore` (RSA17); 40121 unless the key has
   * revocable tokens enabled (Ably's per-key setting; keys given at start have it, DESIGN §6.1).
   */
  revokeTokens(keyName: string, targets: unknown[], issuedBefore?: number): RevocationResult[] {
    if (this._keys.get(keyName)?.revocableTokens === false) {
      throw new AblyError(
        40121,
        401,
        `unable to revoke tokens; token revocation is not enabled on key ${keyName} (its revocableTokens setting)`,
      );
    }
    const now = this._now();
    const before = issuedBefore ?? now;
    return targets.map((target): RevocationResult => {
      const text = String(target);
      const match = /^clientId:(.+)$/s.exec(text);
      if (!match) {
        return {
          target: text,
          error: errors.badRequest(`unable to revoke; unsupported target ${text}`).toWire(),
        };
      }
      const clientId = match[1]!;
      const mapKey = `${keyName}\n${clientId}`;
      this._revoked.set(mapKey, Math.max(before, this._revoked.get(mapKey) ?? 0));
      for (const listener of this._revokeListeners) listener(keyName, clientId, before);
      return { target: text, issuedBefore: before, appliesAt: now };
    });
  }

  onRevoke(listener: (keyName: string, clientId: string, issuedBefore: number) => void): void {
    this._revokeListeners.push(listener);
  }

  isRevoked(keyName: string, clientId: string, issuedAt: number): boolean {
    const before = this._revoked.get(`${keyName}\n${clientId}`);
    return before !== undefined && issuedAt < before;
  }

  private _checkNonce(keyName: string, nonce: string, now: number): void {
    for (const [seen, at] of this._nonces) {
      if (now - at <= TIMESTAMP_WINDOW_MS) break;
      this._nonces.delete(seen);
    }
    const id = `${keyName}\n${nonce}`;
    if (this._nonces.has(id)) throw errors.nonceReplayed();
    this._nonces.set(id, now);
  }
}

/** A fresh random key secret, safe for the `appId.keyId:secret` form. */
export function randomSecret(): string {
  return randomUUID().replaceAll('-', '');
}
