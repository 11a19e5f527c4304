import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import jwt from 'jsonwebtoken';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../server/backend/errors.js';
import {
  EMBED_SECRET,
  SERVER_SECRET,
  fetchJson,
  startBackend,
  uniqueTaskId,
  type TestBackend,
} from './backend-harness.js';

/**
 * Issue #11 §3 at the backend: random and mutated bodies on every route that takes one (token, read state,
 * tasks API, bot API, moderation, the signed Ably webhook) and forged participant tokens are answered with a
 * 4xx and one of the backend's codes — never a 500 (1000) — and the backend keeps issuing tokens. Each
 * property counts the cases it tried; the counts are printed at the end.
 */
const RUNS = { numRuns: 60 };
const MODERATION_SECRET = 'moderation-secret-for-tests-0123456789ab';
const KNOWN_CODES = new Set(Object.values(ErrorCode).filter((c): c is number => typeof c === 'number'));
const tried = new Map<string, number>();
const count = (name: string) => tried.set(name, (tried.get(name) ?? 0) + 1);
afterAll(() => console.log(`fuzz cases tried: ${JSON.stringify(Object.fromEntries(tried))}`));

let backend: TestBackend;
let task: string;
let valid: string;

beforeEach(async () => {
  backend = await startBackend({ moderationSecret: MODERATION_SECRET });
  task = uniqueTaskId();
  await backend.createTask(task, [
    { userId: 'ann', role: 'customer', name: 'Ann' },
    { userId: 'bot-1', role: 'bot', name: 'Bot' },
  ]);
  valid = backend.participantToken({ userId: 'ann', role: 'customer', task });
});

/** A 4xx with a backend code, or a success; never an internal error. */
function expectAnswered(answer: { status: number; body: unknown }, label: string): void {
  expect(answer.status, `${label}: ${String(JSON.stringify(answer.body)).slice(0, 300)}`).toBeLessThan(500);
  if (answer.status >= 400) {
    const code = (answer.body as { error?: { code?: number } } | undefined)?.error?.code;
    expect(KNOWN_CODES.has(code!), `${label}: code ${code}`).toBe(true);
    expect(code).not.toBe(ErrorCode.Internal);
  }
}

async function expectStillIssuing(): Promise<void> {
  const answer = await backend.requestToken({ participantToken: valid });
  expect(answer.status).toBe(200);
}

const hostile = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(-1, 1.5, true, null, '', 'order:', ':', '../x', 'x'.repeat(20_000), [[]], {}),
  fc.integer({ min: 60, max: 200 }).map((depth) => {
    let value: unknown = 'leaf';
    for (let i = 0; i < depth; i++) value = [value];
    return value;
  }),
);

/** `base` with one field replaced (or removed), or a random body altogether. */
const mutatedBody = (base: Record<string, unknown>, fields: string[]) =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...fields), hostile).map(([field, value]) => ({ ...base, [field]: value })),
    fc.constantFrom(...fields).map((field) => {
      const copy = { ...base };
      delete copy[field];
      return copy;
    }),
    hostile,
  );

