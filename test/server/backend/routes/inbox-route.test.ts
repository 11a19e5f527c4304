import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../server/backend/errors.js';
import { createUserToken } from '../../../../server/backend/participants/user-token.js';
import type { InboxAnswer } from '../../../../server/contract/api-contract.js';
import {
  EMBED_SECRET,
  fetchJson,
  mountChatRouter,
  SERVER_SECRET,
  startBackend,
  uniqueTaskId,
  type JsonResponse,
} from '../backend-harness.js';
import { inbox, userToken } from '../inbox/inbox-harness.js';

function expectError(response: JsonResponse, status: number, code: ErrorCode, operation: string): void {
  expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
  expect(response.body.error.message).toMatch(new RegExp(`^unable to ${operation}; `));
}

describe('POST /api/inbox', () => {
  it('pages through every task with its cursor, newest activity first', async () => {
    const backend = await startBackend();
    const tasks: string[] = [];
    for (let i = 0; i < 5; i++) {
      const task = uniqueTaskId();
      tasks.unshift(task);
      await backend.createTask(task, [{ userId: 'sam', role: 'seller' }]);
    }
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const response = await inbox(backend, {
        userToken: userToken('sam'),
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const page = response.body as InboxAnswer;
      seen.push(...page.tasks.map((t) => t.task));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(tasks);
    const page = (await inbox(backend, { userToken: userToken('sam'), limit: 1 })).body as InboxAnswer;
    expect(page.tasks[0]).toEqual({
      task: tasks[0],
      type: 'order',
      title: `Order ${tasks[0]}`,
      url: null,
      role: 'seller',
      closed: false,
      lastMessage: null,
      unread: 0,
      activity: expect.any(Number),
      version: page.version,
    });
    expect(page.totalUnread).toBe(0);
  });

  it('answers one task’s row and the user’s totals with task, none for a task the user is not in, and refuses task with a cursor or filters', async () => {
    const backend = await startBackend();
    const mine = uniqueTaskId();
    const theirs = uniqueTaskId();
    await backend.createTask(mine, [{ userId: 'sam', role: 'seller' }]);
    await backend.createTask(uniqueTaskId(), [{ userId: 'sam', role: 'seller' }]);
    await backend.createTask(theirs, [{ userId: 'ann', role: 'buyer' }]);
    const listed = (await inbox(backend, { userToken: userToken('sam') })).body as InboxAnswer;
    const one = await inbox(backend, { userToken: userToken('sam'), task: mine });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({
      tasks: [listed.tasks.find((t) => t.task === mine)],
      cursor: null,
      totalUnread: listed.totalUnread,
      version: listed.version,
    });
    expect(await inbox(backend, { userToken: userToken('sam'), task: theirs })).toMatchObject({
      status: 200,
      body: { tasks: [], cursor: null, totalUnread: 0, version: listed.version },
    });
    for (const extra of [{ unread: true }, { q: 'order' }, { cursor: 'abc' }, { state: 'open' }]) {
      const refused = await inbox(backend, { userToken: userToken('sam'), task: mine, ...extra });
      expectError(refused, 400, ErrorCode.MalformedBody, 'list inbox');
      expect(refused.body.error.message).toContain(`task: not with ${Object.keys(extra)[0]}`);
    }
    expectError(
      await inbox(backend, { userToken: userToken('sam'), task: 'not a task id' }),
      400,
      ErrorCode.MalformedBody,
      'list inbox',
    );
  });

  it('refuses forged, expired and participant tokens, and cursors it did not give or gave for other filters', async () => {
    const backend = await startBackend();
    const task = uniqueTaskId();
    await backend.createTask(task, [{ userId: 'sam', role: 'seller' }]);
    const operation = 'list inbox';
    expectError(await inbox(backend, {}), 401, ErrorCode.NotSignedIn, operation);
    expectError(await inbox(backend, { userToken: 'x.y.z' }), 401, ErrorCode.InvalidUserToken, operation);
    const forged = createUserToken({ secret: 'another-secret-of-at-least-32-characters!', userId: 'sam' });
    expectError(await inbox(backend, { userToken: forged }), 401, ErrorCode.InvalidUserToken, operation);
    const expired = jwt.sign({ sub: 'sam', iat: 1000, exp: 2000 }, EMBED_SECRET, { algorithm: 'HS256' });
    expectError(await inbox(backend, { userToken: expired }), 401, ErrorCode.ExpiredUserToken, operation);
    // A participant token is not a user token, as either field.
    const participantToken = backend.participantToken({ userId: 'sam', task, role: 'seller' });
    expectError(
      await inbox(backend, { userToken: participantToken }),
      401,
      ErrorCode.InvalidUserToken,
      operation,
    );
    expectError(await inbox(backend, { participantToken }), 400, ErrorCode.MalformedBody, operation);
    const long = jwt.sign({ sub: 'sam' }, EMBED_SECRET, { algorithm: 'HS256', expiresIn: 7200 });
    expectError(await inbox(backend, { userToken: long }), 401, ErrorCode.InvalidUserToken, operation);
    expectError(
      await inbox(backend, { userToken: userToken('sam'), cursor: 'nope' }),
      400,
      ErrorCode.InvalidCursor,
      operation,
    );
    expectError(
      await inbox(backend, { userToken: userToken('sam'), limit: 0 }),
      400,
      ErrorCode.MalformedBody,
      operation,
    );
    expectError(
      await inbox(backend, { userToken: userToken('sam'), state: 'gone' }),
      400,
      ErrorCode.MalformedBody,
      operation,
    );
    await backend.createTask(uniqueTaskId(), [{ userId: 'sam', role: 'seller' }]);
    const first = (await inbox(backend, { userToken: userToken('sam'), limit: 1 })).body as InboxAnswer;
    expect(first.cursor).toEqual(expect.any(String));
    expectError(
      await inbox(backend, { userToken: userToken('sam'), cursor: first.cursor, unread: true }),
      400,
      ErrorCode.InvalidCursor,
      operation,
    );
  });

  it('refuses a user token naming a task, a participant token sent as a user token, and both tokens at once', async () => {
    const backend = await startBackend();
    const task = uniqueTaskId();
    await backend.createTask(task, [{ userId: 'sam', role: 'seller' }]);
    const withTask = jwt.sign({ sub: 'sam', task }, EMBED_SECRET, { algorithm: 'HS256', expiresIn: 600 });
    expectError(
      await backend.requestToken({ userToken: withTask, task }),
      401,
      ErrorCode.InvalidUserToken,
      'issue token',
    );
    const participantToken = backend.participantToken({ userId: 'sam', task, role: 'seller' });
    expectError(
      await backend.requestToken({ participantToken, userToken: userToken('sam') }),
      400,
      ErrorCode.MalformedBody,
      'issue token',
    );
    // A user token is not a participant token either.
    expectError(
      await backend.requestToken({ participantToken: userToken('sam') }),
      401,
      ErrorCode.InvalidParticipantToken,
      'issue token',
    );
    expectError(
      await backend.readState('POST', { userToken: userToken('sam') }),
      400,
      ErrorCode.MalformedBody,
      'get read state',
    );
  });

  it('reads the host session when mounted with identify, and answers its user token for the inbox channel', async () => {
    const { url, store } = await mountChatRouter({
      identify: (req) => (req.get('x-user') ? { userId: req.get('x-user')! } : undefined),
      serverSecret: SERVER_SECRET,
    });
    const task = uniqueTaskId();
    await store.upsertTask({ id: task, type: 'ticket', title: 'Printer', url: null }, Date.now());
    await store.upsertParticipant({ taskId: task, userId: 'dana', role: 'agent', name: 'Dana' }, Date.now());
    const post = (path: string, user?: string) =>
      fetchJson(`${url}/chat/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(user ? { 'x-user': user } : {}) },
        body: '{}',
      });
    const listed = await post('inbox', 'dana');
    expect(listed.status).toBe(200);
    expect(listed.body.tasks.map((t: { task: string; role: string }) => [t.task, t.role])).toEqual([
      [task, 'agent'],
    ]);
    expectError(await post('inbox'), 401, ErrorCode.NotSignedIn, 'list inbox');
    const token = await post('token', 'dana');
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({ clientId: 'dana', channel: 'inbox:dana', routes: { inbox: 'inbox' } });
    const claims = jwt.decode(token.body.token) as Record<string, string>;
    expect(JSON.parse(claims['x-ably-capability']!)).toEqual({ 'inbox:dana': ['subscribe'] });
  });
});
