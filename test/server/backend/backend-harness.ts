import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { ChatClient, LogLevel } from '@ably/chat';
import * as Ably from 'ably';
import express from 'express';
import { afterEach } from 'vitest';
import type { LocalAbly, LocalAblyOptions } from '../../../server/ably-local/create-server.js';
import { createApp, type AppDeps } from '../../../server/backend/app.js';
import type { Role } from '../../../server/backend/ably-auth/capabilities.js';
import { createLogger } from '../../../server/backend/logger.js';
import { createParticipantToken } from '../../../server/backend/participants/participant-token.js';
import { createChatRouter, type ChatRouterOptions } from '../../../server/backend/routes/chat-router.js';
import { SqliteStore } from '../../../server/backend/store/sqlite-store.js';
import type { Store } from '../../../server/backend/store/store.js';
import type { IssuedToken } from '../../../server/backend/tokens/token-issuer.js';
import { closeAfterTest, startLocalAbly } from '../../support/local-ably.js';

export const EMBED_SECRET = 'embed-secret-for-tests-0123456789abcdef';
export const SERVER_SECRET = 'server-secret-for-tests-0123456789abcdef';

const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Runs `close` after the current test (in reverse order of registration). */
export function closeAfter(close: () => Promise<void>): void {
  closers.push(close);
}

/** A backend on port 0 against its own ably-local, closed after the test. */
export interface TestBackend {
  url: string;
  ably: LocalAbly;
  store: Store;
  /** Every log line the backend wrote (JSON text). */
  logs: string[];
  /** `fetch` against the tasks API with the server secret. */
  admin(method: string, path: string, body?: unknown): Promise<JsonResponse>;
  /** `POST /api/token` with a JSON body. */
  requestToken(body: unknown, headers?: Record<string, string>): Promise<JsonResponse>;
  /** `POST` (read) or `PUT` (advance) `/api/read-state` with a JSON body. */
  readState(method: 'POST' | 'PUT', body: unknown, headers?: Record<string, string>): Promise<JsonResponse>;
  /** A participant token signed with the test EMBED_SECRET. */
  participantToken(claims: ParticipantSpec, ttlSeconds?: number): string;
  /** Creates a task (type `order`, title `Order <id>` unless given) and its participants through the tasks API. */
  createTask(taskId: string, participants: ParticipantSpec[], task?: TaskSpec): Promise<void>;
}

export interface ParticipantSpec {
  userId: string;
  role: Role;
  name?: string;
  task?: string;
}

export interface TaskSpec {
  type: string;
  title: string;
  url?: string | null;
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  // Tests read whatever the API answered.
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A task id no other test uses. */
export function uniqueTaskId(prefix = 'order'): string {
  return `${prefix}:${randomBytes(4).toString('hex')}`;
}

/** Listens on 127.0.0.1:0 and registers the close. */
export async function listen(app: { listen: (port: number, host: string) => Server }): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** JSON fetch helper: parses the body when there is one. */
export async function fetchJson(url: string, init: RequestInit = {}): Promise<JsonResponse> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** Starts ably-local (with `localAbly` options), a SQLite `:memory:` store and the backend app. */
export async function startBackend(
  overrides: Partial<AppDeps> & { ably?: AppDeps['ably'] } = {},
  localAbly: LocalAblyOptions = {},
): Promise<TestBackend> {
  const ably = await startLocalAbly(localAbly);
  const store = overrides.store ?? new SqliteStore(':memory:');
  closers.push(() => store.close());
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(...chunk.toString().split('\n').filter(Boolean));
      callback();
    },
  });
  const { endpoint, port, key } = ably.clientOptions;
  const app = createApp({
    store,
    ably: { apiKey: key, endpoint, port, tls: false },
    embedSecret: EMBED_SECRET,
    serverSecret: SERVER_SECRET,
    logger: createLogger({ level: 'debug', destination }),
    ...overrides,
  });
  const url = await listen(app);
  const backend: TestBackend = {
    url,
    ably,
    store,
    logs,
    admin: (method, path, body) =>
      fetchJson(`${url}/api${path}`, {
        method,
        headers: { authorization: `Bearer ${SERVER_SECRET}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    requestToken: (body, headers = {}) =>
      fetchJson(`${url}/api/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }),
    readState: (method, body, headers = {}) =>
      fetchJson(`${url}/api/read-state`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }),
    participantToken: (spec, ttlSeconds) =>
      createParticipantToken({
        secret: EMBED_SECRET,
        userId: spec.userId,
        task: spec.task ?? '',
        role: spec.role,
        ...(spec.name === undefined ? {} : { name: spec.name }),
        ...(ttlSeconds === undefined ? {} : { ttlSeconds }),
      }),
    createTask: async (taskId, participants, task = { type: 'order', title: `Order ${taskId}` }) => {
      const created = await backend.admin('PUT', `/tasks/${taskId}`, task);
      if (created.status >= 300) throw new Error(`unable to create task: ${JSON.stringify(created.body)}`);
      for (const p of participants) {
        const added = await backend.admin(
          'PUT',
          `/tasks/${taskId}/participants/${encodeURIComponent(p.userId)}`,
          {
            role: p.role,
            name: p.name ?? p.userId,
          },
        );
        if (added.status >= 300) throw new Error(`unable to add participant: ${JSON.stringify(added.body)}`);
      }
    },
  };
  return backend;
}

