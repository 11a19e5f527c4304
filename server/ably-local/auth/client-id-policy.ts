import { errors } from '../protocol/ably-error.js';
import { concreteClientId, mayAssertAnyClientId, type Identity } from './identity.js';

/**
 * The clientId to stamp on an item an identity publishes (DESIGN §6.2, RSA7/RTL6g): its own concrete
 * clientId, or the item's when the identity may assert any. A different explicit clientId → 40012.
 */
export function resolveItemClientId(identity: Identity, itemClientId: unknown): string | undefined {
  if (itemClientId !== undefined && itemClientId !== null && typeof itemClientId !== 'string') {
    throw errors.invalidClientId('invalid clientId; must be a string');
  }
  const own = concreteClientId(identity);
  const given = itemClientId ?? undefined;
  if (given === undefined) return own;
  if (given === '*') throw errors.invalidClientId('invalid clientId; "*" cannot be used on a message');
  if (own !== undefined && given !== own) {
    throw errors.invalidClientId(
      `invalid clientId; ${JSON.stringify(given)} does not match the connection's`,
    );
  }
  if (own === undefined && !mayAssertAnyClientId(identity)) {
    throw errors.invalidClientId('invalid clientId; an anonymous token cannot assert a clientId');
  }
  return given;
}
