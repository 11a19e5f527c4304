import type * as Ably from 'ably';
import type { AblySettings } from '../ably-auth/ably-settings.js';
import { createRestClient } from './rest-client.js';
import { errors } from '../errors.js';
import { describeAblyError } from './describe-ably-error.js';

/**
 * Revokes users' live Ably tokens through the `ably` SDK's REST client (key/Basic auth), the only way this
 * backend talks to Ably (docs/architecture.md §7). Works the same against Ably's cloud (revocable tokens enabled on the key)
 * and ably-local.
 */
export class TokenRevoker {
  private readonly _rest: Ably.Rest;

  constructor(settings: AblySettings) {
    this._rest = createRestClient(settings);
  }

  /**
   * Revokes every token issued to these clientIds so far and returns, per user, Ably's `issuedBefore`
   * instant (ms, Ably's clock). Throws BackendError 1014 when Ably refuses or cannot be reached.
   */
  async revoke(operation: string, userIds: readonly string[]): Promise<Map<string, number>> {
    const revoked = new Map<string, number>();
    if (userIds.length === 0) return revoked;
    let result: Awaited<ReturnType<Ably.Rest['auth']['revokeTokens']>>;
    try {
      result = await this._rest.auth.revokeTokens(userIds.map((value) => ({ type: 'clientId', value })));
    } catch (err) {
      throw errors.ablyUnavailable(operation, describeAblyError(err));
    }
    for (const item of result.results) {
      if ('error' in item) throw errors.ablyUnavailable(operation, describeAblyError(item.error));
      revoked.set(item.target.replace(/^clientId:/, ''), item.issuedBefore);
    }
    for (const userId of userIds) {
      if (!revoked.has(userId))
        throw errors.ablyUnavailable(operation, `no result for ${JSON.stringify(userId)}`);
    }
    return revoked;
  }
}
