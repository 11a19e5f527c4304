import { createECDH, randomBytes, type ECDH } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { rootCertificates } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decrypt } from 'http_ece';
import { selfSignedCertificate } from './self-signed-certificate.js';

/** A push the relay received for a demo device, decrypted as the device's browser would. */
export interface RelayedPush {
  at: number;
  userId: string;
  /** What the service worker would show: `{notification: {title, body}, data: {task, url}}`. */
  payload: Record<string, unknown>;
}

/** What a browser's `PushSubscription` would give the `ably/push` plugin, for one demo device. */
export interface DemoSubscription {
  userId: string;
  deviceId: string;
  recipient: { transportType: 'web'; targetUrl: string; encryptionKey: { p256dh: string; auth: string } };
}

const KEEP = 100;

/**
 * The demo's stand-in for the browsers' push services, which this offline machine cannot reach: an HTTPS
 * endpoint on 127.0.0.1 (a throwaway self-signed certificate made with `openssl` at start) where each demo
 * participant has a "device". ably-local delivers real Web Push to it (RFC 8291 encryption, RFC 8292 VAPID);
 * the relay decrypts each push with the device's private key and keeps the newest ones for the demo's push
 * outbox page. `npm start` only; with Ably's cloud, pushes go to real browsers instead.
 */
export class DemoPushRelay {
  readonly received: RelayedPush[] = [];
  private readonly _devices = new Map<string, { userId: string; ecdh: ECDH; auth: Buffer }>();

  private constructor(
    private readonly _server: Server,
    private readonly _cert: Buffer,
    readonly origin: string,
  ) {}

  static async start(): Promise<DemoPushRelay> {
    const { key, cert } = relayCertificate();
    const server = createServer({ key, cert });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const relay = new DemoPushRelay(
      server,
      cert,
      `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    );
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => res.writeHead(relay._receive(req.url ?? '', Buffer.concat(chunks))).end());
    });
    return relay;
  }

  /**
   * An HTTPS agent that trusts the relay as well as what Node trusts by default — the bundled roots and the
   * operator's `NODE_EXTRA_CA_CERTS` (a `ca` option replaces both) — ably-local's `push.agent`.
   */
  agent(): Agent {
    return new Agent({
      ca: [...rootCertificates, ...extraCertificates(), this._cert.toString()],
      keepAlive: true,
    });
  }

  /** A device for a demo participant, as `pushManager.subscribe()` would make one in their browser. */
  subscribe(userId: string): DemoSubscription {
    const id = randomBytes(8).toString('hex');
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    this._devices.set(id, { userId, ecdh, auth });
    return {
      userId,
      deviceId: `demo-${userId}`,
      recipient: {
        transportType: 'web',
        targetUrl: Buffer.from(`${this.origin}/push/${id}`).toString('base64'),
        encryptionKey: { p256dh: ecdh.getPublicKey().toString('base64'), auth: auth.toString('base64') },
      },
    };
  }

  async close(): Promise<void> {
    this._server.closeAllConnections();
    await new Promise<void>((resolve) => this._server.close(() => resolve()));
  }

  /** One push: 201 when it decrypts for a known device, 404 for an unknown one, 400 for a broken body. */
  private _receive(url: string, body: Buffer): number {
    const device = this._devices.get(/^\/push\/([0-9a-f]+)$/.exec(url)?.[1] ?? '');
    if (!device) return 404;
    try {
      const plain = decrypt(body, { version: 'aes128gcm', privateKey: device.ecdh, authSecret: device.auth });
      const payload = JSON.parse(plain.toString('utf8')) as Record<string, unknown>;
      this.received.unshift({ at: Date.now(), userId: device.userId, payload });
      this.received.splice(KEEP);
      return 201;
    } catch {
      return 400; // not what a push service accepts: the sender sees the failure in its outbox
    }
  }
}

/** The certificates in `NODE_EXTRA_CA_CERTS`, which Node 20 adds to its defaults but not to `rootCertificates`. */
function extraCertificates(): string[] {
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    return [readFileSync(file, 'utf8')];
  } catch {
    return []; // Node itself only warns about an unreadable file.
  }
}

/** The relay's certificate, made in a directory removed at once (the key stays in memory only). */
function relayCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'embedded-chat-push-relay-'));
  try {
    return selfSignedCertificate(dir, 'embedded-chat demo push relay');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
