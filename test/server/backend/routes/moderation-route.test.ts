import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../server/backend/errors.js';
import { createChatRouter } from '../../../../server/backend/routes/chat-router.js';
import { SqliteStore } from '../../../../server/backend/store/sqlite-store.js';
import {
  EMBED_SECRET,
  fetchJson,
  mountChatRouter,
  SERVER_SECRET,
  startBackend,
  uniqueTaskId,
} from '../backend-harness.js';

const MODERATION_SECRET = 'moderation-secret-for-tests-0123456789ab';
const CONTACT = "Phone numbers and e-mail addresses can't be shared in this chat.";

/** Ably's custom-moderation request for a message in a task's room. */
function request(task: string, text: string, clientId = 'u-1') {
  return {
    source: 'chat.message',
    appId: 'local',
    room: `task:${task}`,
    site: 'local',
    ruleId: 'r',
    message: { clientId, text, metadata: {} as Record<string, unknown>, headers: {} },
  };
}

function moderate(url: string, body: unknown, secret: string | null = MODERATION_SECRET) {
  return fetchJson(`${url}/api/moderation`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret === null ? {} : { authorization: `Bearer ${secret}` }),
    },
    body: JSON.stringify(body),
  });
}

async function backendWithTasks() {
  const backend = await startBackend({ moderationSecret: MODERATION_SECRET });
  const order = uniqueTaskId('order');
  const ticket = uniqueTaskId('ticket');
  await backend.createTask(order, [], { type: 'order', title: 'Order' });
  await backend.createTask(ticket, [], { type: 'ticket', title: 'Ticket' });
  return { backend, order, ticket };
}

