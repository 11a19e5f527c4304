import { createHmac } from 'node:crypto';
import * as Ably from 'ably';
import { describe, expect, it } from 'vitest';
import { attachedRoom, chatClient, rejectionOf } from '../../../support/chat.js';
import { controlClient } from '../../../support/control-api.js';
import { FORMATS, rest, sdkOptions, startLocalAbly, uniqueName } from '../../../support/local-ably.js';
import { moderationEndpoint, rejectWhen } from '../../../support/moderation-endpoint.js';
import { WebhookReceiver } from '../../../support/webhook-receiver.js';

const APP = 'local';

/**
 * Integration rules and keys made through the Control API (DESIGN §15.3) drive what ably-local does: a rule
 * fires while it exists and is enabled, a key authenticates until it is revoked.
 */
describe.each(FORMATS)('Control API rules and keys over $format', ({ useBinaryProtocol }) => {
  it('posts signed channel.message webhooks for an http rule, and stops when it is disabled or deleted', async () => {
    const receiver = await WebhookReceiver.start();
    const server = await startLocalAbly({ webhookTiming: { batchIntervalMs: 5 } });
    const call = controlClient(server);
    const key = server.keys[0]!;
    const rule = await call('POST', `/apps/${APP}/rules`, {
      ruleType: 'http',
      requestMode: 'batch',
      source: { channelFilter: '^orders:', type: 'channel.message' },
      target: { url: receiver.url, format: 'json', signingKeyId: key.keyName.split('.')[1] },
    });
    expect(rule.status).toBe(201);
    const client = rest(server, useBinaryProtocol);
    await client.channels.get(uniqueName('chatter:x')).publish('m', 'not for the rule');
    await client.channels.get(uniqueName('orders:x')).publish('m', 'first');
    await receiver.until(() => receiver.requests.length === 1);
    const [request] = receiver.requests;
    expect(request!.headers['x-ably-key']).toBe(key.keyName);
    expect(request!.headers['x-ably-signature']).toBe(
      createHmac('sha256', key.secret).update(request!.body).digest('base64'),
    );
    const items = (request!.json as { items: { data: { messages: unknown[] } }[] }).items;
    const messages = await Ably.Rest.Message.fromEncodedArray(items[0]!.data.messages);
    expect(messages.map((m) => m.data)).toEqual(['first']);

    await call('PATCH', `/apps/${APP}/rules/${rule.body.id}`, { ruleType: 'http', status: 'disabled' });
    await client.channels.get(uniqueName('orders:x')).publish('m', 'while disabled');
    await call('PATCH', `/apps/${APP}/rules/${rule.body.id}`, { ruleType: 'http', status: 'enabled' });
    await client.channels.get(uniqueName('orders:x')).publish('m', 'enabled again');
    await receiver.until(() => receiver.requests.length === 2);
    await call('DELETE', `/apps/${APP}/rules/${rule.body.id}`);
    await client.channels.get(uniqueName('orders:x')).publish('m', 'after delete');
    // A rule that still existed would have posted 'after delete' within its 5 ms batch; a marker rule shows
    // the server has moved past that publish.
    const marker = await WebhookReceiver.start();
    await call('POST', `/apps/${APP}/rules`, {
      ruleType: 'http',
      requestMode: 'single',
      source: { channelFilter: '^marker:', type: 'channel.message' },
      target: { url: marker.url, format: 'json' },
    });
    await client.channels.get(uniqueName('orders:x')).publish('m', 'after delete, again');
    await client.channels.get(uniqueName('marker:x')).publish('m', 'marker');
    await marker.until(() => marker.requests.length === 1);
    const texts = [];
    for (const r of receiver.requests) {
      const batch = (r.json as { items: { data: { messages: unknown[] } }[] }).items;
      for (const item of batch) {
        for (const m of await Ably.Rest.Message.fromEncodedArray(item.data.messages)) texts.push(m.data);
      }
    }
    expect(texts).toEqual(['first', 'enabled again']);
  });

  it('moderates Chat sends with a before-publish rule while it is enabled', async () => {
    const endpoint = await moderationEndpoint(rejectWhen('555-0100', 'no phone numbers'));
    const server = await startLocalAbly();
    const call = controlClient(server);
    const room = uniqueName('task:order');
    const alice = await attachedRoom(
      chatClient(server, useBinaryProtocol, { clientId: 'alice', room }),
      room,
    );
    await alice.messages.send({ text: 'call me on 555-0100' });
    expect(endpoint.calls).toHaveLength(0);
    const rule = await call('POST', `/apps/${APP}/rules`, {
      ruleType: 'http/before-publish',
      invocationMode: 'BEFORE_PUBLISH',
      chatRoomFilter: '/^task:/',
      beforePublishConfig: {
        retryTimeout: 2000,
        maxRetries: 0,
        failedAction: 'REJECT',
        tooManyRequestsAction: 'FAIL',
      },
      target: { url: endpoint.url, headers: [{ name: 'Authorization', value: 'Bearer moderation-secret' }] },
    });
    expect(rule.status).toBe(201);
    const refused = await rejectionOf(alice.messages.send({ text: 'call me on 555-0100' }));
    expect(refused.code).toBe(42213);
    expect(endpoint.calls.at(-1)!.headers.authorization).toBe('Bearer moderation-secret');
    expect(endpoint.calls.at(-1)!.body).toMatchObject({ ruleId: rule.body.id, room });
    await call('PATCH', `/apps/${APP}/rules/${rule.body.id}`, {
      ruleType: 'http/before-publish',
      status: 'disabled',
    });
    await alice.messages.send({ text: 'call me on 555-0100' });
  });

  it('authenticates SDK clients with a key made at run time, and revokes its tokens only when revocable', async () => {
    const server = await startLocalAbly();
    const call = controlClient(server);
    const fixed = await call('POST', `/apps/${APP}/keys`, { name: 'fixed', capability: { '*': ['*'] } });
    const revocable = await call('POST', `/apps/${APP}/keys`, {
      name: 'revocable',
      capability: { '*': ['*'] },
      revocableTokens: true,
    });
    for (const made of [fixed.body, revocable.body]) {
      const client = new Ably.Rest(sdkOptions(server, useBinaryProtocol, { key: made.key }));
      await client.channels.get(uniqueName('c')).publish('m', 'with a new key');
      const err = await client.auth
        .revokeTokens([{ type: 'clientId', value: 'mallory' }])
        .catch((e: unknown) => e as Ably.ErrorInfo);
      if (made.name === 'fixed') expect(err).toMatchObject({ code: 40121, statusCode: 401 });
      else expect(err).toMatchObject({ successCount: 1 });
    }
    await call('POST', `/apps/${APP}/keys/${fixed.body.id}/revoke`);
    const client = new Ably.Rest(sdkOptions(server, useBinaryProtocol, { key: fixed.body.key }));
    const err = await client.channels
      .get(uniqueName('c'))
      .publish('m', 'after revocation')
      .catch((e: unknown) => e as Ably.ErrorInfo);
    expect(err).toMatchObject({ code: 40101 });
  });
});
