import { describe, expect, it } from 'vitest';
import { rest, startLocalAbly } from '../../../support/local-ably.js';

const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(key).toString('base64')}` });
const KEY = 'local.dev:ably-local-dev-secret';

/** The outbox (DESIGN §13.6): what was sent, for a machine without internet. Hand-written: no SDK reads it. */
describe('push outbox', () => {
  it('asks a browser for the key, then lists deliveries as escaped HTML with a script-free CSP', async () => {
    const server = await startLocalAbly();
    await rest(server, false).push.admin.publish(
      {
        transportType: 'web',
        targetUrl: Buffer.from('https://127.0.0.1:9/sub/1').toString('base64'),
        encryptionKey: {
          p256dh: Buffer.alloc(65, 4).toString('base64'),
          auth: Buffer.alloc(16, 1).toString('base64'),
        },
      },
      { notification: { title: '<script>alert(1)</script>', body: 'Ann & Bob' } },
    );
    const anonymous = await fetch(`${server.url}/push/outbox.html`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm="ably-local push outbox"/);
    const page = await fetch(`${server.url}/push/outbox.html`, { headers: basic(KEY) });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    const html = await page.text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Ann &amp; Bob');
    expect(html).toContain('https://127.0.0.1:9/sub/1');
  });

  it('answers JSON, newest first, with the result of each delivery', async () => {
    const server = await startLocalAbly();
    const admin = rest(server, false);
    await admin.push.admin.publish({ clientId: 'nobody-has-devices' }, { notification: { title: 'none' } });
    await admin.push.admin.deviceRegistrations.save({
      id: 'apns-device',
      platform: 'ios',
      formFactor: 'phone',
      push: { recipient: { transportType: 'apns', deviceToken: 'abc' } },
    });
    await admin.push.admin.publish({ deviceId: 'apns-device' }, { notification: { title: 'to apple' } });
    const res = await fetch(`${server.url}/push/outbox?limit=10`, { headers: basic(KEY) });
    const { items } = (await res.json()) as {
      items: { result: string; reason?: string; transportType: string }[];
    };
    expect(items).toEqual([
      expect.objectContaining({
        result: 'skipped',
        transportType: 'apns',
        reason: 'ably-local delivers web push only, not apns',
      }),
    ]);
    const limited = await fetch(`${server.url}/push/outbox`, {
      headers: basic('local.dev:wrong'),
    });
    expect(limited.status).toBe(401);
  });
});
