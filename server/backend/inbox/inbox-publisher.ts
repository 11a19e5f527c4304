import type * as Ably from 'ably';
import type { InboxUpdate } from '../../contract/api-contract.js';
import { describeAblyError } from '../ably-admin/describe-ably-error.js';
import { inboxChannelFor } from '../ably-auth/channel-names.js';

/** Channels one batch publish request may name (Ably's limit). */
export const MAX_CHANNELS_PER_BATCH = 100;

/** The name of every message on an inbox channel. */
export const INBOX_MESSAGE_NAME = 'inbox';

/** One user's update. */
export interface AddressedUpdate {
  userId: string;
  update: InboxUpdate;
}

/** What a publish did: the updates Ably took, and why the others failed. */
export interface PublishOutcome {
  published: number;
  failed: number;
  reason?: string;
}

/**
 * Publishes inbox updates on the users' inbox channels with Ably's batch publish (one request for up to 100
 * users, each with their own row), so a message in a task with 50 participants costs one request, not 50.
 */
export class InboxPublisher {
  constructor(private readonly _rest: Ably.Rest) {}

  async publish(updates: readonly AddressedUpdate[]): Promise<PublishOutcome> {
    const outcome: PublishOutcome = { published: 0, failed: 0 };
    for (let i = 0; i < updates.length; i += MAX_CHANNELS_PER_BATCH) {
      const chunk = updates.slice(i, i + MAX_CHANNELS_PER_BATCH);
      const specs: Ably.BatchPublishSpec[] = chunk.map(({ userId, update }) => ({
        channels: [inboxChannelFor(userId)],
        messages: [{ name: INBOX_MESSAGE_NAME, data: update }],
      }));
      try {
        const results = await this._rest.batchPublish(specs);
        for (const result of results) {
          outcome.published += result.successCount;
          outcome.failed += result.failureCount;
          const failure = result.results.find((r) => 'error' in r) as
            Ably.BatchPublishFailureResult | undefined;
          if (failure) outcome.reason ??= describeAblyError(failure.error);
        }
      } catch (err) {
        outcome.failed += chunk.length;
        outcome.reason ??= describeAblyError(err);
      }
    }
    return outcome;
  }
}