/**
 * `createChatRouter(options)` mounted at `/chat` in a bare host app, with its own ably-local, a SQLite
 * `:memory:` store and a silent logger unless given; closed after the test.
 */
export async function mountChatRouter(
  options: Partial<ChatRouterOptions>,
): Promise<{ url: string; store: Store; ably: LocalAbly }> {
  const ably = await startLocalAbly();
  const store = options.store ?? new SqliteStore(':memory:');
  closers.push(() => store.close());
  const app = express();
  const { endpoint, port, key } = ably.clientOptions;
  app.use(
    '/chat',
    createChatRouter({
      store,
      ably: { apiKey: key, endpoint, port, tls: false },
      logger: createLogger({ level: 'silent' }),
      ...options,
    }),
  );
  return { url: await listen(app), store, ably };
}

/**
 * What the widget does: `POST /api/token` for the first token and in `authCallback` on every renewal, and
 * spreads the answer's `clientOptions`. A refusal is passed on with its HTTP status (403 → `failed`).
 */
export async function widgetRealtime(
  tokenUrl: string,
  body: () => unknown,
  useBinaryProtocol: boolean,
  init: RequestInit = {},
): Promise<{ realtime: Ably.Realtime; chat: ChatClient; first: IssuedToken; requests: JsonResponse[] }> {
  const requests: JsonResponse[] = [];
  const request = async () => {
    const response = await fetchJson(tokenUrl, {
      ...init,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
      body: JSON.stringify(body()),
    });
    requests.push(response);
    return response;
  };
  const first = await request();
  if (first.status !== 200) throw new Error(`unable to get a token: ${JSON.stringify(first.body)}`);
  const issued = first.body as IssuedToken;
  let cached: string | undefined = issued.token;
  const realtime = new Ably.Realtime({
    ...(issued.clientOptions as Ably.ClientOptions),
    useBinaryProtocol,
    logLevel: 0,
    authCallback: (_params, callback) => {
      if (cached !== undefined) {
        callback(null, cached);
        cached = undefined;
        return;
      }
      request().then(
        (response) => {
          if (response.status === 200) callback(null, (response.body as IssuedToken).token);
          else {
            const { code, message } = response.body.error as { code: number; message: string };
            callback(new Ably.ErrorInfo(message, code, response.status), null);
          }
        },
        (err: unknown) => callback(new Ably.ErrorInfo(String(err), 80019, 500), null),
      );
    },
  });
  closeAfterTest(realtime);
  return { realtime, chat: new ChatClient(realtime, { logLevel: LogLevel.Silent }), first: issued, requests };
}

/** A participant's widget, joined to its task's room: first token, Chat client, attached room. */
export async function joinRoom(
  backend: TestBackend,
  task: string,
  userId: string,
  role: Parameters<TestBackend['participantToken']>[0]['role'],
  useBinaryProtocol: boolean,
) {
  const client = await widgetRealtime(
    `${backend.url}/api/token`,
    () => ({ participantToken: backend.participantToken({ userId, task, role }) }),
    useBinaryProtocol,
  );
  const room = await client.chat.rooms.get(client.first.room);
  await room.attach();
  return { ...client, room };
}

/** The Ably error code of a rejection, if it has one. */
export function errorCode(err: unknown): number | undefined {
  return (err as Ably.ErrorInfo | undefined)?.code;
}
