import { describe, expect, it } from 'vitest';
import { parsePublishBody, pushTtl, webPushBody } from '../../../../server/ably-local/push/push-payload.js';

const endpoint = Buffer.from('https://push.example/x').toString('base64');
const keys = { p256dh: Buffer.alloc(65, 4).toString('base64'), auth: Buffer.alloc(16, 1).toString('base64') };

const codeOf = (fn: () => unknown): number | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as { code?: number }).code;
  }
};

describe('push payloads (DESIGN §13.4)', () => {
  it('gives a service worker the notification with data copied in, web overrides merged, ttl left out', () => {
    expect(
      webPushBody({
        notification: { title: 'T', body: 'B', ttl: 60 },
        data: { task: 't1' },
        web: { notification: { body: 'web body' }, data: { url: 'https://x.example' } },
      }),
    ).toEqual({
      notification: { title: 'T', body: 'web body', data: { task: 't1', url: 'https://x.example' } },
      data: { task: 't1', url: 'https://x.example' },
    });
    expect(webPushBody({ notification: { title: 'only' } })).toEqual({ notification: { title: 'only' } });
  });

  it('takes the TTL from notification.ttl, else the default', () => {
    expect(pushTtl({ notification: { ttl: 30 } }, 100)).toBe(30);
    expect(pushTtl({ data: {} }, 100)).toBe(100);
  });

  it.each([
    ['a deviceId', { recipient: { deviceId: 'd1' }, notification: { title: 't' } }, undefined],
    ['a clientId', { recipient: { clientId: 'ann' }, data: { a: 'b' } }, undefined],
    [
      'a web recipient',
      { recipient: { transportType: 'web', targetUrl: endpoint, encryptionKey: keys }, data: { a: 'b' } },
      undefined,
    ],
    ['no recipient', { notification: { title: 't' } }, 40000],
    ['the wildcard clientId', { recipient: { clientId: '*' }, notification: { title: 't' } }, 40012],
    ['data that is not strings', { recipient: { clientId: 'ann' }, data: { a: 1 } }, 40000],
    ['an empty payload', { recipient: { clientId: 'ann' } }, 40000],
    ['a non-string title', { recipient: { clientId: 'ann' }, notification: { title: 7 } }, 40000],
    [
      'an http endpoint',
      {
        recipient: {
          transportType: 'web',
          targetUrl: Buffer.from('http://x.example').toString('base64'),
          encryptionKey: keys,
        },
        data: {},
      },
      40000,
    ],
    [
      'a body too large for one Web Push record',
      { recipient: { clientId: 'ann' }, notification: { body: 'x'.repeat(4000) } },
      40009,
    ],
  ] as const)('publish to %s', (_title, body, code) => {
    expect(codeOf(() => parsePublishBody(body))).toBe(code);
  });
});
