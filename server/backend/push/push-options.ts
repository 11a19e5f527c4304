import type { Logger } from 'pino';
import { createSigningKey } from '../ably-auth/ably-jwt.js';
import type { AblySettings } from '../ably-auth/ably-settings.js';
import type { Role } from '../ably-auth/capabilities.js';
import type { Store } from '../store/store.js';
import { RestPresence } from '../presence/rest-presence.js';
import { StoredPresence } from '../presence/stored-presence.js';
import {
  DEFAULT_PRESENCE_TTL_SECONDS,
  type PushPresenceMode,
  type TaskPresence,
} from '../presence/task-presence.js';
import { AblyPushSender } from './ably-push-sender.js';
import { DEFAULT_PUSH_ALERTS, PushAlertService } from './push-alerts.js';
import { webhookKeys, type WebhookKey } from './webhook-signature.js';

/** Push settings of the chat router (docs/backend.md §6); every field optional. */
export interface PushOptions {
  /** Default true; false mounts neither the webhook receiver nor the bot/agent routes. */
  enabled?: boolean;
  /** At most one alert per participant and task in this many seconds (default 60). */
  alertWindowSeconds?: number;
  /** Characters of message text in an alert (default 120). */
  previewLength?: number;
  /** Roles never alerted about messages (default observer and bot). */
  optOutRoles?: readonly Role[];
  /** API keys (`appId.keyId:secret`) whose webhook signatures are accepted; default the Ably key itself. */
  webhookSigningKeys?: readonly string[];
  /**
   * Where "who is in the room" comes from: `webhook` (default) the Store, fed by the `channel.presence`
   * integration rule; `rest` Ably's REST presence at every decision.
   */
  presence?: PushPresenceMode;
  /** `webhook`: a present member unheard of for this long is confirmed with Ably (default 1800). */
  presenceTtlSeconds?: number;
}

/** Builds the push alert service and the webhook keys from the router's options; undefined when disabled. */
export function createPushAlerts(
  options: { store: Store; ably: AblySettings; push?: PushOptions },
  logger: Logger,
  now: () => number,
): { alerts: PushAlertService; presence: TaskPresence; webhookKeys: WebhookKey[] } | undefined {
  const push = options.push ?? {};
  if (push.enabled === false) return undefined;
  const windowSeconds = push.alertWindowSeconds ?? DEFAULT_PUSH_ALERTS.windowMs / 1000;
  const previewLength = push.previewLength ?? DEFAULT_PUSH_ALERTS.previewLength;
  if (!Number.isFinite(windowSeconds) || windowSeconds < 0) {
    throw new RangeError('unable to create chat router; push.alertWindowSeconds must be 0 or more');
  }
  if (!Number.isInteger(previewLength) || previewLength < 10 || previewLength > 1000) {
    throw new RangeError('unable to create chat router; push.previewLength must be 10–1000');
  }
  const ttlSeconds = push.presenceTtlSeconds ?? DEFAULT_PRESENCE_TTL_SECONDS;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) {
    throw new RangeError(
      'unable to create chat router; push.presenceTtlSeconds must be a whole number from 1',
    );
  }
  const sender = new AblyPushSender(options.ably);
  const snapshot = (taskId: string) => sender.presenceMembers(taskId);
  const presence: TaskPresence =
    (push.presence ?? 'webhook') === 'rest'
      ? new RestPresence(options.store, snapshot)
      : new StoredPresence({ store: options.store, snapshot, ttlMs: ttlSeconds * 1000, now, logger });
  const alerts = new PushAlertService({
    store: options.store,
    presence,
    sender,
    signingKey: createSigningKey(options.ably.apiKey),
    settings: {
      windowMs: windowSeconds * 1000,
      previewLength,
      optedOutRoles: new Set(push.optOutRoles ?? DEFAULT_PUSH_ALERTS.optedOutRoles),
    },
    logger,
    now,
  });
  return { alerts, presence, webhookKeys: webhookKeys(push.webhookSigningKeys ?? [options.ably.apiKey]) };
}
