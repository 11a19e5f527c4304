import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../server/backend/errors.js';
import {
  fetchJson,
  SERVER_SECRET,
  startBackend,
  uniqueTaskId,
  type JsonResponse,
} from '../backend-harness.js';

function expectError(response: JsonResponse, status: number, code: ErrorCode): void {
  expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
  expect(response.body.error.message).toMatch(/^unable to [a-z]+( [a-z]+)*; /);
}

describe('tasks API', () => {
  it('creates a task with 201 and updates it with 200 when PUT twice', async () => {
    const backend = await startBackend();
    const task = uniqueTaskId();
    const created = await backend.admin('PUT', `/tasks/${task}`, {
      type: 'order',
      title: ' Order 8841 ',
      url: 'https://shop.example/orders/8841',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: task,
      type: 'order',
      title: 'Order 8841',
      url: 'https://shop.example/orders/8841',
      closed: false,
      closedAt: null,
      createdAt: expect.any(Number),
      updatedAt: expect.any(Number),
    });
    const updated = await backend.admin('PUT', `/tasks/${task}`, {
      type: 'order',
      title: 'Order 8841 (paid)',
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      title: 'Order 8841 (paid)',
      url: null,
      createdAt: created.body.createdAt,
    });
  });

  it('returns the task with its participants, removed ones flagged, when GET', async () => {
    const backend = await startBackend();
    const task = uniqueTaskId('ticket');
    await backend.createTask(task, [
      { userId: 'ann@example.com', role: 'customer', name: 'Ann' },
      { userId: 'auth0|dana', role: 'agent', name: 'Dana' },
    ]);
    await backend.admin('DELETE', `/tasks/${task}/participants/ann@example.com`);
    const response = await backend.admin('GET', `/tasks/${task}`);
    expect(response.status).toBe(200);
    expect(response.body.id).toBe(task);
    expect(response.body.participants).toEqual([
      expect.objectContaining({ userId: 'ann@example.com', role: 'customer', name: 'Ann', removed: true }),
      expect.objectContaining({
        userId: 'auth0|dana',
        role: 'agent',
        name: 'Dana',
        removed: false,
        removedAt: null,
      }),
    ]);
  });

  it('adds a participant with 201, changes it with 200 and re-adds it after removal', async () => {
    const backend = await startBackend();
    const task = uniqueTaskId();
    await backend.createTask(task, []);
    const path = `/tasks/${task}/participants/ann`;
    const added = await backend.admin('PUT', path, { role: 'buyer', name: 'Ann' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ userId: 'ann', role: 'buyer', name: 'Ann', removed: false });
    expect((await backend.admin('PUT', path, { role: 'seller', name: 'Ann' })).body.role).toBe('seller');
    const removed = await backend.admin('DELETE', path);
    expect(removed.body).toMatchObject({ removed: true, removedAt: expect.any(Number), tokensRevoked: true });
    expect((await backend.admin('DELETE', path)).status).toBe(200); // idempotent
    const readded = await backend.admin('PUT', path, { role: 'buyer', name: 'Ann' });
    expect(readded.status).toBe(200);
    expect(readded.body).toMatchObject({ removed: false, removedAt: null });
  });

  it('closes a task idempotently and keeps it closed when the task is PUT again', async () => {
    const backend = await startBackend();
    const task = uniqueTaskId();
    await backend.createTask(task, [{ userId: 'ann', role: 'customer' }]);
    const closed = await backend.admin('POST', `/tasks/${task}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ closed: true, closedAt: expect.any(Number) });
    const again = await backend.admin('POST', `/tasks/${task}/close`);
    expect(again.body.closedAt).toBe(closed.body.closedAt);
    const put = await backend.admin('PUT', `/tasks/${task}`, { type: 'order', title: 'renamed' });
    expect(put.body).toMatchObject({ closed: true, title: 'renamed' });
  });

  it('stores HTML in names as plain text when a name looks like markup', async () => {
    const backend = await startBackend();
    const task = uniqueTaskId();
    await backend.createTask(task, []);
    const name = '<img src=x onerror=alert(1)> "Ann" & 🦄 عربي';
    const added = await backend.admin('PUT', `/tasks/${task}/participants/ann`, { role: 'customer', name });
    expect(added.status).toBe(201);
    expect(added.body.name).toBe(name);
    expect(added.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it.each([
    ['an unknown role', { role: 'admin', name: 'Ann' }],
    ['no name', { role: 'customer' }],
    ['an empty name', { role: 'customer', name: '   ' }],
    ['an invisible name', { role: 'customer', name: '\u200b\u200b' }],
    ['a name with a control character', { role: 'customer', name: 'Ann\u0007' }],
    ['a name with a newline', { role: 'customer', name: 'Ann\nAdmin: hi' }],
    ['a name with a bidi override', { role: 'customer', name: 'Ann\u202Egnp.exe' }],
    ['a name longer than 100 characters', { role: 'customer', name: 'A'.repeat(101) }],
    ['an unknown field', { role: 'customer', name: 'Ann', admin: true }],
    ['a name that is not a string', { role: 'customer', name: { first: 'Ann' } }],
  ])('answers 400 / 1008 when a participant has %s', async (_case, body) => {
    const backend = await startBackend();
    const task = uniqueTaskId();
    await backend.createTask(task, []);
    expectError(
      await backend.admin('PUT', `/tasks/${task}/participants/ann`, body),
      400,
      ErrorCode.MalformedBody,
    );
  });

  it.each([
    ['no type', { title: 'x' }],
    ['an upper-case type', { type: 'Order', title: 'x' }],
    ['an empty title', { type: 'order', title: '' }],
    ['a title with a control character', { type: 'order', title: 'a\u0000b' }],
    ['a javascript: url', { type: 'order', title: 'x', url: 'javascript:alert(1)' }],
    ['a relative url', { type: 'order', title: 'x', url: '/orders/1' }],
    ['a misspelt field', { type: 'order', tittle: 'x' }],
  ])('answers 400 / 1008 when a task has %s', async (_case, body) => {
    const backend = await startBackend();
    expectError(await backend.admin('PUT', `/tasks/${uniqueTaskId()}`, body), 400, ErrorCode.MalformedBody);
  });

  it.each([
    ['a wildcard', '/tasks/order:*'],
    ['a double colon', '/tasks/order::1'],
    ['a trailing colon', '/tasks/order:'],
    ['a dollar sign', '/tasks/order$chat'],
    ['a space', '/tasks/order%201'],
    ['129 characters', `/tasks/${'a'.repeat(129)}`],
  ])('answers 400 / 1009 when the task id has %s', async (_case, path) => {
    const backend = await startBackend();
    expectError(
      await backend.admin('PUT', path, { type: 'order', title: 'x' }),
      400,
      ErrorCode.InvalidIdentifier,
    );
  });

  it.each([['*'], ['a%20b'], ['a%2Fb'], ['x'.repeat(129)]])(
    'answers 400 / 1009 when the user id is %s',
    async (userId) => {
      const backend = await startBackend();
      const task = uniqueTaskId();
      await backend.createTask(task, []);
      const response = await backend.admin('PUT', `/tasks/${task}/participants/${userId}`, {
        role: 'customer',
        name: 'X',
      });
      expectError(response, 400, ErrorCode.InvalidIdentifier);
    },
  );

  it('answers 404 / 1003 for every task route when the task does not exist', async () => {
    const backend = await startBackend();
    const task = uniqueTaskId();
    expectError(await backend.admin('GET', `/tasks/${task}`), 404, ErrorCode.UnknownTask);
    expectError(
      await backend.admin('PUT', `/tasks/${task}/participants/ann`, { role: 'customer', name: 'Ann' }),
      404,
      ErrorCode.UnknownTask,
    );
    expectError(await backend.admin('DELETE', `/tasks/${task}/participants/ann`), 404, ErrorCode.UnknownTask);
    expectError(await backend.admin('POST', `/tasks/${task}/close`), 404, ErrorCode.UnknownTask);
  });

  it('answers 404 / 1004 when removing a user who never was a participant', async () => {
    const backend = await startBackend();
    const task = uniqueTaskId();
    await backend.createTask(task, []);
    expectError(
      await backend.admin('DELETE', `/tasks/${task}/participants/ghost`),
      404,
      ErrorCode.NotAParticipant,
    );
  });

  it('answers 409 / 1006 when adding a participant to a closed task', async () => {
    const backend = await startBackend();
    const task = uniqueTaskId();
    await backend.createTask(task, []);
    await backend.admin('POST', `/tasks/${task}/close`);
    const response = await backend.admin('PUT', `/tasks/${task}/participants/ann`, {
      role: 'customer',
      name: 'Ann',
    });
    expectError(response, 409, ErrorCode.TaskClosed);
  });

  it.each([
    ['no Authorization header', undefined],
    ['a wrong secret', `Bearer ${SERVER_SECRET}x`],
    ['the secret as Basic credentials', `Basic ${Buffer.from(SERVER_SECRET).toString('base64')}`],
    ['an empty Bearer', 'Bearer '],
  ])('answers 401 / 1011 with WWW-Authenticate when the request has %s', async (_case, authorization) => {
    const backend = await startBackend();
    for (const [method, path] of [
      ['PUT', '/api/tasks/t1'],
      ['GET', '/api/tasks/t1'],
      ['PUT', '/api/tasks/t1/participants/ann'],
      ['DELETE', '/api/tasks/t1/participants/ann'],
      ['POST', '/api/tasks/t1/close'],
    ] as const) {
      const response = await fetchJson(`${backend.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: method === 'PUT' ? '{}' : null,
      });
      expectError(response, 401, ErrorCode.InvalidServerSecret);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });

  it('answers 400 / 1008 and 413 / 1010 when the tasks API gets a malformed or oversized body', async () => {
    const backend = await startBackend();
    const malformed = await fetchJson(`${backend.url}/api/tasks/t1`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${SERVER_SECRET}`, 'content-type': 'application/json' },
      body: '{"type": "order",',
    });
    expectError(malformed, 400, ErrorCode.MalformedBody);
    const huge = await backend.admin('PUT', '/tasks/t1', { type: 'order', title: 'x'.repeat(20_000) });
    expectError(huge, 413, ErrorCode.BodyTooLarge);
  });

  it('answers 502 / 1014 but still refuses tokens when Ably cannot revoke a removed participant', async () => {
    const unreachable = { apiKey: 'app.key:secret', endpoint: '127.0.0.1', port: 9, tls: false };
    const backend = await startBackend({ ably: unreachable });
    const task = uniqueTaskId();
    await backend.createTask(task, [{ userId: 'ann', role: 'customer' }]);
    const response = await backend.admin('DELETE', `/tasks/${task}/participants/ann`);
    expectError(response, 502, ErrorCode.AblyUnavailable);
    expect(response.body.error.remediation).toMatch(/retry/);
    const token = await backend.requestToken({
      participantToken: backend.participantToken({ userId: 'ann', task, role: 'customer' }),
    });
    expectError(token, 403, ErrorCode.ParticipantRemoved);
  });
});
