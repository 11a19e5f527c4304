import type { Logger } from 'pino';
import { createSigningKey } from '../ably-auth/ably-jwt.js';
import type { AblySettings } from '../ably-auth/ably-settings.js';
import type { Role } from '../ably-auth/capabilities.js';
import type { Store } from '../store/store.js';
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
}

/** Builds the push alert service and the webhook keys from the router's options; undefined when disabled. */
export function createPushAlerts(
  options: { store: Store; ably: AblySettings; push?: PushOptions },
  logger: Logger,
  now: () => number,
): { alerts: PushAlertService; webhookKeys: WebhookKey[] } | undefined {
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
  const alerts = new PushAlertService({
    store: options.store,
    sender: new AblyPushSender(options.ably),
    signingKey: createSigningKey(options.ably.apiKey),
    settings: {
      windowMs: windowSeconds * 1000,
      previewLength,
      optedOutRoles: new Set(push.optOutRoles ?? DEFAULT_PUSH_ALERTS.optedOutRoles),
    },
    logger,
    now,
  });
  return { alerts, webhookKeys: webhookKeys(push.webhookSigningKeys ?? [options.ably.apiKey]) };
}
