import { createHmac } from 'node:crypto';
import type { Room } from '@ably/chat';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { roomNameFor } from '../../../../server/backend/ably-auth/channel-names.js';
import { PostgresStore } from '../../../../server/backend/store/postgres-store.js';
import { startPostgres, type TestPostgres } from '../../../support/postgres.js';
import { uniqueTaskId } from '../backend-harness.js';
import { startPushStack, webhookTotal, type PushStack } from './push-harness.js';

const URL_OF = (task: string) => `https://shop.example/orders/${encodeURIComponent(task)}`;

/** A participant with the element open (connected, in the room, entered presence), known to every backend. */
async function present(
  stack: PushStack,
  task: string,
  userId: string,
  role: 'buyer' | 'seller' | 'agent' | 'customer',
): Promise<Room> {
  const { room } = await stack.tab(task, userId, role);
  await stack.presenceSettled(task, { [userId]: true });
  return room;
}

describe('push alerts for offline participants (issue #9)', () => {
  it('alerts an offline participant exactly once with the task title, a preview and the task URL; the present one and the sender get none', async () => {
    const stack = await startPushStack();
    const task = uniqueTaskId();
    await stack.createTask(
      task,
      [
        { userId: 'ann', role: 'buyer', name: 'Ann' },
        { userId: 'sam', role: 'seller', name: 'Sam' },
        { userId: 'dana', role: 'agent', name: 'Dana' },
        { userId: 'otto', role: 'observer', name: 'Otto' },
      ],
      { type: 'order', title: 'Order 8841 — blue bike', url: URL_OF(task) },
    );
    const ann = await stack.device(task, 'ann', 'buyer');
    const sam = await stack.device(task, 'sam', 'seller');
    const dana = await stack.device(task, 'dana', 'agent');
    const annRoom = await present(stack, task, 'ann', 'buyer');
    await present(stack, task, 'dana', 'agent');
    await annRoom.messages.send({ text: 'Is it\u0007 shipped\u202e yet?\n\nThanks!' });
    await stack.service.until(() => stack.service.received.length >= 1);
    const [push] = stack.service.for(sam.subscription.id);
    expect(push!.payload).toEqual({
      notification: {
        title: 'Order 8841 — blue bike',
        body: 'Ann: Is it shipped yet? Thanks!',
        collapseKey: roomNameFor(task),
        data: { type: 'message', task, url: URL_OF(task) },
      },
      data: { type: 'message', task, url: URL_OF(task) },
    });
    await vi.waitFor(() => expect(stack.backends[0]!.logs.some((l) => l.includes('"alerted":1'))).toBe(true));
    expect(stack.service.for(ann.subscription.id)).toEqual([]);
    expect(stack.service.for(dana.subscription.id)).toEqual([]);
    expect(stack.service.received).toHaveLength(1);
  });

  it('collapses a burst into one alert and alerts again once the window has passed', async () => {
    const stack = await startPushStack({ push: { alertWindowSeconds: 60 } });
    const task = uniqueTaskId();
    await stack.createTask(task, [
      { userId: 'ann', role: 'buyer', name: 'Ann' },
      { userId: 'sam', role: 'seller', name: 'Sam' },
    ]);
    const sam = await stack.device(task, 'sam', 'seller');
    const annRoom = await present(stack, task, 'ann', 'buyer');
    for (const text of ['hello?', 'anyone there?', 'I need this today'])
      await annRoom.messages.send({ text });
    await stack.service.until(() => stack.service.for(sam.subscription.id).length === 1);
    await vi.waitFor(() => expect(webhookTotal(stack.backends[0]!, 'messages')).toBe(3));
    expect(stack.service.for(sam.subscription.id)).toHaveLength(1);
    expect(stack.service.for(sam.subscription.id)[0]!.payload).toMatchObject({
      notification: { body: 'Ann: hello?' },
    });
    stack.clock.now += 60_000;
    await annRoom.messages.send({ text: 'still waiting' });
    await stack.service.until(() => stack.service.for(sam.subscription.id).length === 2);
    expect(stack.service.for(sam.subscription.id)[1]!.payload).toMatchObject({
      notification: { body: 'Ann: still waiting' },
    });
  });

  it('alerts offline participants about a bot’s message, which shows with a verified bot badge', async () => {
    const stack = await startPushStack();
    const task = uniqueTaskId();
    await stack.createTask(task, [
      { userId: 'ann', role: 'buyer', name: 'Ann' },
      { userId: 'helper', role: 'bot', name: 'Order bot' },
    ]);
    const ann = await stack.device(task, 'ann', 'buyer');
    const sent = await stack.admin('POST', `/tasks/${task}/messages`, {
      userId: 'helper',
      text: 'Your refund is on its way.',
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      clientId: 'helper',
      text: 'Your refund is on its way.',
      serial: expect.any(String),
    });
    await stack.service.until(() => stack.service.for(ann.subscription.id).length === 1);
    expect(stack.service.for(ann.subscription.id)[0]!.payload).toMatchObject({
      notification: { body: 'Order bot: Your refund is on its way.' },
    });
    const annRoom = await present(stack, task, 'ann', 'buyer');
    const history = await annRoom.messages.history({ limit: 5 });
    expect(history.items.map((m) => [m.clientId, m.text, JSON.parse(m.userClaim!)])).toEqual([
      ['helper', 'Your refund is on its way.', { role: 'bot', name: 'Order bot' }],
    ]);
  });

  it('refuses bot messages from non-bots (1020) and in closed tasks (1006), and events for non-participants (1004)', async () => {
    const stack = await startPushStack();
    const task = uniqueTaskId();
    await stack.createTask(task, [
      { userId: 'ann', role: 'buyer' },
      { userId: 'helper', role: 'bot' },
    ]);
    expect(await stack.admin('POST', `/tasks/${task}/messages`, { userId: 'ann', text: 'x' })).toMatchObject({
      status: 403,
      body: { error: { code: 1020 } },
    });
    expect(
      await stack.admin('POST', `/tasks/${task}/events`, { type: 'agent-complete', userId: 'mallory' }),
    ).toMatchObject({
      status: 403,
      body: { error: { code: 1004 } },
    });
    expect(
      await stack.admin('POST', `/tasks/${task}/events`, { type: 'shrug', userId: 'ann' }),
    ).toMatchObject({
      status: 400,
      body: { error: { code: 1008 } },
    });
    await stack.admin('POST', `/tasks/${task}/close`);
    expect(
      await stack.admin('POST', `/tasks/${task}/messages`, { userId: 'helper', text: 'late' }),
    ).toMatchObject({
      status: 409,
      body: { error: { code: 1006 } },
    });
  });

  it('tells every device of the user that the agent finished, and nobody else', async () => {
    const stack = await startPushStack();
    const task = uniqueTaskId('job');
    await stack.createTask(
      task,
      [
        { userId: 'ann', role: 'customer', name: 'Ann' },
        { userId: 'bob', role: 'customer', name: 'Bob' },
      ],
      { type: 'job', title: 'Summarise 40 reports', url: URL_OF(task) },
    );
    const phone = await stack.device(task, 'ann', 'customer');
    const laptop = await stack.device(task, 'ann', 'customer');
    const bob = await stack.device(task, 'bob', 'customer');
    const answer = await stack.admin('POST', `/tasks/${task}/events`, {
      type: 'agent-complete',
      userId: 'ann',
    });
    expect(answer).toMatchObject({ status: 202, body: { channel: 'notifications:ann' } });
    await stack.service.until(() => stack.service.received.length >= 2);
    for (const device of [phone, laptop]) {
      expect(stack.service.for(device.subscription.id).map((p) => p.payload)).toEqual([
        {
          notification: {
            title: 'Your agent has finished',
            body: 'Summarise 40 reports',
            collapseKey: `agent-complete:${task}`,
            data: { type: 'agent-complete', task, url: URL_OF(task) },
          },
          data: { type: 'agent-complete', task, url: URL_OF(task) },
        },
      ]);
    }
    const custom = await stack.admin('POST', `/tasks/${task}/events`, {
      type: 'agent-complete',
      userId: 'bob',
      title: 'Done',
      body: 'Report ready',
    });
    expect(custom.status).toBe(202);
    await stack.service.until(() => stack.service.for(bob.subscription.id).length === 1);
    expect(stack.service.for(bob.subscription.id)[0]!.payload).toMatchObject({
      notification: { title: 'Done', body: 'Report ready' },
    });
    expect(stack.service.received).toHaveLength(3);
  });

  it('refuses a webhook with a bad signature with 401 / 1019 and counts it in the log', async () => {
    const stack = await startPushStack();
    const url = `${stack.backends[0]!.url}/api/webhooks/ably`;
    const body = JSON.stringify({ source: 'channel.message', channel: 'task:x::$chat', messages: [] });
    const keyName = stack.ably.keys[0]!.keyName;
    const post = (headers: Record<string, string>) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const forged = await post({
      'x-ably-key': keyName,
      'x-ably-signature': createHmac('sha256', 'not-the-secret').update(body).digest('base64'),
    });
    expect(forged.status).toBe(401);
    expect((await forged.json()).error).toMatchObject({
      code: 1019,
      message: 'unable to accept webhook; the signature does not match',
    });
    expect((await post({})).status).toBe(401);
    expect((await post({ 'x-ably-key': 'other.key', 'x-ably-signature': 'AAAA' })).status).toBe(401);
    const good = await post({
      'x-ably-key': keyName,
      'x-ably-signature': createHmac('sha256', stack.ably.keys[0]!.secret).update(body).digest('base64'),
    });
    expect(good.status).toBe(204);
    const refusals = stack.backends[0]!.logs.filter((l) => l.includes('webhook refused')).map(
      (l) => JSON.parse(l).refused,
    );
    expect(refusals).toEqual([1, 2, 3]);
  });
});

