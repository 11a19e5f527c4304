import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../server/backend/errors.js';
import { PostgresStore } from '../../../../server/backend/store/postgres-store.js';
import { SqliteStore } from '../../../../server/backend/store/sqlite-store.js';
import type { Store } from '../../../../server/backend/store/store.js';
import { startPostgres, type TestPostgres } from '../../../support/postgres.js';
import {
  EMBED_SECRET,
  startBackend,
  uniqueTaskId,
  type JsonResponse,
  type ParticipantSpec,
  type TestBackend,
} from '../backend-harness.js';

let postgres: TestPostgres | undefined;

beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);

afterAll(async () => {
  await postgres?.stop();
});

const STORES: { name: string; open: () => Promise<Store> }[] = [
  { name: 'SqliteStore', open: async () => new SqliteStore(':memory:') },
  { name: 'PostgresStore', open: () => PostgresStore.connect(postgres!.databaseUrl) },
];

const PARTICIPANTS: ParticipantSpec[] = [
  { userId: 'ann', role: 'customer', name: 'Ann' },
  { userId: 'dana', role: 'agent', name: 'Dana' },
  { userId: 'olga', role: 'observer', name: 'Olga' },
];

// Ably serials order as strings.
const S1 = '01726585978590-001@e4zbAtlIwBfbGI39:000';
const S2 = '01726585978590-001@e4zbAtlIwBfbGI39:001';

async function ready(
  overrides: Parameters<typeof startBackend>[0] = {},
): Promise<{ backend: TestBackend; task: string; as: (spec: ParticipantSpec) => string }> {
  const backend = await startBackend(overrides);
  const task = uniqueTaskId();
  await backend.createTask(task, PARTICIPANTS);
  const as = (spec: ParticipantSpec) => backend.participantToken({ task, ...spec });
  return { backend, task, as };
}

const ann = PARTICIPANTS[0]!;
const dana = PARTICIPANTS[1]!;
const olga = PARTICIPANTS[2]!;

function expectError(response: JsonResponse, status: number, code: ErrorCode, operation: string): void {
  expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
  expect(response.body.error.message).toMatch(new RegExp(`^unable to ${operation}; `));
  expect(response.headers.get('cache-control')).toBe('no-store');
}

describe.each(STORES)('/api/read-state on $name', (impl) => {
  it('lists every current participant in joining order with null markers when nobody has read yet', async () => {
    const { backend, task, as } = await ready({ store: await impl.open() });
    const response = await backend.readState('POST', { participantToken: as(ann), task });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body).toEqual({
      task,
      markers: [
        { userId: 'ann', name: 'Ann', role: 'customer', serial: null, readAt: null },
        { userId: 'dana', name: 'Dana', role: 'agent', serial: null, readAt: null },
        { userId: 'olga', name: 'Olga', role: 'observer', serial: null, readAt: null },
      ],
      unread: 0,
    });
  });

  it('advances only the caller’s marker and never moves it back when an older serial is put', async () => {
    const { backend, as } = await ready({ store: await impl.open() });
    const before = Date.now();
    const first = await backend.readState('PUT', { participantToken: as(dana), serial: S2 });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const danaMarker = first.body.markers[1];
    expect(danaMarker).toMatchObject({ userId: 'dana', serial: S2 });
    expect(danaMarker.readAt).toBeGreaterThanOrEqual(before);
    expect(first.body.markers[0]).toMatchObject({ userId: 'ann', serial: null });
    const older = await backend.readState('PUT', { participantToken: as(dana), serial: S1 });
    expect(older.status).toBe(200);
    expect(older.body.markers[1]).toEqual(danaMarker);
    const read = await backend.readState('POST', { participantToken: as(ann) });
    expect(read.body.markers[1]).toEqual(danaMarker);
  });

  it('leaves removed participants out and refuses them with 403 / 1005 when they ask', async () => {
    const { backend, task, as } = await ready({ store: await impl.open() });
    await backend.readState('PUT', { participantToken: as(ann), serial: S1 });
    await backend.admin('DELETE', `/tasks/${task}/participants/ann`);
    const list = await backend.readState('POST', { participantToken: as(dana) });
    expect(list.body.markers.map((m: { userId: string }) => m.userId)).toEqual(['dana', 'olga']);
    for (const method of ['POST', 'PUT'] as const) {
      const refused = await backend.readState(method, { participantToken: as(ann), serial: S2 });
      expectError(
        refused,
        403,
        ErrorCode.ParticipantRemoved,
        method === 'PUT' ? 'update read state' : 'get read state',
      );
    }
  });
});