interface Route {
  label: string;
  method: string;
  path: () => string;
  headers: () => Record<string, string>;
  body: () => fc.Arbitrary<unknown>;
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

const ROUTES: Route[] = [
  {
    label: 'a token request',
    method: 'POST',
    path: () => '/api/token',
    headers: () => ({}),
    body: () => mutatedBody({ participantToken: valid, task }, ['participantToken', 'task']),
  },
  {
    label: 'a read-state read',
    method: 'POST',
    path: () => '/api/read-state',
    headers: () => ({}),
    body: () => mutatedBody({ participantToken: valid }, ['participantToken', 'task', 'serial']),
  },
  {
    label: 'a read-state advance',
    method: 'PUT',
    path: () => '/api/read-state',
    headers: () => ({}),
    body: () =>
      mutatedBody({ participantToken: valid, serial: '01700000000000-000@x:000' }, [
        'participantToken',
        'serial',
        'timestamp',
      ]),
  },
  {
    label: 'a task upsert',
    method: 'PUT',
    path: () => `/api/tasks/${encodeURIComponent(task)}`,
    headers: () => bearer(SERVER_SECRET),
    body: () => mutatedBody({ type: 'order', title: 'Order', url: null }, ['type', 'title', 'url']),
  },
  {
    label: 'a participant upsert',
    method: 'PUT',
    path: () => `/api/tasks/${encodeURIComponent(task)}/participants/sam`,
    headers: () => bearer(SERVER_SECRET),
    body: () => mutatedBody({ role: 'seller', name: 'Sam' }, ['role', 'name']),
  },
  {
    label: 'a bot message',
    method: 'POST',
    path: () => `/api/tasks/${encodeURIComponent(task)}/messages`,
    headers: () => bearer(SERVER_SECRET),
    body: () => mutatedBody({ userId: 'bot-1', text: 'hello', metadata: {} }, ['userId', 'text', 'metadata']),
  },
  {
    label: 'a task event',
    method: 'POST',
    path: () => `/api/tasks/${encodeURIComponent(task)}/events`,
    headers: () => bearer(SERVER_SECRET),
    body: () => mutatedBody({ title: 'Shipped', body: 'on its way' }, ['title', 'body', 'kind']),
  },
  {
    label: 'a moderation request',
    method: 'POST',
    path: () => '/api/moderation',
    headers: () => bearer(MODERATION_SECRET),
    body: () =>
      mutatedBody({ room: `task:${task}`, message: { clientId: 'ann', text: 'hi' } }, [
        'room',
        'roomId',
        'message',
      ]),
  },
];

describe('backend bodies', () => {
  it.each(ROUTES)('answers $label with a random or mutated body without an internal error', async (route) => {
    await fc.assert(
      fc.asyncProperty(route.body(), async (body) => {
        count(route.label);
        const answer = await fetchJson(`${backend.url}${route.path()}`, {
          method: route.method,
          headers: { 'content-type': 'application/json', ...route.headers() },
          body: JSON.stringify(body),
        });
        expectAnswered(answer, route.label);
      }),
      RUNS,
    );
    await expectStillIssuing();
  });

  it('answers random text that is not JSON on every route with 400 or 413, never 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), fc.string({ maxLength: 300 }), async (route, text) => {
        count('non-JSON bodies');
        const answer = await fetchJson(`${backend.url}${route.path()}`, {
          method: route.method,
          headers: { 'content-type': 'application/json', ...route.headers() },
          body: text,
        });
        expectAnswered(answer, route.label);
      }),
      { numRuns: 100 },
    );
    await expectStillIssuing();
  });

  it('answers signed webhook bodies, random or near-valid, with 204 or a 4xx, never 500', async () => {
    const [keyName, secret] = backend.ably.clientOptions.key.split(':') as [string, string];
    const message = fc.oneof(
      fc.record({
        name: fc.constantFrom('chat.message', 'x'),
        data: hostile,
        encoding: fc.constantFrom('json', 'base64', 'bogus', undefined),
      }),
      hostile,
    );
    const envelope = fc.oneof(
      fc
        .array(message, { maxLength: 3 })
        .map((messages) => ({ source: 'channel.message', channel: `task:${task}::$chat`, messages })),
      fc.array(message, { maxLength: 3 }).map((messages) => ({
        items: [{ source: 'channel.message', data: { channelId: `task:${task}::$chat`, messages } }],
      })),
      fc.record({ items: hostile }),
      fc.record({ source: hostile, channel: hostile, messages: hostile }),
      hostile,
    );
    await fc.assert(
      fc.asyncProperty(envelope, async (value) => {
        count('signed webhook bodies');
        const body = Buffer.from(JSON.stringify(value) ?? 'null');
        const signature = createHmac('sha256', secret).update(body).digest('base64');
        const answer = await fetchJson(`${backend.url}/api/webhooks/ably`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-ably-key': keyName,
            'x-ably-signature': signature,
          },
          body,
        });
        expectAnswered(answer, 'a webhook');
      }),
      RUNS,
    );
    await expectStillIssuing();
  });
});

