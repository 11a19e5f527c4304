import { createHmac } from 'node:crypto';
import * as Ably from 'ably';
import { describe, expect, it } from 'vitest';
import type { LocalAblyOptions } from '../../../../server/ably-local/create-server.js';
import { attachedRoom, chatClient } from '../../../support/chat.js';
import { FORMATS, realtime, rest, startLocalAbly, uniqueName } from '../../../support/local-ably.js';
import { WebhookReceiver } from '../../../support/webhook-receiver.js';

const KEY_NAME = 'local.dev';
const SECRET = 'ably-local-dev-secret';
const FAST: LocalAblyOptions['webhookTiming'] = {
  singleRetryDelaysMs: [20, 40],
  batchRetryInitialMs: 20,
  batchRetryMaxMs: 80,
  timeoutMs: 300,
};

interface Envelope {
  source: string;
  appId: string;
  channel: string;
  site: string;
  ruleId: string;
  messages?: unknown[];
  presence?: unknown[];
}

interface Batch {
  items: {
    webhookId: string;
    source: string;
    name: string;
    data: { channelId: string; messages?: unknown[]; presence?: unknown[] };
  }[];
}

// DESIGN §14.2: what an integration rule sends, judged by the SDK's own decoders.
describe.each(FORMATS)('webhooks from $format publishers', ({ useBinaryProtocol }) => {
  it('posts each message as a signed, enveloped single request that Message.fromEncodedArray decodes', async () => {
    const receiver = await WebhookReceiver.start();
    const server = await startLocalAbly({
      webhooks: [
        {
          id: 'chat',
          url: receiver.url,
          requestMode: 'single',
          signWithKey: KEY_NAME,
          channelFilter: '^hooks-',
        },
      ],
    });
    const channel = uniqueName('hooks');
    const publisher = realtime(server, useBinaryProtocol, { clientId: 'ann' }).channels.get(channel);
    await publisher.publish([
      { name: 'text', data: 'héllo', extras: { headers: { k: 'v' } } },
      { name: 'json', data: { a: [1, 2] } },
      { name: 'bytes', data: Buffer.from([1, 2, 3]) },
    ]);
    await realtime(server, useBinaryProtocol).channels.get(uniqueName('elsewhere')).publish('x', 'ignored');
    await receiver.until(() => receiver.requests.length === 1);
    const [request] = receiver.requests;
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-ably-version']).toBe('1.2');
    expect(request!.headers['x-ably-key']).toBe(KEY_NAME);
    expect(request!.headers['x-ably-signature']).toBe(
      createHmac('sha256', SECRET).update(request!.body).digest('base64'),
    );
    const envelope = request!.json as Envelope;
    expect(envelope).toMatchObject({
      source: 'channel.message',
      appId: 'local',
      channel,
      site: 'local',
      ruleId: 'chat',
    });
    const messages = await Ably.Realtime.Message.fromEncodedArray(envelope.messages!);
    expect(messages.map((m) => m.name)).toEqual(['text', 'json', 'bytes']);
    expect(messages[0]).toMatchObject({
      data: 'héllo',
      clientId: 'ann',
      extras: { headers: { k: 'v' } },
      action: 'message.create',
    });
    expect(messages[1]!.data).toEqual({ a: [1, 2] });
    expect([...(messages[2]!.data as Uint8Array)]).toEqual([1, 2, 3]);
    expect(messages[0]!.serial).toEqual(expect.any(String));
  });

  it('batches Chat messages and presence of matching channels into {items} requests', async () => {
    const receiver = await WebhookReceiver.start();
    const server = await startLocalAbly({
      webhooks: [
        {
          url: receiver.url,
          channelFilter: '^task:.*::\\$chat$',
          sources: ['channel.message', 'channel.presence'],
          requestMode: 'batch',
          batchIntervalMs: 50,
        },
      ],
    });
    const room = `task:${uniqueName('order')}`;
    const chat = await attachedRoom(chatClient(server, useBinaryProtocol, { clientId: 'ann', room }), room);
    await chat.presence.enter({ status: 'here' });
    await chat.messages.send({ text: 'one' });
    await chat.messages.send({ text: 'two' });
    const items = () => receiver.requests.flatMap((r) => (r.json as Batch).items);
    await receiver.until(() => items().filter((i) => i.source === 'channel.message').length === 2);
    expect(receiver.requests.length).toBeLessThan(3);
    const messageItems = items().filter((i) => i.source === 'channel.message');
    expect(messageItems[0]).toMatchObject({
      webhookId: 'rule-1',
      name: 'channel.message',
      data: { channelId: `${room}::$chat` },
    });
    const messages = await Ably.Realtime.Message.fromEncodedArray(
      messageItems.flatMap((i) => i.data.messages!),
    );
    expect(messages.map((m) => [m.name, (m.data as { text: string }).text, m.clientId])).toEqual([
      ['chat.message', 'one', 'ann'],
      ['chat.message', 'two', 'ann'],
    ]);
    const presenceItem = items().find((i) => i.source === 'channel.presence')!;
    expect(presenceItem.name).toBe('presence.message');
    const presence = await Ably.Realtime.PresenceMessage.fromEncodedArray(presenceItem.data.presence!);
    expect(presence[0]).toMatchObject({ action: 'enter', clientId: 'ann', data: { status: 'here' } });
  });

  it('sends data alone with its metadata in headers when not enveloped', async () => {
    const receiver = await WebhookReceiver.start();
    const server = await startLocalAbly({
      webhooks: [{ url: receiver.url, requestMode: 'single', enveloped: false }],
    });
    const channel = uniqueName('raw');
    await rest(server, useBinaryProtocol, { clientId: 'bob' })
      .channels.get(channel)
      .publish('greeting', 'hi there');
    await receiver.until(() => receiver.requests.length === 1);
    const [request] = receiver.requests;
    expect(request!.body.toString()).toBe('hi there');
    expect(request!.headers).toMatchObject({
      'x-ably-envelope-channel': channel,
      'x-ably-envelope-source': 'channel.message',
      'x-ably-message-client-id': 'bob',
      'x-ably-message-name': 'greeting',
    });
  });

  it('retries a failed batch with backoff and delivers it once the receiver recovers', async () => {
    const receiver = await WebhookReceiver.start([500, 503]);
    const server = await startLocalAbly({
      webhooks: [{ url: receiver.url, batchIntervalMs: 0 }],
      webhookTiming: FAST,
    });
    await rest(server, useBinaryProtocol).channels.get(uniqueName('retry')).publish('n', 'kept');
    await receiver.until(() => receiver.requests.some((r) => r.status === 200));
    expect(receiver.requests.map((r) => r.status)).toEqual([500, 503, 200]);
    const bodies = receiver.requests.map((r) => JSON.stringify((r.json as Batch).items.map((i) => i.data)));
    expect(new Set(bodies).size).toBe(1);
  });

  // How fast publishing stays while the receiver stalls is a benchmark: npm run bench -- worst-case.
  it('keeps publishing while the receiver answers nothing, and delivers every message once it does', async () => {
    const receiver = await WebhookReceiver.start(Array<'hold'>(20).fill('hold'));
    const server = await startLocalAbly({
      webhooks: [{ url: receiver.url, requestMode: 'single' }],
      // Long enough that no request times out while held: this test is about publishing, not retries.
      webhookTiming: { ...FAST, timeoutMs: 60_000 },
    });
    const channel = rest(server, useBinaryProtocol).channels.get(uniqueName('held'));
    for (let i = 0; i < 20; i++) await channel.publish('n', String(i));
    // Every publish was answered while the receiver had answered no webhook: none waited for one.
    expect(receiver.answered).toBe(0);
    receiver.release();
    await receiver.until(() => receiver.requests.filter((r) => r.status === 200).length === 20);
    const texts = receiver.requests.map((r) =>
      (r.json as Envelope).messages?.map((m) => (m as { data: string }).data),
    );
    expect(texts.flat().sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 20 }, (_, i) => String(i)),
    );
  });

  it('reports a request the receiver never answers and delivers it on a retry', async () => {
    const receiver = await WebhookReceiver.start(['stall', 'stall']);
    const reported: string[] = [];
    const server = await startLocalAbly({
      webhooks: [{ url: receiver.url, requestMode: 'single' }],
      // A second before a request counts as unanswered: an answered one on a busy machine must not be
      // taken for a stall three times over (then its message is dropped, as it should be).
      webhookTiming: { ...FAST, timeoutMs: 1_000 },
      onError: (operation) => reported.push(operation),
    });
    const channel = rest(server, useBinaryProtocol).channels.get(uniqueName('stalled'));
    for (let i = 0; i < 20; i++) await channel.publish('n', String(i));
    // Delivery is at least once: a request answered after the timeout is sent again, so count messages, not
    // answers (on a busy machine an answered request can be retried and arrive twice).
    const delivered = () =>
      new Set(
        receiver.requests
          .filter((r) => r.status === 200)
          .flatMap((r) => (r.json as Envelope).messages?.map((m) => (m as { data: string }).data) ?? []),
      );
    await receiver.until(() => delivered().size === 20);
    expect([...delivered()].sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 20 }, (_, i) => String(i)),
    );
    expect(reported.some((op) => op.startsWith('send webhook'))).toBe(true);
  });

  it('replaces its rules while running (setWebhooks)', async () => {
    const before = await WebhookReceiver.start();
    const after = await WebhookReceiver.start();
    const server = await startLocalAbly({ webhooks: [{ url: before.url, requestMode: 'single' }] });
    const channel = rest(server, useBinaryProtocol).channels.get(uniqueName('swap'));
    await channel.publish('n', 'first');
    await before.until(() => before.requests.length === 1);
    server.setWebhooks([{ url: after.url, requestMode: 'single' }]);
    await channel.publish('n', 'second');
    await after.until(() => after.requests.length === 1);
    expect(before.requests).toHaveLength(1);
    expect(() => server.setWebhooks([{ url: 'ftp://x' } as never])).toThrow(/url must be an http\(s\) URL/);
  });
});