describe('/api/read-state', () => {
  it('lets an observer read and advance its marker, and works on a closed task', async () => {
    const { backend, task, as } = await ready();
    expect((await backend.readState('PUT', { participantToken: as(olga), serial: S1 })).status).toBe(200);
    await backend.admin('POST', `/tasks/${task}/close`);
    const closed = await backend.readState('PUT', { participantToken: as(olga), serial: S2 });
    expect(closed.status).toBe(200);
    expect(closed.body.markers[2]).toMatchObject({ userId: 'olga', role: 'observer', serial: S2 });
  });

  it('answers 401 / 1013 when no participant token is sent', async () => {
    const { backend } = await ready();
    expectError(await backend.readState('POST', {}), 401, ErrorCode.NotSignedIn, 'get read state');
    expectError(
      await backend.readState('PUT', { serial: S1 }),
      401,
      ErrorCode.NotSignedIn,
      'update read state',
    );
  });

  it('answers 401 / 1001 when the participant token is forged or for another task than the body names', async () => {
    const { backend, task, as } = await ready();
    const forged = jwt.sign({ sub: 'ann', task, role: 'customer' }, 'x'.repeat(40), { expiresIn: 60 });
    expectError(
      await backend.readState('POST', { participantToken: forged }),
      401,
      ErrorCode.InvalidParticipantToken,
      'get read state',
    );
    expectError(
      await backend.readState('PUT', { participantToken: as(ann), task: 'order:other', serial: S1 }),
      401,
      ErrorCode.InvalidParticipantToken,
      'update read state',
    );
  });

  it('answers 401 / 1002 when the participant token has expired', async () => {
    const { backend, task } = await ready();
    const now = Math.floor(Date.now() / 1000);
    const expired = jwt.sign(
      { sub: 'ann', task, role: 'customer', iat: now - 600, exp: now - 300 },
      EMBED_SECRET,
    );
    const response = await backend.readState('POST', { participantToken: expired });
    expectError(response, 401, ErrorCode.ExpiredParticipantToken, 'get read state');
    expect(response.body.error.remediation).toMatch(/fresh participant token/);
  });

  it('answers 404 / 1003 when the task does not exist', async () => {
    const { backend } = await ready();
    const participantToken = backend.participantToken({
      userId: 'ann',
      task: 'order:nope',
      role: 'customer',
    });
    expectError(
      await backend.readState('POST', { participantToken }),
      404,
      ErrorCode.UnknownTask,
      'get read state',
    );
  });

  it('answers 403 / 1004 when the caller is not a participant, and 403 / 1007 when the role differs', async () => {
    const { backend, as } = await ready();
    expectError(
      await backend.readState('PUT', {
        participantToken: as({ userId: 'mallory', role: 'agent' }),
        serial: S1,
      }),
      403,
      ErrorCode.NotAParticipant,
      'update read state',
    );
    expectError(
      await backend.readState('POST', { participantToken: as({ userId: 'ann', role: 'agent' }) }),
      403,
      ErrorCode.RoleMismatch,
      'get read state',
    );
  });

  it.each<[string, unknown]>([
    ['missing', undefined],
    ['empty', ''],
    ['a number', 42],
    ['longer than 128 characters', 'a'.repeat(129)],
    ['containing a space', '0172 001@x:0'],
    ['containing a control character', '0172\u0000'],
    ['not ASCII', '0172-é'],
  ])('answers 400 / 1008 when the serial is %s', async (_case, serial) => {
    const { backend, as } = await ready();
    const response = await backend.readState('PUT', { participantToken: as(ann), serial });
    expectError(response, 400, ErrorCode.MalformedBody, 'update read state');
    expect(response.body.error.message).toContain('serial');
    expect(response.body.error.remediation).toMatch(/JSON object/);
  });

  it('accepts a serial of exactly 128 printable characters', async () => {
    const { backend, as } = await ready();
    const serial = `~${'!'.repeat(127)}`;
    const response = await backend.readState('PUT', { participantToken: as(ann), serial });
    expect(response.status).toBe(200);
    expect(response.body.markers[0].serial).toBe(serial);
  });

  it('answers 400 / 1008 when the body is not a JSON object', async () => {
    const { backend } = await ready();
    const response = await fetch(`${backend.url}/api/read-state`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(ErrorCode.MalformedBody);
  });

  it('answers 429 / 1012 past the per-user read-state limit, without spending the token budget', async () => {
    const { backend, as } = await ready({
      rateLimits: { windowMs: 60_000, perIp: 100, perUser: 1, readStatePerUser: 3 },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await backend.readState('POST', { participantToken: as(ann) })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await backend.readState('PUT', { participantToken: as(ann), serial: S1 });
    expectError(limited, 429, ErrorCode.RateLimited, 'update read state');
    expect(limited.body.error.message).toContain('for this user');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await backend.readState('POST', { participantToken: as(dana) })).status).toBe(200);
    expect((await backend.requestToken({ participantToken: as(ann) })).status).toBe(200);
  });

  it('allows a configured origin with PUT in its preflight and answers it with CORS headers', async () => {
    const { backend, as } = await ready({ allowedOrigins: ['https://shop.example'] });
    const preflight = await fetch(`${backend.url}/api/read-state`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST, PUT, OPTIONS');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Content-Type');
    expect(preflight.headers.get('vary')).toMatch(/Origin/);
    const put = await backend.readState(
      'PUT',
      { participantToken: as(ann), serial: S1 },
      { origin: 'https://shop.example' },
    );
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(put.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('sends no CORS headers when the origin is not configured', async () => {
    const { backend, as } = await ready({ allowedOrigins: ['https://shop.example'] });
    const preflight = await fetch(`${backend.url}/api/read-state`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'PUT' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
    const post = await backend.readState(
      'POST',
      { participantToken: as(ann) },
      { origin: 'https://evil.example' },
    );
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });
});
