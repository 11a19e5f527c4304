import { setTimeout as delay } from 'node:timers/promises';
import type { LiveAgentRun, TokenAnswer } from '../../contract/api-contract.js';
import type { WidgetClientOptions } from '../ably-auth/ably-settings.js';
import { signAblyJwt, type AblySigningKey } from '../ably-auth/ably-jwt.js';
import { capabilityFor, inboxCapabilityFor, operationsFor } from '../ably-auth/capabilities.js';
import {
  agentChannelFor,
  inboxChannelFor,
  notificationsChannelFor,
  roomNameFor,
  roomUserClaims,
} from '../ably-auth/channel-names.js';
import { currentMembership, type Caller } from '../participants/membership.js';
import type { Store, Task } from '../store/store.js';
import type { AttachmentLimits, Role, UserTokenAnswer } from '../../contract/api-contract.js';

export type { Caller } from '../participants/membership.js';

/**
 * What the issuer decides for a caller: the token answer but for the routes, which the route that mounted it
 * knows (the contract's `TokenAnswer`).
 */
export type IssuedToken = Omit<TokenAnswer, 'routes'>;

/** What the issuer decides for a signed-in user without a task: the user answer but for the routes. */
export type IssuedUserToken = Omit<UserTokenAnswer, 'routes'>;

/** What the token issuer needs; `now` and `sleep` are seams for tests. */
export interface TokenIssuerDeps {
  store: Store;
  signingKey: AblySigningKey;
  clientOptions: WidgetClientOptions;
  ttlSeconds: number;
  /** What a role may attach in a task (absent: the backend stores no attachments). */
  attachmentLimits?: (task: Task, role: Role) => AttachmentLimits | null;
  /** The task's runs streaming now, listed in the answer (absent: none are). */
  liveAgentRuns?: (taskId: string) => Promise<LiveAgentRun[]>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Longest wait for a revocation's second to pass; beyond it Ably's clock is ahead and its instant is used. */
const MAX_REVOCATION_WAIT_MS = 1500;

/**
 * Turns a vouched-for caller into an Ably JWT scoped to one task's room and role (docs/architecture.md §3): the task must
 * exist, the caller must be a current participant with the vouched role; closed tasks get read-only tokens.
 *
 * Revocations: Ably revokes by clientId tokens *issued before* an instant, and a JWT's `iat` has whole
 * seconds, so a token signed in the same second as a revocation would count as revoked. A user revoked
 * less than a second ago therefore waits for the next second boundary (≤ 1 s), and the membership is read
 * again after the wait, so a removal during it is honoured.
 */
export class TokenIssuer {
  private readonly _now: () => number;
  private readonly _sleep: (ms: number) => Promise<void>;

  constructor(private readonly _deps: TokenIssuerDeps) {
    this._now = _deps.now ?? Date.now;
    this._sleep = _deps.sleep ?? ((ms) => delay(ms));
  }

  async issue(caller: Caller): Promise<IssuedToken> {
    for (let attempt = 0; ; attempt++) {
      // The live runs are read beside the membership: a refused caller simply never sees them.
      const [context, agentRuns] = await Promise.all([
        this._deps.store.getTokenContext(caller.task, caller.userId),
        this._deps.liveAgentRuns?.(caller.task) ?? [],
      ]);
      const { task, participant } = currentMembership(context, caller, 'issue token');
      const issuedAtSeconds = await this._issuedAt(context.revokedBefore, attempt);
      if (issuedAtSeconds === undefined) continue;
      const options = { closed: task.closed };
      const operations = operationsFor(participant.role, options);
      const name = caller.name ?? participant.name;
      const ttlSeconds = this._deps.ttlSeconds;
      const token = signAblyJwt(this._deps.signingKey, {
        clientId: caller.userId,
        capability: capabilityFor(task.id, participant.role, options, caller.userId),
        userClaims: roomUserClaims(task.id, participant.role, name),
        issuedAtSeconds,
        ttlSeconds,
      });
      return {
        token,
        expiresAt: (issuedAtSeconds + ttlSeconds) * 1000,
        clientOptions: this._deps.clientOptions,
        task: task.id,
        title: task.title,
        url: task.url,
        room: roomNameFor(task.id),
        clientId: caller.userId,
        role: participant.role,
        name,
        readOnly: task.closed,
        operations,
        notificationsChannel: operations.includes('push-subscribe')
          ? notificationsChannelFor(caller.userId)
          : null,
        attachments: this._deps.attachmentLimits?.(task, participant.role) ?? null,
        agentChannel: agentChannelFor(task.id),
        agentRuns,
      };
    }
  }

  /**
   * A token for a signed-in user without a task (the inbox, the launcher): it may only subscribe to the user's
   * own inbox channel. Revocations hold for it as for task tokens (a removal revokes every token of the user;
   * the inbox renews).
   */
  async issueForUser(userId: string): Promise<IssuedUserToken> {
    for (let attempt = 0; ; attempt++) {
      const issuedAtSeconds = await this._issuedAt(await this._deps.store.getRevocation(userId), attempt);
      if (issuedAtSeconds === undefined) continue;
      const ttlSeconds = this._deps.ttlSeconds;
      const token = signAblyJwt(this._deps.signingKey, {
        clientId: userId,
        capability: inboxCapabilityFor(userId),
        userClaims: {},
        issuedAtSeconds,
        ttlSeconds,
      });
      return {
        token,
        expiresAt: (issuedAtSeconds + ttlSeconds) * 1000,
        clientOptions: this._deps.clientOptions,
        clientId: userId,
        channel: inboxChannelFor(userId),
      };
    }
  }

  /**
   * The token's `iat` (seconds) after the user's latest revocation; undefined after waiting for the revocation's
   * second to pass, when the caller must read the membership again.
   */
  private async _issuedAt(revokedBefore: number | undefined, attempt: number): Promise<number | undefined> {
    const now = this._now();
    const issuedAtSeconds = Math.floor(now / 1000);
    if (revokedBefore === undefined || issuedAtSeconds * 1000 >= revokedBefore) return issuedAtSeconds;
    const earliest = Math.ceil(revokedBefore / 1000);
    const wait = earliest * 1000 - now;
    if (attempt === 0 && wait <= MAX_REVOCATION_WAIT_MS) {
      await this._sleep(wait);
      return undefined;
    }
    return earliest;
  }
}
