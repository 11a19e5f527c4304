import { createECDH, createPublicKey, randomBytes, type ECDH } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { Agent, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decrypt } from 'http_ece';
import jwt from 'jsonwebtoken';
import { selfSignedCertificate } from '../../server/demo-host/self-signed-certificate.js';

/**
 * A local stand-in for a browser's push service (FCM, Mozilla autopush), for tests with no internet: an
 * HTTPS endpoint (a throwaway self-signed certificate made with `openssl`) that accepts RFC 8030 pushes,
 * checks the RFC 8292 VAPID JWT and decrypts the RFC 8291 `aes128gcm` body with the subscription's private
 * key, as a browser would. Each subscription is what `pushManager.subscribe()` would have given a page.
 */

/** What a page's PushSubscription would hold, plus the private key only a browser has. */
export interface TestSubscription {
  id: string;
  endpoint: string;
  /** Uncompressed P-256 public key and auth secret, standard base64 as the `ably/push` plugin sends them. */
  p256dh: string;
  auth: string;
  /** `push.recipient` of an Ably DeviceDetails for this subscription (server/ably-local/DESIGN.md §13.4). */
  recipient: { transportType: 'web'; targetUrl: string; encryptionKey: { p256dh: string; auth: string } };
  ecdh: ECDH;
  authSecret: Buffer;
}

/** One push as it arrived and decrypted. */
export interface ReceivedPush {
  subscriptionId: string;
  /** The decrypted body, parsed as JSON. */
  payload: Record<string, unknown>;
  ttl: number;
  /** Claims of the verified VAPID JWT (`aud`, `exp`, `sub`). */
  vapid: { aud: string; sub: string; exp: number; publicKey: string };
  at: number;
}

/** A self-signed certificate for 127.0.0.1/localhost, made once per process. */
let certificate: { key: Buffer; cert: Buffer; dir: string } | undefined;

export function testCertificate(): { key: Buffer; cert: Buffer; certPath: string } {
  if (!certificate) {
    const dir = mkdtempSync(join(tmpdir(), 'push-service-'));
    certificate = { ...selfSignedCertificate(dir, 'test push service'), dir };
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return { key: certificate.key, cert: certificate.cert, certPath: join(certificate.dir, 'cert.pem') };
}

export class LocalPushService {
  readonly received: ReceivedPush[] = [];
  /** Called with each push as soon as it is decrypted (benchmarks time it). */
  onReceive?: (push: ReceivedPush) => void;
  /** Every request, decrypted or not (status it was answered with). */
  readonly requests: { subscriptionId: string; status: number }[] = [];
  private readonly _subscriptions = new Map<string, TestSubscription>();
  private readonly _answers = new Map<string, number | 'stall'>();
  private readonly _waiters: (() => void)[] = [];

  private constructor(
    private readonly _server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<LocalPushService> {
    const { key, cert } = testCertificate();
    const server = createServer({ key, cert });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const service = new LocalPushService(
      server,
      `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    );
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => service._handle(req.url ?? '', req.headers, Buffer.concat(chunks), res));
    });
    return service;
  }

  /** An HTTPS agent trusting this service's certificate (web-push's `agent` option). */
  agent(): Agent {
    return new Agent({ ca: testCertificate().cert, keepAlive: true });
  }

  /** A new subscription, as a browser's `pushManager.subscribe()` would make. */
  subscribe(): TestSubscription {
    const id = randomBytes(8).toString('hex');
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const authSecret = randomBytes(16);
    const endpoint = `${this.origin}/push/${id}`;
    const p256dh = ecdh.getPublicKey().toString('base64');
    const auth = authSecret.toString('base64');
    const subscription: TestSubscription = {
      id,
      endpoint,
      p256dh,
      auth,
      recipient: {
        transportType: 'web',
        targetUrl: Buffer.from(endpoint).toString('base64'),
        encryptionKey: { p256dh, auth },
      },
      ecdh,
      authSecret,
    };
    this._subscriptions.set(id, subscription);
    return subscription;
  }

  /** From now on, answer pushes to this subscription with `status` (410: it expired) or never (`stall`). */
  answer(subscriptionId: string, status: number | 'stall'): void {
    this._answers.set(subscriptionId, status);
  }

  /** Pushes received for one subscription. */
  for(subscriptionId: string): ReceivedPush[] {
    return this.received.filter((p) => p.subscriptionId === subscriptionId);
  }

  /** Resolves once `predicate` holds, re-checked at every request. */
  until(predicate: () => boolean): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (predicate()) resolve();
        else this._waiters.push(check);
      };
      this._waiters.push(check);
    });
  }

  async close(): Promise<void> {
    this._server.closeAllConnections();
    await new Promise<void>((resolve) => this._server.close(() => resolve()));
  }

  private _handle(
    url: string,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer,
    res: ServerResponse,
  ): void {
    const id = /^\/push\/([0-9a-f]+)$/.exec(url)?.[1];
    const subscription = id === undefined ? undefined : this._subscriptions.get(id);
    const answer = id === undefined ? undefined : this._answers.get(id);
    const reply = (status: number) => {
      this.requests.push({ subscriptionId: id ?? '', status });
      res.writeHead(status).end();
      this._waiters.splice(0).forEach((check) => check());
    };
    if (!subscription) return reply(404);
    if (answer === 'stall') {
      this.requests.push({ subscriptionId: subscription.id, status: 0 });
      this._waiters.splice(0).forEach((check) => check());
      return; // never answers: the sender's socket timeout must free it
    }
    if (typeof answer === 'number') return reply(answer);
    let vapid: ReceivedPush['vapid'];
    let payload: Record<string, unknown>;
    try {
      vapid = verifyVapid(String(headers.authorization ?? ''), this.origin);
      if (headers['content-encoding'] !== 'aes128gcm') throw new Error('content-encoding must be aes128gcm');
      const plain = decrypt(body, {
        version: 'aes128gcm',
        privateKey: subscription.ecdh,
        authSecret: subscription.authSecret,
      });
      payload = JSON.parse(plain.toString('utf8')) as Record<string, unknown>;
    } catch (err) {
      res.setHeader('x-test-error', String((err as Error).message).replace(/[^\x20-\x7e]/g, '?'));
      return reply(400);
    }
    const push = {
      subscriptionId: subscription.id,
      payload,
      ttl: Number(headers.ttl),
      vapid,
      at: Date.now(),
    };
    this.received.push(push);
    this.onReceive?.(push);
    reply(201);
  }
}

/** Verified VAPID headers: senders reuse one JWT per push service (RFC 8292 §2), so do real push services. */
const verified = new Map<string, ReceivedPush['vapid']>();

/** Checks `Authorization: vapid t=<ES256 JWT>, k=<public key>` (RFC 8292) and returns its claims. */
function verifyVapid(header: string, origin: string): ReceivedPush['vapid'] {
  const known = verified.get(header);
  if (known && known.aud === origin && known.exp * 1000 > Date.now()) return known;
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header);
  if (!match) throw new Error('no VAPID authorization');
  const raw = Buffer.from(match[2]!, 'base64url');
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: raw.subarray(1, 33).toString('base64url'),
      y: raw.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
  const claims = jwt.verify(match[1]!, key, { algorithms: ['ES256'], audience: origin }) as {
    aud: string;
    sub: string;
    exp: number;
  };
  const vapid = { aud: claims.aud, sub: claims.sub, exp: claims.exp, publicKey: match[2]! };
  if (verified.size > 1000) verified.clear();
  verified.set(header, vapid);
  return vapid;
}
