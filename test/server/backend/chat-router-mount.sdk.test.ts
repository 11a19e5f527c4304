import express from 'express';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../server/backend/errors.js';
import { createLogger } from '../../../server/backend/logger.js';
import { createChatRouter } from '../../../server/backend/routes/chat-router.js';
import { SqliteStore } from '../../../server/backend/store/sqlite-store.js';
import type { Store } from '../../../server/backend/store/store.js';
import { startLocalAbly } from '../../support/local-ably.js';
import {
  closeAfter,
  fetchJson,
  listen,
  SERVER_SECRET,
  uniqueTaskId,
  widgetRealtime,
} from './backend-harness.js';

/** A host app with its own (toy) session: the `x-session` header names the signed-in user. */
async function hostApp(options: { withSecret?: boolean; inbox?: boolean } = {}) {
  const ably = await startLocalAbly();
  const store: Store = new SqliteStore(':memory:');
  closeAfter(() => store.close());
  const sessions = new Map([
    ['s-ann', { id: 'ann', displayName: 'Ann from the shop' }],
    ['s-bad', { id: 'not a valid id', displayName: 'x' }],
  ]);
  const app = express();
  app.get('/account', (_req, res) => {
    res.json({ page: 'host' });
  });
  const { endpoint, port, key } = ably.clientOptions;
  app.use(
    '/chat',
    createChatRouter({
      store,
      ably: { apiKey: key, endpoint, port, tls: false },
      ...(options.withSecret ? { serverSecret: SERVER_SECRET } : {}),
      ...(options.inbox === false ? { inbox: false } : {}),
      identify: (req) => {
        const user = sessions.get(req.get('x-session') ?? '');
        return user && { userId: user.id, name: user.displayName };
      },
      logger: createLogger({ level: 'silent' }),
    }),
  );
  app.use((_req, res) => {
    res.status(404).send('host 404');
  });
  const url = await listen(app);
  return { url, store };
}

describe('createChatRouter mounted in a host app', () => {
  it('issues tokens from the host session and the SDK chats with them when identify knows the user', async () => {
    const host = await hostApp();
    const task = uniqueTaskId('deal');
    await host.store.upsertTask({ id: task, type: 'deal', title: 'Bike', url: null }, Date.now());
    await host.store.upsertParticipant(
      { taskId: task, userId: 'ann', role: 'buyer', name: 'Ann' },
      Date.now(),
    );
    const ann = await widgetRealtime(`${host.url}/chat/token`, () => ({ task }), true, {
      headers: { 'x-session': 's-ann' },
    });
    expect(ann.first).toMatchObject({ clientId: 'ann', role: 'buyer', name: 'Ann from the shop', task });
    const room = await ann.chat.rooms.get(ann.first.room);
    await room.attach();
    const sent = await room.messages.send({ text: 'is it still available?' });
    expect(JSON.parse(sent.userClaim!)).toEqual({ role: 'buyer', name: 'Ann from the shop' });
  });

  it('answers 401 / 1013 when the host session has no user', async () => {
    const host = await hostApp();
    const response = await fetchJson(`${host.url}/chat/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ task: 'order:1' }),
    });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe(ErrorCode.NotSignedIn);
  });

  it('reads and advances read state from the host session when identify knows the user', async () => {
    const host = await hostApp();
    const task = uniqueTaskId('deal');
    await host.store.upsertTask({ id: task, type: 'deal', title: 'Bike', url: null }, Date.now());
    await host.store.upsertParticipant({ taskId: task, userId: 'ann', role: 'buyer', name: 'Ann' }, 1);
    await host.store.upsertParticipant({ taskId: task, userId: 'bob', role: 'seller', name: 'Bob' }, 2);
    const call = (method: string, session: string, body: unknown) =>
      fetchJson(`${host.url}/chat/read-state`, {
        method,
        headers: { 'content-type': 'application/json', 'x-session': session },
        body: JSON.stringify(body),
      });
    const put = await call('PUT', 's-ann', { task, serial: '01726585978590-001@x:000' });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      task,
      markers: [
        {
          userId: 'ann',
          name: 'Ann',
          role: 'buyer',
          serial: '01726585978590-001@x:000',
          readAt: expect.any(Number),
        },
        { userId: 'bob', name: 'Bob', role: 'seller', serial: null, readAt: null },
      ],
      unread: 0,
    });
    expect((await call('POST', 's-ann', {})).body.error.code).toBe(ErrorCode.MalformedBody);
    expect((await call('POST', 's-nobody', { task })).body.error.code).toBe(ErrorCode.NotSignedIn);
  });

  it('answers 400 / 1008 when a host session caller names no task without the inbox', async () => {
    const host = await hostApp({ inbox: false });
    const response = await fetchJson(`${host.url}/chat/token`, {
      method: 'POST',
      headers: { 'x-session': 's-ann' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe(ErrorCode.MalformedBody);
  });

  it('answers 500 / 1000 when identify returns a malformed identity', async () => {
    const host = await hostApp();
    const response = await fetchJson(`${host.url}/chat/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-session': 's-bad' },
      body: JSON.stringify({ task: 'order:1' }),
    });
    expect(response.status).toBe(500);
    expect(response.body.error.code).toBe(ErrorCode.Internal);
  });

  it('leaves other host routes and 404s alone and mounts the tasks API only with a server secret', async () => {
    const host = await hostApp();
    expect(await (await fetch(`${host.url}/account`)).json()).toEqual({ page: 'host' });
    const unknown = await fetch(`${host.url}/chat/tasks/order:1`, {
      headers: { authorization: `Bearer ${SERVER_SECRET}` },
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe('host 404');
    const withSecret = await hostApp({ withSecret: true });
    const missing = await fetchJson(`${withSecret.url}/chat/tasks/order:1`, {
      headers: { authorization: `Bearer ${SERVER_SECRET}` },
    });
    expect(missing.body.error.code).toBe(ErrorCode.UnknownTask);
  });

  it('refuses to build when neither embedSecret nor identify is given', () => {
    expect(() =>
      createChatRouter({ store: new SqliteStore(':memory:'), ably: { apiKey: 'app.key:secret' } }),
    ).toThrow(/embedSecret, identify or both/);
  });
});
