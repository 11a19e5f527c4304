import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { channelEventsOf } from '../../../../server/backend/push/webhook-payload.js';
import { webhookKeys, webhookSignatureProblem } from '../../../../server/backend/push/webhook-signature.js';

describe('webhook bodies (Ably webhooks)', () => {
  it('reads an enveloped single request and the channel.message and channel.presence items of a batch, in order', () => {
    expect(channelEventsOf({ source: 'channel.message', channel: 'c', messages: [{ id: 1 }] })).toEqual([
      { source: 'channel.message', channel: 'c', items: [{ id: 1 }] },
    ]);
    expect(channelEventsOf({ source: 'channel.presence', channel: 'c', presence: [{ action: 2 }] })).toEqual([
      { source: 'channel.presence', channel: 'c', items: [{ action: 2 }] },
    ]);
    expect(channelEventsOf({ source: 'channel.lifecycle', channel: 'c', messages: [] })).toEqual([]);
    expect(
      channelEventsOf({
        items: [
          { source: 'channel.message', data: { channelId: 'a', messages: [1] } },
          { source: 'channel.presence', data: { channelId: 'a', presence: [2] } },
          { source: 'channel.occupancy', data: { channelId: 'a', occupancy: {} } },
          { source: 'channel.message', data: { channelId: 'b', messages: [3] } },
        ],
      }),
    ).toEqual([
      { source: 'channel.message', channel: 'a', items: [1] },
      { source: 'channel.presence', channel: 'a', items: [2] },
      { source: 'channel.message', channel: 'b', items: [3] },
    ]);
  });

  it.each([
    [null],
    [[]],
    [{}],
    [{ items: [{ source: 'channel.message', data: { channelId: 1, messages: [] } }] }],
    [{ items: [{ source: 'channel.presence', data: { channelId: 'c', messages: [] } }] }],
    [{ source: 'channel.message', channel: 'c' }],
    [{ source: 'channel.presence', channel: 'c', messages: [] }],
  ])('refuses %j', (body) => {
    expect(channelEventsOf(body)).toBeUndefined();
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