describe('POST /api/moderation', () => {
  it('rejects a phone number in an order with the reason, rule and policy', async () => {
    const { backend, order } = await backendWithTasks();
    const answer = await moderate(backend.url, request(order, 'call me on +44 20 7946 0958'));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toEqual({
      action: 'reject',
      rejectionReason: { reason: CONTACT, rule: 'contact-information', policy: 'marketplace' },
    });
  });

  it('accepts the same text in a ticket, and a clean message in an order', async () => {
    const { backend, order, ticket } = await backendWithTasks();
    expect((await moderate(backend.url, request(ticket, 'call me on +44 20 7946 0958'))).body).toEqual({
      action: 'accept',
    });
    expect((await moderate(backend.url, request(order, 'is it still available?'))).body).toEqual({
      action: 'accept',
    });
  });

  it('refuses a phone number in a file name in an order, as in its text, and not in a ticket', async () => {
    const { backend, order, ticket } = await backendWithTasks();
    const withFile = (task: string, name: string) => {
      const body = request(task, '');
      body.message.metadata = { attachments: [{ id: 'a'.repeat(32), name, size: 10, type: 'image/png' }] };
      return body;
    };
    expect((await moderate(backend.url, withFile(order, 'call +44 20 7946 0958.png'))).body).toEqual({
      action: 'reject',
      rejectionReason: { reason: CONTACT, rule: 'contact-information', policy: 'marketplace' },
    });
    expect((await moderate(backend.url, withFile(order, 'vase.png'))).body).toEqual({ action: 'accept' });
    expect((await moderate(backend.url, withFile(ticket, 'call +44 20 7946 0958.png'))).body).toEqual({
      action: 'accept',
    });
  });

  it('reads the room from roomId, as an earlier revision of Ably’s page names it', async () => {
    const { backend, order } = await backendWithTasks();
    const { room, ...rest } = request(order, 'ann@mail.com');
    const answer = await moderate(backend.url, { ...rest, roomId: room });
    expect(answer.body.action).toBe('reject');
  });

  it('refuses the fourth identical message from one participant, not from another', async () => {
    const { backend, order } = await backendWithTasks();
    for (let i = 0; i < 3; i++) {
      expect((await moderate(backend.url, request(order, 'Buy now!'))).body.action).toBe('accept');
    }
    const flood = await moderate(backend.url, request(order, 'buy now!'));
    expect(flood.body.rejectionReason).toMatchObject({ rule: 'flood' });
    expect((await moderate(backend.url, request(order, 'buy now!', 'u-2'))).body.action).toBe('accept');
  });

  it('accepts messages of rooms that are not a task’s', async () => {
    const { backend } = await backendWithTasks();
    const answer = await moderate(backend.url, {
      room: 'lobby',
      message: { clientId: 'x', text: 'ann@mail.com' },
    });
    expect(answer.body).toEqual({ action: 'accept' });
  });

  it('answers 404 (1003) for an unknown task, so the rule’s failed action applies', async () => {
    const { backend } = await backendWithTasks();
    const answer = await moderate(backend.url, request('order:nope', 'hi'));
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe(ErrorCode.UnknownTask);
  });

  it.each([
    ['no secret', null, false],
    ['a wrong secret', 'wrong-secret-wrong-secret-wrong-secret-00', true],
    ['the server secret', SERVER_SECRET, true],
  ])('answers 401 (1017) to %s', async (_what, secret, sent) => {
    const { backend, order } = await backendWithTasks();
    const answer = await moderate(backend.url, request(order, 'hi'), secret);
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe(ErrorCode.InvalidModerationSecret);
    expect(answer.body.error.message).toContain(
      sent ? 'wrong moderation secret' : 'no Bearer moderation secret',
    );
    expect(answer.headers.get('www-authenticate')).toContain('Bearer');
  });

  it.each([
    ['no message', { room: 'task:order:1' }],
    ['no room', { message: { clientId: 'a', text: 'b' } }],
    ['a text that is not a string', { room: 'task:order:1', message: { clientId: 'a', text: 1 } }],
    ['an empty clientId', { room: 'task:order:1', message: { clientId: '', text: 'b' } }],
    ['an array', []],
  ])('answers 400 (1008) to a body with %s', async (_what, body) => {
    const { backend } = await backendWithTasks();
    const answer = await moderate(backend.url, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe(ErrorCode.MalformedBody);
  });

  it('takes a 64 KiB message', async () => {
    const { backend, order } = await backendWithTasks();
    const answer = await moderate(backend.url, request(order, 'word '.repeat(13_000)));
    expect(answer.body).toEqual({ action: 'accept' });
  });

  it('is not mounted without a moderation secret', async () => {
    const backend = await startBackend();
    const answer = await moderate(backend.url, request('order:1', 'hi'));
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe(ErrorCode.NotFound);
  });
});

describe('moderation through the mounted router', () => {
  const hostApp = (moderation: Parameters<typeof createChatRouter>[0]['moderation']) =>
    mountChatRouter({
      embedSecret: EMBED_SECRET,
      moderationSecret: MODERATION_SECRET,
      ...(moderation === undefined ? {} : { moderation }),
    });

  const post = (url: string, body: unknown) =>
    fetchJson(`${url}/chat/moderation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${MODERATION_SECRET}` },
      body: JSON.stringify(body),
    });

  it('uses the host’s policies and word list over the built-in ones', async () => {
    const host = await hostApp({
      words: ['rutabaga'],
      policies: {
        order: null,
        pharmacy: {
          name: 'pharmacy',
          custom: ({ text }) =>
            /prescription/i.test(text)
              ? { rule: 'prescriptions', reason: 'Ask your pharmacist.' }
              : undefined,
        },
      },
    });
    const now = Date.now();
    await host.store.upsertTask({ id: 'order:1', type: 'order', title: 'O', url: null }, now);
    await host.store.upsertTask({ id: 'rx:1', type: 'pharmacy', title: 'R', url: null }, now);
    await host.store.upsertTask({ id: 'ticket:1', type: 'ticket', title: 'T', url: null }, now);
    expect((await post(host.url, request('order:1', 'ann@mail.com rutabaga'))).body).toEqual({
      action: 'accept',
    });
    expect((await post(host.url, request('rx:1', 'my prescription'))).body).toEqual({
      action: 'reject',
      rejectionReason: { reason: 'Ask your pharmacist.', rule: 'prescriptions', policy: 'pharmacy' },
    });
    expect((await post(host.url, request('ticket:1', 'RUTABAGA!'))).body.rejectionReason).toMatchObject({
      rule: 'word-list',
    });
    expect((await post(host.url, request('ticket:1', 'fuck'))).body).toEqual({ action: 'accept' });
  });

  it('refuses a moderation secret that is also another secret', () => {
    expect(() =>
      createChatRouter({
        store: new SqliteStore(':memory:'),
        ably: { apiKey: 'a.b:c' },
        embedSecret: EMBED_SECRET,
        moderationSecret: EMBED_SECRET,
      }),
    ).toThrow(/moderationSecret must differ/);
  });
});
