import type { Identity } from './identity.js';

const CHAT_SUFFIX = '::$chat';

/**
 * The user claim a token carries for a channel (DESIGN §6.6): `ably.room.<room>` for a Chat room channel
 * `<room>::$chat`, else `ably.channel.<channel>`. The server stamps it as `extras.userClaim`; a claim a
 * client wrote itself is never kept.
 */
export function userClaimFor(identity: Identity, channel: string): string | undefined {
  const claims = identity.claims;
  if (!claims) return undefined;
  const claim = channel.endsWith(CHAT_SUFFIX)
    ? claims[`ably.room.${channel.slice(0, -CHAT_SUFFIX.length)}`]
    : claims[`ably.channel.${channel}`];
  return typeof claim === 'string' ? claim : undefined;
}

/** `extras` with the server's userClaim in place of anything the client sent under that key. */
export function withUserClaim(
  extras: Record<string, unknown> | undefined,
  claim: string | undefined,
): Record<string, unknown> | undefined {
  if (claim === undefined) {
    if (!extras || !('userClaim' in extras)) return extras;
    const { userClaim: _forged, ...rest } = extras;
    return rest;
  }
  return { ...extras, userClaim: claim };
}
