import type { Identity } from '../auth/identity.js';
import type { KeyedRateLimiter } from '../core/token-bucket.js';
import { errors } from '../protocol/ably-error.js';

/** REST writes per identity per second; bursts of twice as many (DESIGN §7.1). */
export const DEFAULT_REST_WRITE_RATE = 100;

/**
 * Counts one REST write (publish, update, delete, annotation, Chat send/edit/delete/reaction) against the
 * caller's bucket: a key, or a token's clientId under its key. Over the rate → 429/42910.
 */
export function limitWrite(limiter: KeyedRateLimiter, identity: Identity): void {
  const who =
    identity.kind === 'basic'
      ? `key\n${identity.keyName}`
      : `token\n${identity.keyName}\n${identity.tokenClientId ?? ''}`;
  if (!limiter.take(who)) throw errors.rateLimited('unable to publish; REST write rate exceeded');
}
