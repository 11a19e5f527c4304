import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { VapidKeys } from './push-store.js';

/** One Web Push request: RFC 8291 encryption to the subscription's keys, RFC 8292 VAPID authentication. */
export interface WebPushRequest {
  endpoint: string;
  /** URL-safe base64, as `web-push` wants them. */
  keys: { p256dh: string; auth: string };
  body: string;
  ttlSeconds: number;
  vapid: VapidKeys & { subject: string };
}

/** What the push service answered: a status, or no answer at all (`statusCode` undefined). */
export interface WebPushOutcome {
  statusCode?: number;
  error?: string;
}

/** The seam between delivery and the network; tests may pass their own. */
export type WebPushSender = (request: WebPushRequest) => Promise<WebPushOutcome>;

/** Options of the default sender. */
export interface WebPushSenderOptions {
  /**
   * An HTTPS agent, e.g. one trusting a private CA (`new https.Agent({ ca })`). Without it `https.request`'s
   * global agent is used, which trusts the system CAs and `NODE_EXTRA_CA_CERTS`.
   */
  agent?: Agent;
  /** Socket timeout per request; the request is abandoned after it. */
  timeoutMs: number;
}

/**
 * The `web-push` package as a {@link WebPushSender}: it encrypts (`aes128gcm`), signs the VAPID JWT and
 * POSTs over `https.request`. Never rejects: a refusal or a network failure is an outcome.
 */
export function webPushSender(options: WebPushSenderOptions): WebPushSender {
  return async (request) => {
    try {
      const result = await webpush.sendNotification(
        { endpoint: request.endpoint, keys: request.keys },
        request.body,
        {
          TTL: request.ttlSeconds,
          vapidDetails: {
            subject: request.vapid.subject,
            publicKey: request.vapid.publicKey,
            privateKey: request.vapid.privateKey,
          },
          contentEncoding: 'aes128gcm',
          timeout: options.timeoutMs,
          ...(options.agent ? { agent: options.agent } : {}),
        },
      );
      return { statusCode: result.statusCode };
    } catch (err) {
      if (err instanceof webpush.WebPushError) {
        return { statusCode: err.statusCode, error: `push service answered ${err.statusCode}` };
      }
      return { error: err instanceof Error ? err.message : String(err) };
    }
  };
}

/** A fresh VAPID key pair (P-256), as `web-push` generates it. */
export function generateVapidKeys(): VapidKeys {
  const { publicKey, privateKey } = webpush.generateVAPIDKeys();
  return { publicKey, privateKey };
}
