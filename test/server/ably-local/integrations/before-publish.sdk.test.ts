import type { ChatMessageEvent } from '@ably/chat';
import type { ServerResponse } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import type { ModerationRuleSpec } from '../../../../server/ably-local/integrations/moderation-rule.js';
import type { AblyError } from '../../../../server/ably-local/protocol/ably-error.js';
import { attachedRoom, chatClient, rejectionOf, roomToken } from '../../../support/chat.js';
import { FORMATS, realtime, rest, startLocalAbly, uniqueName } from '../../../support/local-ably.js';
import { json, moderationEndpoint, rejectWhen } from '../../../support/moderation-endpoint.js';
import { expectServerHealthy } from '../../../support/server-health.js';

const PHONE_REASON = "Phone numbers and e-mail addresses can't be shared in this chat.";

/** ably-local with one rule pointing at `url`; `reported` collects what went to onError. */
async function moderatedServer(url: string, rule: Partial<ModerationRuleSpec> = {}) {
  const reported: AblyError[] = [];
  const server = await startLocalAbly({
    moderation: [
      { id: 'mod-1', url, channelFilter: '^task:', headers: { authorization: 'Bearer s3cret' }, ...rule },
    ],
    onError: (_operation, error) => reported.push(error),
  });
  return { server, reported };
}

/** Alice and Bob in one room; Bob records what arrives. */
async function twoInRoom(server: Awaited<ReturnType<typeof startLocalAbly>>, binary: boolean, room: string) {
  const [alice, bob] = await Promise.all([
    attachedRoom(chatClient(server, binary, { clientId: 'alice', room, claim: 'buyer' }), room),
    attachedRoom(chatClient(server, binary, { clientId: 'bob', room }), room),
  ]);
  const received: ChatMessageEvent[] = [];
  bob.messages.subscribe((event) => received.push(event));
  return { alice, bob, received };
}

describe.each(FORMATS)('before-publish moderation over $format', ({ useBinaryProtocol }) => {
  it('sends Ably’s custom-moderation request and publishes the message when the endpoint accepts', async () => {
    const endpoint = await moderationEndpoint(json({ action: 'accept' }));
    const { server } = await moderatedServer(endpoint.url);
    const room = uniqueName('task:order');
    const { alice, received } = await twoInRoom(server, useBinaryProtocol, room);
    const sent = await alice.messages.send({
      text: 'is the bike still for sale?',
      metadata: { order: 8841 },
      headers: { lang: 'en' },
    });
    await vi.waitFor(() => expect(received.map((e) => e.message.serial)).toEqual([sent.serial]));
    expect(endpoint.calls).toHaveLength(1);
    const call = endpoint.calls[0]!;
    expect(call.headers.authorization).toBe('Bearer s3cret');
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.body).toEqual({
      source: 'chat.message',
      appId: 'local',
      room,
      site: 'local',
      ruleId: 'mod-1',
      message: {
        clientId: 'alice',
        text: 'is the bike still for sale?',
        metadata: { order: 8841 },
        headers: { lang: 'en' },
      },
    });
  });

  it('rejects a send with 42213 and the reason in detail, and stores and delivers nothing, when the endpoint rejects', async () => {
    const endpoint = await moderationEndpoint(rejectWhen('555', PHONE_REASON));
    const { server, reported } = await moderatedServer(endpoint.url);
    const room = uniqueName('task:order');
    const { alice, bob, received } = await twoInRoom(server, useBinaryProtocol, room);
    const error = await rejectionOf(alice.messages.send({ text: 'call me on +1 555 0100 200' }));
    expect(error.code).toBe(42213);
    expect(error.statusCode).toBe(422);
    expect(error.detail).toEqual({ reason: PHONE_REASON, rule: 'test' });
    expect(error.message).toContain(PHONE_REASON);
    // A later, clean message is the only one Bob ever gets, and the only one in history.
    const clean = await alice.messages.send({ text: 'see you at noon' });
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(received[0]!.message.serial).toBe(clean.serial);
    const history = await bob.messages.history({ limit: 10 });
    expect(history.items.map((m) => m.text)).toEqual(['see you at noon']);
    expect(reported).toEqual([]);
  });

  it('rejects an edit that adds what the rule refuses, and keeps the message as it was', async () => {
    const endpoint = await moderationEndpoint(rejectWhen('555', PHONE_REASON));
    const { server } = await moderatedServer(endpoint.url);
    const room = uniqueName('task:order');
    const { alice, bob, received } = await twoInRoom(server, useBinaryProtocol, room);
    const sent = await alice.messages.send({ text: 'see you at noon' });
    await vi.waitFor(() => expect(received).toHaveLength(1));
    const error = await rejectionOf(
      alice.messages.update(sent.serial, { text: 'see you at noon, or call 555 0100 200' }),
    );
    expect(error.code).toBe(42213);
    expect(error.detail?.reason).toBe(PHONE_REASON);
    expect(endpoint.calls.at(-1)!.body.message).toMatchObject({
      clientId: 'alice',
      text: 'see you at noon, or call 555 0100 200',
    });
    const edited = await alice.messages.update(sent.serial, { text: 'see you at one' });
    await vi.waitFor(() => expect(received).toHaveLength(2));
    expect(received[1]!.message.version.serial).toBe(edited.version.serial);
    expect((await bob.messages.get(sent.serial)).text).toBe('see you at one');
  });

  it('does not ask the endpoint about rooms its channel filter does not match', async () => {
    const endpoint = await moderationEndpoint(json({ action: 'reject' }));
    const { server } = await moderatedServer(endpoint.url, { channelFilter: '^task:order-' });
    const room = uniqueName('task:ticket');
    const { alice, received } = await twoInRoom(server, useBinaryProtocol, room);
    await alice.messages.send({ text: 'call 555 0100 200' });
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(endpoint.calls).toEqual([]);
  });
});

