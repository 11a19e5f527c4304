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

/** VAPID JWTs live 12 h (web-push's default); one is reused per push service until 1 h before that. */
const VAPID_LIFETIME_S = 12 * 3600;
const VAPID_RENEW_S = 3600;

/**
 * The `web-push` package as a {@link WebPushSender}: it encrypts (`aes128gcm`) and POSTs over
 * `https.request`. The VAPID header (RFC 8292, an ES256 JWT for the push service's origin) is signed once per
 * origin and reused while valid, as RFC 8292 §2 allows, instead of for every push. Never rejects: a refusal
 * or a network failure is an outcome.
 */
export function webPushSender(options: WebPushSenderOptions): WebPushSender {
  const vapidHeaders = new Map<string, { authorization: string; renewAt: number }>();
  const authorizationFor = (endpoint: string, vapid: WebPushRequest['vapid']): string => {
    const audience = new URL(endpoint).origin;
    const cacheKey = `${audience}\n${vapid.subject}\n${vapid.publicKey}`;
    const now = Math.floor(Date.now() / 1000);
    const cached = vapidHeaders.get(cacheKey);
    if (cached && cached.renewAt > now) return cached.authorization;
    const headers = webpush.getVapidHeaders(
      audience,
      vapid.subject,
      vapid.publicKey,
      vapid.privateKey,
      'aes128gcm',
      now + VAPID_LIFETIME_S,
    );
    if (vapidHeaders.size >= 1000) vapidHeaders.clear();
    vapidHeaders.set(cacheKey, {
      authorization: headers.Authorization,
      renewAt: now + VAPID_LIFETIME_S - VAPID_RENEW_S,
    });
    return headers.Authorization;
  };
  return async (request) => {
    try {
      const result = await webpush.sendNotification(
        { endpoint: request.endpoint, keys: request.keys },
        request.body,
        {
          TTL: request.ttlSeconds,
          headers: { Authorization: authorizationFor(request.endpoint, request.vapid) },
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