describe('forged participant tokens', () => {
  const header = (h: object) => Buffer.from(JSON.stringify(h)).toString('base64url');
  /** An HS256 JWT over any claims, unchecked (jsonwebtoken refuses to sign some of these). */
  const hs256 = (payload: object, secret: string) => {
    const signed = `${header({ alg: 'HS256', typ: 'JWT' })}.${header(payload)}`;
    return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
  };
  const now = () => Math.floor(Date.now() / 1000);
  const claims = () => ({ sub: 'ann', task, role: 'customer', iat: now(), exp: now() + 300 });
  const forged: [string, () => string][] = [
    ['alg none', () => `${header({ alg: 'none', typ: 'JWT' })}.${header(claims())}.`],
    ['alg HS512 with the right secret', () => jwt.sign(claims(), EMBED_SECRET, { algorithm: 'HS512' })],
    ['alg HS384 with the right secret', () => jwt.sign(claims(), EMBED_SECRET, { algorithm: 'HS384' })],
    [
      'alg RS256 in the header over an HMAC',
      () => {
        const [, payload, sig] = jwt.sign(claims(), EMBED_SECRET, { algorithm: 'HS256' }).split('.');
        return `${header({ alg: 'RS256', typ: 'JWT' })}.${payload}.${sig}`;
      },
    ],
    [
      'a kid naming another key, signed with another secret',
      () =>
        jwt.sign(claims(), 'another-secret-0123456789abcdef0123456789', {
          algorithm: 'HS256',
          keyid: 'embed-2',
        }),
    ],
    [
      'sub and task swapped',
      () => jwt.sign({ ...claims(), sub: task, task: 'ann' }, EMBED_SECRET, { algorithm: 'HS256' }),
    ],
    [
      'role and name swapped',
      () => jwt.sign({ ...claims(), role: 'Ann', name: 'customer' }, EMBED_SECRET, { algorithm: 'HS256' }),
    ],
    [
      'a role that does not exist',
      () => jwt.sign({ ...claims(), role: 'admin' }, EMBED_SECRET, { algorithm: 'HS256' }),
    ],
    ['sub as an array', () => jwt.sign({ ...claims(), sub: ['ann'] }, EMBED_SECRET, { algorithm: 'HS256' })],
    ['exp as a string', () => hs256({ ...claims(), exp: String(now() + 300) }, EMBED_SECRET)],
    [
      'no exp',
      () =>
        jwt.sign({ sub: 'ann', task, role: 'customer' }, EMBED_SECRET, {
          algorithm: 'HS256',
          noTimestamp: true,
        }),
    ],
    [
      'a lifetime over an hour',
      () => jwt.sign({ ...claims(), exp: now() + 7200 }, EMBED_SECRET, { algorithm: 'HS256' }),
    ],
    [
      'expired',
      () =>
        jwt.sign({ ...claims(), iat: now() - 900, exp: now() - 300 }, EMBED_SECRET, { algorithm: 'HS256' }),
    ],
    [
      'issued in the future',
      () =>
        jwt.sign({ ...claims(), iat: now() + 600, exp: now() + 900 }, EMBED_SECRET, { algorithm: 'HS256' }),
    ],
    ['signed with the server secret', () => jwt.sign(claims(), SERVER_SECRET, { algorithm: 'HS256' })],
    ['not a JWT', () => 'hello'],
    ['three empty parts', () => '..'],
  ];

  const SIGNATURE_FORGERIES = new Set([
    'alg none',
    'alg HS512 with the right secret',
    'alg HS384 with the right secret',
    'alg RS256 in the header over an HMAC',
    'a kid naming another key, signed with another secret',
    'signed with the server secret',
    'not a JWT',
    'three empty parts',
  ]);

  it.each(forged)(
    'refuses a token with %s with a 4xx and its code, never a session',
    async (label, token) => {
      count('forged participant tokens');
      for (const path of ['/api/token', '/api/read-state']) {
        const answer = await fetchJson(`${backend.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ participantToken: token() }),
        });
        expectAnswered(answer, label);
        expect(answer.status, JSON.stringify(answer.body)).toBeGreaterThanOrEqual(400);
        // Anything not signed by the embed secret with HS256 is not even read: 401 1001. Well-signed but wrong
        // claims are refused for what they claim (no such task, not a participant, expired, too long-lived).
        if (SIGNATURE_FORGERIES.has(label)) {
          expect([answer.status, answer.body.error.code]).toEqual([401, ErrorCode.InvalidParticipantToken]);
        } else {
          expect([401, 403, 404]).toContain(answer.status);
        }
      }
      await expectStillIssuing();
    },
  );

  it('refuses every mutation of a valid token (a character changed, cut or added) with 401 1001', async () => {
    const mutation = fc.oneof(
      fc.tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 1 })).map(([at, c]) => (t: string) => {
        const i = at % t.length;
        return t[i] === c ? t : t.slice(0, i) + c + t.slice(i + 1);
      }),
      // Cut to at least one character: an empty token is a missing one (400, checked with the bodies above).
      fc.nat().map((at) => (t: string) => t.slice(0, 1 + (at % (t.length - 1)))),
      fc.string({ minLength: 1, maxLength: 10 }).map((tail) => (t: string) => t + tail),
    );
    await fc.assert(
      fc.asyncProperty(mutation, async (mutate) => {
        const token = mutate(valid);
        fc.pre(token !== valid);
        count('mutated participant tokens');
        const answer = await backend.requestToken({ participantToken: token });
        if (answer.status === 200) {
          // Only a change in a final character's unused bits decodes to the same bytes: the same token.
          const bytes = (t: string) =>
            t.split('.').map((part) => Buffer.from(part, 'base64url').toString('hex'));
          expect(bytes(token)).toEqual(bytes(valid));
          return;
        }
        expect(answer.status).toBe(401);
        expect(answer.body.error.code).toBe(ErrorCode.InvalidParticipantToken);
      }),
      { numRuns: 150 },
    );
  });
});