describe('before-publish moderation when the endpoint fails', () => {
  it('rejects with 42211 and reports the failure when the endpoint is down and the failed action is reject', async () => {
    const endpoint = await moderationEndpoint(json({ action: 'accept' }));
    const down = endpoint.url.replace(/:\d+\//, ':1/'); // nothing listens on port 1
    const { server, reported } = await moderatedServer(down, { maxRetries: 1 });
    const room = uniqueName('task:order');
    const { alice } = await twoInRoom(server, false, room);
    const error = await rejectionOf(alice.messages.send({ text: 'hello' }));
    expect(error.code).toBe(42211);
    expect(error.statusCode).toBe(422);
    expect(error.message).toMatch(/could not moderate it \(unreachable .*after every retry\)/);
    expect(reported.map((e) => e.code)).toEqual([42211]);
  });

  it('publishes anyway when the endpoint is down and the failed action is publish', async () => {
    const endpoint = await moderationEndpoint(json({ action: 'accept' }));
    const down = endpoint.url.replace(/:\d+\//, ':1/');
    const { server, reported } = await moderatedServer(down, { failedAction: 'publish', maxRetries: 0 });
    const room = uniqueName('task:order');
    const { alice, received } = await twoInRoom(server, false, room);
    await alice.messages.send({ text: 'hello' });
    await vi.waitFor(() => expect(received.map((e) => e.message.text)).toEqual(['hello']));
    expect(reported).toHaveLength(1);
  });

  it('answers a slow endpoint’s message after the timeout while other rooms keep chatting', async () => {
    const endpoint = await moderationEndpoint(() => {}); // never answers
    const { server } = await moderatedServer(endpoint.url, {
      channelFilter: '^task:order-',
      timeoutMs: 1500,
    });
    const moderated = await twoInRoom(server, false, uniqueName('task:order'));
    const free = await twoInRoom(server, false, uniqueName('task:ticket'));
    const started = Date.now();
    const stuck = rejectionOf(moderated.alice.messages.send({ text: 'hello' }));
    await vi.waitFor(() => expect(endpoint.calls).toHaveLength(1));
    await free.alice.messages.send({ text: 'not held up' });
    await vi.waitFor(() => expect(free.received).toHaveLength(1));
    expect(Date.now() - started).toBeLessThan(1500);
    const error = await stuck;
    expect(error.code).toBe(42211);
    expect(error.message).toContain('no answer within 1500 ms');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1490);
    expect(moderated.received).toEqual([]);
  });

  it.each([
    ['a body that is not JSON', (res: ServerResponse) => res.end('ok!')],
    ['a JSON array', (res: ServerResponse) => res.end('[]')],
    ['an unknown action', (res: ServerResponse) => res.end('{"action":"maybe"}')],
    ['a redirect', (res: ServerResponse) => res.writeHead(302, { location: '/' }).end()],
    ['404', (res: ServerResponse) => res.writeHead(404).end('{"action":"accept"}')],
    [
      'a body over 64 KiB',
      (res: ServerResponse) => res.end(JSON.stringify({ action: 'accept', pad: 'x'.repeat(70_000) })),
    ],
  ])('follows the failed action and stays healthy when the endpoint answers %s', async (_what, answer) => {
    const endpoint = await moderationEndpoint((_call, res) => {
      answer(res);
    });
    const { server, reported } = await moderatedServer(endpoint.url);
    const { alice, received } = await twoInRoom(server, false, uniqueName('task:order'));
    const error = await rejectionOf(alice.messages.send({ text: 'hello' }));
    expect(error.code).toBe(42211);
    expect(endpoint.calls).toHaveLength(1); // a definite non-answer is not retried
    expect(received).toEqual([]);
    expect(reported.map((e) => e.code)).toEqual([42211]);
    await expectServerHealthy(server);
  });

  it('retries a 5xx and publishes once the endpoint accepts', async () => {
    const endpoint = await moderationEndpoint(json({ error: 'busy' }, 503));
    const { server } = await moderatedServer(endpoint.url, { maxRetries: 2 });
    const { alice, received } = await twoInRoom(server, false, uniqueName('task:order'));
    endpoint.answer((call, res) =>
      endpoint.calls.length < 2 ? json({}, 500)(call, res) : json({ action: 'accept' })(call, res),
    );
    await alice.messages.send({ text: 'third time lucky' });
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(endpoint.calls).toHaveLength(2);
  });

  it('retries a 429 only when the rule says retry', async () => {
    const endpoint = await moderationEndpoint(json({}, 429));
    const { server } = await moderatedServer(endpoint.url, { maxRetries: 1 });
    const { alice } = await twoInRoom(server, false, uniqueName('task:order'));
    expect((await rejectionOf(alice.messages.send({ text: 'a' }))).code).toBe(42211);
    expect(endpoint.calls).toHaveLength(1);
    server.setModerationRules([
      { id: 'mod-1', url: endpoint.url, maxRetries: 1, tooManyRequestsAction: 'retry' },
    ]);
    expect((await rejectionOf(alice.messages.send({ text: 'b' }))).code).toBe(42211);
    expect(endpoint.calls).toHaveLength(3);
  });
});

describe('idempotent sends on a moderated room', () => {
  it('asks the endpoint once for a send repeated with the same idempotencyKey', async () => {
    const endpoint = await moderationEndpoint(json({ action: 'accept' }));
    const { server } = await moderatedServer(endpoint.url);
    // What the SDK's retry of an idempotent send puts on the wire (no SDK call repeats a key on purpose).
    const send = () =>
      fetch(`${server.url}/chat/v4/rooms/${encodeURIComponent('task:order-1')}/messages?idempotencyKey=k1`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(server.clientOptions.key).toString('base64')}`,
          'x-ably-clientid': Buffer.from('ann').toString('base64'),
          'content-type': 'application/json',
        },
        body: JSON.stringify({ text: 'once' }),
      }).then(async (r) => ((await r.json()) as { serial: string }).serial);
    const first = await send();
    expect(await send()).toBe(first);
    expect(endpoint.calls).toHaveLength(1);
  });
});

describe('pub/sub writes of chat.message on a moderated room', () => {
  it('refuses a token holder’s realtime, REST and batch chat.message with 42211 but lets other events and key holders through', async () => {
    const endpoint = await moderationEndpoint(json({ action: 'accept' }));
    const { server } = await moderatedServer(endpoint.url);
    const room = uniqueName('task:order');
    const channelName = `${room}::$chat`;
    const token = roomToken(server, { clientId: 'mallory', room });
    const client = realtime(server, true, { authCallback: (_p, cb) => cb(null, token) });
    const channel = client.channels.get(channelName);
    const viaRealtime = await rejectionOf(channel.publish('chat.message', { text: 'call 555 0100 200' }));
    expect(viaRealtime.code).toBe(42211);
    await channel.publish('typing.started', {}); // other names are not Chat messages
    const viaRest = await rejectionOf(
      rest(server, false, { token }).channels.get(channelName).publish('chat.message', { text: 'x' }),
    );
    expect(viaRest.code).toBe(42211);
    const batch = await rest(server, false, { token }).batchPublish({
      channels: [channelName],
      messages: [{ name: 'chat.message', data: { text: 'x' } }],
    });
    expect(batch.results[0]).toMatchObject({ channel: channelName, error: { code: 42211 } });
    await rest(server, false).channels.get(channelName).publish('chat.message', { text: 'from the app' });
    expect(endpoint.calls).toEqual([]);
  });
});
