import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../server/backend/errors.js';
import {
  EMBED_SECRET,
  startBackend,
  uniqueTaskId,
  type TestBackend,
  type JsonResponse,
} from '../backend-harness.js';

/** Signs arbitrary participant-token claims, for the cases the helper refuses to produce. */
function rawToken(
  claims: Record<string, unknown>,
  secret = EMBED_SECRET,
  options: jwt.SignOptions = {},
): string {
  return jwt.sign(claims, secret, { algorithm: 'HS256', ...options });
}

async function ready(): Promise<{ backend: TestBackend; task: string }> {
  const backend = await startBackend();
  const task = uniqueTaskId();
  await backend.createTask(task, [
    { userId: 'ann', role: 'customer', name: 'Ann' },
    { userId: 'dana', role: 'agent', name: 'Dana' },
  ]);
  return { backend, task };
}

function expectError(response: JsonResponse, status: number, code: ErrorCode): void {
  expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
  expect(response.body.error.message).toMatch(/^unable to [a-z]+( [a-z]+)*; /);
}

describe('POST /api/token', () => {
  it('issues an Ably JWT scoped to the task room and role when the participant token is valid', async () => {
    const { backend, task } = await ready();
    const response = await backend.requestToken({
      participantToken: backend.participantToken({ userId: 'dana', task, role: 'agent' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { token, ...rest } = response.body;
    const room = `task:${task}`;
    expect(rest).toEqual({
      expiresAt: expect.any(Number),
      clientOptions: {
        endpoint: '127.0.0.1',
        port: backend.ably.port,
        tls: false,
        connectivityCheckUrl: `http://127.0.0.1:${backend.ably.port}/is-the-internet-up.txt`,
        wsConnectivityCheckUrl: `ws://127.0.0.1:${backend.ably.port}/`,
      },
      task,
      title: `Order ${task}`,
      url: null,
      room,
      clientId: 'dana',
      role: 'agent',
      name: 'Dana',
      readOnly: false,
      operations: [
        'annotation-publish',
        'annotation-subscribe',
        'history',
        'message-delete-any',
        'message-delete-own',
        'message-update-own',
        'presence',
        'publish',
        'push-subscribe',
        'subscribe',
      ],
      notificationsChannel: 'notifications:dana',
      attachments: null,
      agentChannel: `agent:${task}`,
      agentRuns: [],
      routes: { readState: 'read-state', agentRuns: `tasks/${encodeURIComponent(task)}/agent-runs` },
    });
    const decoded = jwt.decode(token, { complete: true })!;
    expect(decoded.header).toEqual({ alg: 'HS256', typ: 'JWT', kid: backend.ably.keys[0]!.keyName });
    jwt.verify(token, backend.ably.keys[0]!.secret, { algorithms: ['HS256'] });
    const claims = decoded.payload as Record<string, unknown>;
    expect(claims['x-ably-clientId']).toBe('dana');
    expect(JSON.parse(claims['x-ably-capability'] as string)).toEqual({
      [`${room}::$chat`]: rest.operations.filter((op: string) => op !== 'push-subscribe'),
      [`agent:${task}`]: ['history', 'subscribe'],
      'notifications:dana': ['push-subscribe'],
    });
    expect(JSON.parse(claims[`ably.room.${room}`] as string)).toEqual({ role: 'agent', name: 'Dana' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
    expect(rest.expiresAt).toBe((claims.exp as number) * 1000);
  });

  it('carries the task’s current title and url when the host set or changed them', async () => {
    const { backend, task } = await ready();
    const ask = () =>
      backend.requestToken({
        participantToken: backend.participantToken({ userId: 'ann', task, role: 'customer' }),
      });
    expect((await ask()).body).toMatchObject({ title: `Order ${task}`, url: null });
    await backend.admin('PUT', `/tasks/${task}`, {
      type: 'order',
      title: 'Order 8841 — blue bike',
      url: 'https://shop.example/orders/8841',
    });
    expect((await ask()).body).toMatchObject({
      title: 'Order 8841 — blue bike',
      url: 'https://shop.example/orders/8841',
    });
  });

  it('uses the configured token lifetime when TOKEN_TTL_SECONDS is shorter', async () => {
    const backend = await startBackend({ tokenTtlSeconds: 300 });
    const task = uniqueTaskId();
    await backend.createTask(task, [{ userId: 'ann', role: 'customer' }]);
    const response = await backend.requestToken({
      participantToken: backend.participantToken({ userId: 'ann', task, role: 'customer' }),
    });
    const claims = jwt.decode(response.body.token) as jwt.JwtPayload;
    expect(claims.exp! - claims.iat!).toBe(300);
  });

  it('shows the name from the participant token when the host sends a fresher one', async () => {
    const { backend, task } = await ready();
    const response = await backend.requestToken({
      participantToken: backend.participantToken({
        userId: 'ann',
        task,
        role: 'customer',
        name: '  Ann B.  ',
      }),
      task,
    });
    expect(response.body.name).toBe('Ann B.');
    const claims = jwt.decode(response.body.token) as Record<string, string>;
    expect(JSON.parse(claims[`ably.room.task:${task}`]!)).toEqual({ role: 'customer', name: 'Ann B.' });
  });

  it('issues a read-only token when the task is closed', async () => {
    const { backend, task } = await ready();
    await backend.admin('POST', `/tasks/${task}/close`);
    const response = await backend.requestToken({
      participantToken: backend.participantToken({ userId: 'ann', task, role: 'customer' }),
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      readOnly: true,
      operations: ['history', 'subscribe'],
      notificationsChannel: null,
    });
    const claims = jwt.decode(response.body.token) as Record<string, string>;
    expect(JSON.parse(claims['x-ably-capability']!)).toEqual({
      [`task:${task}::$chat`]: ['history', 'subscribe'],
      [`agent:${task}`]: ['history', 'subscribe'],
    });
    expect(response.body.agentChannel).toBe(`agent:${task}`);
  });

  it('answers 401 / 1013 when no participant token is sent', async () => {
    const { backend } = await ready();
    expectError(await backend.requestToken({}), 401, ErrorCode.NotSignedIn);
  });

  const soon = () => Math.floor(Date.now() / 1000) + 60;
  it.each<[string, (task: string) => string]>([
    [
      'forged with another secret',
      (task) => rawToken({ sub: 'ann', task, role: 'customer', exp: soon() }, 'x'.repeat(40)),
    ],
    ['not a JWT', () => 'definitely-not-a-jwt'],
    [
      'unsigned (alg none)',
      (task) => jwt.sign({ sub: 'ann', task, role: 'customer', exp: soon() }, '', { algorithm: 'none' }),
    ],
    ['missing its task claim', () => rawToken({ sub: 'ann', role: 'customer', exp: soon() })],
    ['for an unknown role', (task) => rawToken({ sub: 'ann', task, role: 'admin', exp: soon() })],
    ['for a wildcard user id', (task) => rawToken({ sub: '*', task, role: 'customer', exp: soon() })],
    [
      'carrying a name with control characters',
      (task) => rawToken({ sub: 'ann', task, role: 'customer', name: 'A\u0000nn', exp: soon() }),
    ],
    ['without expiry', (task) => rawToken({ sub: 'ann', task, role: 'customer' })],
    [
      'living longer than 1 h',
      (task) => rawToken({ sub: 'ann', task, role: 'customer' }, EMBED_SECRET, { expiresIn: 3601 }),
    ],
    [
      'issued in the future',
      (task) => rawToken({ sub: 'ann', task, role: 'customer', iat: soon() + 600, exp: soon() + 900 }),
    ],
  ])('answers 401 / 1001 when the participant token is %s', async (_case, make) => {
    const { backend, task } = await ready();
    const response = await backend.requestToken({ participantToken: make(task) });
    expectError(response, 401, ErrorCode.InvalidParticipantToken);
  });

  it('answers 401 / 1001 when the participant token is for another task than the body names', async () => {
    const { backend, task } = await ready();
    const response = await backend.requestToken({
      participantToken: backend.participantToken({ userId: 'ann', task, role: 'customer' }),
      task: 'order:other',
    });
    expectError(response, 401, ErrorCode.InvalidParticipantToken);
  });

  it('answers 401 / 1002 when the participant token has expired', async () => {
    const { backend, task } = await ready();
    const now = Math.floor(Date.now() / 1000);
    const token = rawToken({ sub: 'ann', task, role: 'customer', iat: now - 600, exp: now - 300 });
    const response = await backend.requestToken({ participantToken: token });
    expectError(response, 401, ErrorCode.ExpiredParticipantToken);
    expect(response.body.error.remediation).toMatch(/fresh participant token/);
  });

  it('answers 404 / 1003 when the task does not exist', async () => {
    const { backend } = await ready();
    const response = await backend.requestToken({
      participantToken: backend.participantToken({ userId: 'ann', task: 'order:nope', role: 'customer' }),
    });
    expectError(response, 404, ErrorCode.UnknownTask);
  });

  it('answers 403 / 1004 when the caller is not a participant of the task', async () => {
    const { backend, task } = await ready();
    const response = await backend.requestToken({
      participantToken: backend.participantToken({ userId: 'mallory', task, role: 'customer' }),
    });
    expectError(response, 403, ErrorCode.NotAParticipant);
  });

  it('answers 403 / 1005 when the participant was removed', async () => {
    const { backend, task } = await ready();
    await backend.admin('DELETE', `/tasks/${task}/participants/ann`);
    const response = await backend.requestToken({
      participantToken: backend.participantToken({ userId: 'ann', task, role: 'customer' }),
    });
    expectError(response, 403, ErrorCode.ParticipantRemoved);
  });

  it('answers 403 / 1007 when the participant token claims another role than the stored one', async () => {
    const { backend, task } = await ready();
    const response = await backend.requestToken({
      participantToken: backend.participantToken({ userId: 'ann', task, role: 'agent' }),
    });
    expectError(response, 403, ErrorCode.RoleMismatch);
  });

  it.each([
    ['invalid JSON', '{"participantToken": ', 'application/json'],
    ['a JSON array', '["x"]', 'application/json'],
    ['a JSON string', '"x"', 'application/json'],
    ['form data', 'participantToken=x', 'application/x-www-form-urlencoded'],
    ['plain text', 'hello', 'text/plain'],
    ['a non-string token', '{"participantToken": 42}', 'application/json'],
    ['a malformed task', '{"participantToken": "a.b.c", "task": "no spaces allowed"}', 'application/json'],
  ])('answers 400 / 1008 when the body is %s', async (_case, body, type) => {
    const { backend } = await ready();
    const response = await fetch(`${backend.url}/api/token`, {
      method: 'POST',
      headers: { 'content-type': type },
      body,
    });
    expect(response.status).toBe(400);
    const json = (await response.json()) as { error: { code: number; remediation: string } };
    expect(json.error.code).toBe(ErrorCode.MalformedBody);
    expect(json.error.remediation).toMatch(/JSON object/);
  });

  it('answers 413 / 1010 when the body exceeds 16 KiB', async () => {
    const { backend } = await ready();
    const response = await backend.requestToken({ participantToken: 'x'.repeat(17 * 1024) });
    expectError(response, 413, ErrorCode.BodyTooLarge);
  });

  it('answers 429 / 1012 when one address sends too many requests', async () => {
    const backend = await startBackend({ rateLimits: { perIp: 3, perUser: 100, windowMs: 60_000 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await backend.requestToken({ participantToken: 'forged' })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await backend.requestToken({});
    expectError(limited, 429, ErrorCode.RateLimited);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-policy')).toBeNull();
  });

  it('answers 429 / 1012 when one user asks too often but other users still get tokens', async () => {
    const backend = await startBackend({ rateLimits: { perIp: 100, perUser: 2, windowMs: 60_000 } });
    const task = uniqueTaskId();
    await backend.createTask(task, [
      { userId: 'ann', role: 'customer' },
      { userId: 'bob', role: 'customer' },
    ]);
    const ask = (userId: string) =>
      backend.requestToken({
        participantToken: backend.participantToken({ userId, task, role: 'customer' }),
      });
    expect((await ask('ann')).status).toBe(200);
    expect((await ask('ann')).status).toBe(200);
    const limited = await ask('ann');
    expectError(limited, 429, ErrorCode.RateLimited);
    expect(limited.body.error.message).toContain('for this user');
    expect((await ask('bob')).status).toBe(200);
  });
});
