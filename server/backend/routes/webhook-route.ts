import * as Ably from 'ably';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { errors } from '../errors.js';
import type { AttachmentSweeper } from '../attachments/attachment-sweeper.js';
import type { TaskPresence } from '../presence/task-presence.js';
import type { InboxService } from '../inbox/inbox-service.js';
import type { PushAlertService } from '../push/push-alerts.js';
import { channelEventsOf, type ChannelEvents } from '../push/webhook-payload.js';
import { webhookSignatureProblem, type WebhookKey } from '../push/webhook-signature.js';

/** Ably batches at most 1000 events per request; each message is at most 64 KiB. */
const WEBHOOK_BODY_LIMIT = '8mb';

export interface WebhookRouteDeps {
  /** Alerts offline participants (push on). */
  alerts?: PushAlertService;
  /** Where `channel.presence` events go (push on). */
  presence?: TaskPresence;
  /** Links sent files to their messages and marks a deleted message's files (attachments on). */
  sweeper?: AttachmentSweeper;
  /** Indexes the messages for the inbox and tells the participants (inbox on). */
  inbox?: InboxService;
  /** Keys an integration rule may sign with. */
  keys: readonly WebhookKey[];
  logger: Logger;
}

/**
 * Adds `POST /webhooks/ably`, the receiver of Ably's (or ably-local's) `channel.message` and `channel.presence`
 * integration rules for the task rooms (docs/architecture.md §4): checks the signature on the raw body (refused
 * with 401 / 1019, counted in the log), decodes with the SDK's `Message`/`PresenceMessage.fromEncodedArray`, then
 * in the body's order stores presence changes, links sent attachments to their messages (and unlinks deleted
 * ones) and alerts offline participants. Answers 204 once done, so a failure is retried by Ably; a retry alerts
 * nobody twice (the Store's throttle) and changes no presence (the newest event of a member wins). The same
 * messages keep the inbox's index and its users' inbox channels current (a retry counts nothing twice).
 */
export function addWebhookRoute(router: Router, deps: WebhookRouteDeps): void {
  let refused = 0;
  router.post(
    '/webhooks/ably',
    express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }),
    async (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const problem = webhookSignatureProblem(
        req.get('x-ably-key'),
        req.get('x-ably-signature'),
        body,
        deps.keys,
      );
      if (problem !== undefined) {
        refused++;
        deps.logger.warn({ refused, reason: problem }, 'webhook refused: bad signature');
        throw errors.invalidWebhookSignature(problem);
      }
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        throw errors.malformedBody('accept webhook', 'body is not JSON');
      }
      const events = channelEventsOf(json);
      if (events === undefined) {
        throw errors.malformedBody('accept webhook', 'not an Ably webhook envelope or batch');
      }
      const totals = { messages: 0, presence: 0, alerted: 0, failed: 0, inboxTasks: 0 };
      for (const event of events) {
        if (event.source === 'channel.presence') {
          if (!deps.presence) continue;
          const changes = await decode(event, (items) => Ably.Rest.PresenceMessage.fromEncodedArray(items));
          await deps.presence.record(event.channel, changes);
          totals.presence += changes.length;
          continue;
        }
        const messages = await decode(event, (items) => Ably.Rest.Message.fromEncodedArray(items));
        if (deps.sweeper) await deps.sweeper.onChannelMessages(event.channel, messages);
        if (deps.inbox && (await deps.inbox.onChannelMessages(event.channel, messages))) totals.inboxTasks++;
        if (!deps.alerts) continue;
        const outcome = await deps.alerts.onChannelMessages(event.channel, messages);
        totals.messages += outcome.messages;
        totals.alerted += outcome.alerted;
        totals.failed += outcome.failed;
      }
      res.locals.logFields = totals;
      res.status(204).end();
    },
  );
}

/** Decodes one channel's items with the SDK; 400 when they are not Ably's wire form. */
async function decode<T>(
  event: ChannelEvents,
  fromEncodedArray: (items: unknown[]) => Promise<T[]>,
): Promise<T[]> {
  try {
    return await fromEncodedArray(event.items);
  } catch (err) {
    throw errors.malformedBody(
      'accept webhook',
      `undecodable ${event.source} items (${(err as Error).message})`,
    );
  }
}
