import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { channelMessagesOf } from '../../../../server/backend/push/webhook-payload.js';
import { webhookKeys, webhookSignatureProblem } from '../../../../server/backend/push/webhook-signature.js';

describe('webhook bodies (Ably webhooks)', () => {
  it('reads an enveloped single request and the channel.message items of a batch', () => {
    expect(channelMessagesOf({ source: 'channel.message', channel: 'c', messages: [{ id: 1 }] })).toEqual([
      { channel: 'c', messages: [{ id: 1 }] },
    ]);
    expect(channelMessagesOf({ source: 'channel.presence', channel: 'c', presence: [] })).toEqual([]);
    expect(
      channelMessagesOf({
        items: [
          { source: 'channel.message', data: { channelId: 'a', messages: [1] } },
          { source: 'channel.presence', data: { channelId: 'a', presence: [2] } },
          { source: 'channel.message', data: { channelId: 'b', messages: [3] } },
        ],
      }),
    ).toEqual([
      { channel: 'a', messages: [1] },
      { channel: 'b', messages: [3] },
    ]);
  });

  it.each([
    [null],
    [[]],
    [{}],
    [{ items: [{ source: 'channel.message', data: { channelId: 1, messages: [] } }] }],
    [{ source: 'channel.message', channel: 'c' }],
  ])('refuses %j', (body) => {
    expect(channelMessagesOf(body)).toBeUndefined();
  });
});

describe('webhook signatures', () => {
  const keys = webhookKeys(['app.hooks:top-secret']);
  const body = Buffer.from('{"items":[]}');
  const sign = (secret: string) => createHmac('sha256', secret).update(body).digest('base64');

  it('accepts the key by full name or by key id', () => {
    expect(webhookSignatureProblem('app.hooks', sign('top-secret'), body, keys)).toBeUndefined();
    expect(webhookSignatureProblem('hooks', sign('top-secret'), body, keys)).toBeUndefined();
  });

  it.each([
    ['unsigned', undefined, undefined, /not signed/],
    ['an unknown key', 'app.other', sign('top-secret'), /not one configured/],
    ['a wrong secret', 'app.hooks', sign('guess'), /does not match/],
    ['a truncated signature', 'app.hooks', sign('top-secret').slice(0, 10), /does not match/],
  ])('refuses %s', (_title, key, signature, reason) => {
    expect(webhookSignatureProblem(key, signature, body, keys)).toMatch(reason);
  });
});