describe('push alerts from two backend instances on one PostgreSQL', () => {
  let postgres: TestPostgres | undefined;
  beforeAll(async () => {
    postgres = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await postgres?.stop();
  });

  it('sends one alert, not two, when both instances receive the same webhook', async () => {
    const stores = [
      await PostgresStore.connect(postgres!.databaseUrl),
      await PostgresStore.connect(postgres!.databaseUrl),
    ];
    const stack = await startPushStack({ backends: 2, stores });
    const task = uniqueTaskId();
    const users = ['ann', ...Array.from({ length: 10 }, (_, i) => `user-${i}`)];
    await stack.createTask(
      task,
      users.map((userId) => ({ userId, role: 'buyer' as const })),
    );
    const devices = await Promise.all(users.slice(1).map((userId) => stack.device(task, userId, 'buyer')));
    const annRoom = await present(stack, task, 'ann', 'buyer');
    await stack.send(annRoom, 'one for each of you');
    await stack.service.until(() => stack.service.received.length >= devices.length);
    for (const device of devices) expect(stack.service.for(device.subscription.id)).toHaveLength(1);
    expect(stack.service.received).toHaveLength(devices.length);
    const alerted = stack.backends.map((b) => webhookTotal(b, 'alerted'));
    expect(alerted.reduce((a, b) => a + b, 0)).toBe(devices.length);
  });
});
