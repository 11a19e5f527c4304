import type { Room } from '@ably/chat';
import * as Ably from 'ably';
import { expect, vi } from 'vitest';
import type { InboxAnswer, InboxUpdate, UserTokenAnswer } from '../../../../server/contract/api-contract.js';
import { createUserToken } from '../../../../server/backend/participants/user-token.js';
import type { AppDeps } from '../../../../server/backend/app.js';
import { applyAblySetup } from '../../../support/ably-setup.js';
import { closeAfterTest } from '../../../support/local-ably.js';
import {
  EMBED_SECRET,
  fetchJson,
  joinRoom,
  startBackend,
  type JsonResponse,
  type TestBackend,
} from '../backend-harness.js';

/**
 * A backend whose ably-local is set up as `npm run ably-setup` does it (the room-messages webhook rule reaches
 * the backend, the key allows `inbox:*`), with webhooks batched every 5 ms.
 */
export async function startInboxBackend(overrides: Partial<AppDeps> = {}): Promise<TestBackend> {
  const backend = await startBackend(
    {
      rateLimits: {
        windowMs: 60_000,
        perIp: 10_000,
        perUser: 1_000,
        readStatePerUser: 1_000,
        inboxPerUser: 1_000,
      },
      ...overrides,
    },
    { webhookTiming: { batchIntervalMs: 5 } },
  );
  await applyAblySetup(backend.ably, { publicUrl: backend.url, pushAlerts: false, inbox: true });
  return backend;
}

export const userToken = (userId: string, ttlSeconds?: number) =>
  createUserToken({ secret: EMBED_SECRET, userId, ...(ttlSeconds === undefined ? {} : { ttlSeconds }) });

/** `POST /api/inbox` with a JSON body. */
export function inbox(backend: Pick<TestBackend, 'url'>, body: unknown): Promise<JsonResponse> {
  return fetchJson(`${backend.url}/api/inbox`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** What an inbox element does: a user token for its channel (renewed through the token route), attached. */
export async function inboxListener(
  backend: Pick<TestBackend, 'url'>,
  userId: string,
  useBinaryProtocol = false,
): Promise<{
  updates: InboxUpdate[];
  channel: Ably.RealtimeChannel;
  realtime: Ably.Realtime;
  answer: UserTokenAnswer;
}> {
  const request = async (): Promise<UserTokenAnswer> => {
    const response = await fetchJson(`${backend.url}/api/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userToken: userToken(userId) }),
    });
    if (response.status !== 200)
      throw new Error(`unable to get a user token: ${JSON.stringify(response.body)}`);
    return response.body as UserTokenAnswer;
  };
  const answer = await request();
  const realtime = new Ably.Realtime({
    ...(answer.clientOptions as Ably.ClientOptions),
    useBinaryProtocol,
    logLevel: 0,
    authCallback: (_params, callback) => {
      request().then(
        (a) => callback(null, a.token),
        (err: unknown) => callback(new Ably.ErrorInfo(String(err), 80019, 500), null),
      );
    },
  });
  closeAfterTest(realtime);
  const channel = realtime.channels.get(answer.channel);
  const updates: InboxUpdate[] = [];
  await channel.subscribe('inbox', (m) => void updates.push(m.data as InboxUpdate));
  return { updates, channel, realtime, answer };
}

/** The newest update about `task` once it satisfies `check`. */
export async function updateOf(
  updates: InboxUpdate[],
  task: string,
  check: (update: InboxUpdate) => boolean = () => true,
): Promise<InboxUpdate> {
  return vi.waitFor(
    () => {
      const found = updates.filter((u) => (u.type === 'task' ? u.task.task : u.task) === task).at(-1);
      expect(found && check(found)).toBe(true);
      return found!;
    },
    { timeout: 5000 },
  );
}

/** The user's first inbox page (throws unless 200). */
export async function firstPage(
  backend: Pick<TestBackend, 'url'>,
  userId: string,
  body: object = {},
): Promise<InboxAnswer> {
  const response = await inbox(backend, { userToken: userToken(userId), ...body });
  if (response.status !== 200) throw new Error(`unable to read the inbox: ${JSON.stringify(response.body)}`);
  return response.body as InboxAnswer;
}

/** A participant's room (token from their participant token), attached. */
export async function roomOf(
  backend: TestBackend,
  task: string,
  userId: string,
  role: Parameters<typeof joinRoom>[3],
): Promise<Room> {
  return (await joinRoom(backend, task, userId, role, false)).room;
}
