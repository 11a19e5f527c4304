import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Room } from '@ably/chat';
import type * as Ably from 'ably';
import { expect, vi } from 'vitest';
import type { LocalAbly } from '../../../../server/ably-local/create-server.js';
import type { AblyAppInputs } from '../../../../server/ably-setup/ably-app.js';
import type { AppDeps } from '../../../../server/backend/app.js';
import { createApp } from '../../../../server/backend/app.js';
import { createLogger } from '../../../../server/backend/logger.js';
import { SqliteStore } from '../../../../server/backend/store/sqlite-store.js';
import type { Store } from '../../../../server/backend/store/store.js';
import type { IssuedToken } from '../../../../server/backend/tokens/token-issuer.js';
import { applyAblySetup } from '../../../support/ably-setup.js';
import { startLocalAbly } from '../../../support/local-ably.js';
import { pushDeviceClient } from '../../../support/push.js';
import { LocalPushService, type TestSubscription } from '../../../support/push-service.js';
import {
  closeAfter,
  EMBED_SECRET,
  fetchJson,
  SERVER_SECRET,
  widgetRealtime,
  type ParticipantSpec,
  type TaskSpec,
} from '../backend-harness.js';
import { createParticipantToken } from '../../../../server/backend/participants/participant-token.js';

/** One backend instance of a push stack, with its log lines. */
export interface PushBackend {
  url: string;
  logs: string[];
  store: Store;
}

/**
 * The whole push path on loopback: a local HTTPS push service, ably-local trusting it (web-push's agent)
 * and set up by ably-setup (channel rules, signed `channel.message` and `channel.presence` webhook rules for the
 * task rooms; further backend instances get rules of their own), and the backend(s). A test controls the backends' clock.
 */
export interface PushStack {
  ably: LocalAbly;
  service: LocalPushService;
  backends: PushBackend[];
  /** The backends' clock (epoch ms); tests move it past throttle windows. */
  clock: { now: number };
  admin(
    method: string,
    path: string,
    body?: unknown,
    backend?: number,
  ): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  createTask(taskId: string, participants: ParticipantSpec[], task?: TaskSpec): Promise<void>;
  /**
   * Stops the first backend and starts a new instance over its Store (a deploy), which the integration
   * rules then reach; resolves with it (also `backends[0]` from then on, with a log of its own).
   */
  restartFirst(): Promise<PushBackend>;
  /**
   * A tab of a participant with the element open: its own connection (token from the first backend), in the
   * task's room, entered presence.
   */
  tab(
    taskId: string,
    userId: string,
    role: ParticipantSpec['role'],
  ): Promise<{ room: Room; realtime: Ably.Realtime }>;
  /** Sends a chat message and waits until every backend has handled the webhook it caused. */
  send(room: Room, text: string): Promise<void>;
  /**
   * Resolves once every backend's Store holds who is present in the task's room as `present` says (the
   * `channel.presence` webhook reached them all).
   */
  presenceSettled(taskId: string, present: Record<string, boolean>): Promise<void>;
  /** POST /api/token for a participant, as the element does. */
  token(taskId: string, userId: string, role: ParticipantSpec['role']): Promise<IssuedToken>;
  /** A browser of `userId` that turned "notify me" on: activated and subscribed to its notifications channel. */
  device(
    taskId: string,
    userId: string,
    role: ParticipantSpec['role'],
  ): Promise<{ subscription: TestSubscription; client: Ably.Rest }>;
}

export async function startPushStack(
  options: {
    backends?: number;
    stores?: Store[];
    push?: AppDeps['push'];
    /** ably-setup's inputs beyond the first backend's URL (e.g. `pushPresence: 'rest'`). */
    setup?: Partial<AblyAppInputs>;
  } = {},
): Promise<PushStack> {
  const service = await LocalPushService.start();
  closeAfter(() => service.close());
  const ably = await startLocalAbly({
    push: { agent: service.agent() },
    webhookTiming: { batchIntervalMs: 5 },
  });
  const clock = { now: Date.now() };
  const backends: PushBackend[] = [];
  const servers: Server[] = [];
  const startBackend = async (store: Store, logs: string[] = []) => {
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
      now: () => clock.now,
      rateLimits: { windowMs: 60_000, perIp: 10_000, perUser: 1_000, readStatePerUser: 1_000 },
      ...(options.push ? { push: options.push } : {}),
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    closeAfter(() => closeServer(server));
    servers.push(server);
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, logs, store };
  };
  for (let i = 0; i < (options.backends ?? 1); i++) {
    const store = options.stores?.[i] ?? new SqliteStore(':memory:');
    closeAfter(() => store.close());
    backends.push(await startBackend(store));
  }
  // The first backend is the app's public URL, as `npm run ably-setup` configures it; further instances get
  // the same events by a rule of their own, as if both received every webhook.
  await applyAblySetup(ably, { publicUrl: backends[0]!.url, pushAlerts: true, ...options.setup });
  ably.setWebhooks(
    backends.slice(1).flatMap((backend, i) =>
      (['channel.message', 'channel.presence'] as const).map((source) => ({
        id: `rooms-${i + 1}-${source}`,
        url: `${backend.url}/api/webhooks/ably`,
        channelFilter: '^task:.*::\\$chat$',
        sources: [source],
        requestMode: 'batch' as const,
        batchIntervalMs: 5,
        signWithKey: ably.keys[0]!.keyName,
      })),
    ),
  );
  const admin: PushStack['admin'] = (method, path, body, backend = 0) =>
    fetchJson(`${backends[backend]!.url}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${SERVER_SECRET}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const token: PushStack['token'] = async (taskId, userId, role) => {
    const participantToken = createParticipantToken({ secret: EMBED_SECRET, userId, task: taskId, role });
    const response = await fetchJson(`${backends[0]!.url}/api/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ participantToken }),
    });
    if (response.status !== 200) throw new Error(`unable to get a token: ${JSON.stringify(response.body)}`);
    return response.body as IssuedToken;
  };
  return {
    ably,
    service,
    backends,
    clock,
    admin,
    token,
    restartFirst: async () => {
      await closeServer(servers[0]!);
      backends[0] = await startBackend(backends[0]!.store);
      servers[0] = servers.pop()!;
      await applyAblySetup(ably, { publicUrl: backends[0].url, pushAlerts: true, ...options.setup });
      return backends[0];
    },
    tab: async (taskId, userId, role) => {
      const participantToken = createParticipantToken({ secret: EMBED_SECRET, userId, task: taskId, role });
      const { chat, realtime, first } = await widgetRealtime(
        `${backends[0]!.url}/api/token`,
        () => ({ participantToken }),
        false,
      );
      const room = await chat.rooms.get(first.room);
      await room.attach();
      await room.presence.enter();
      return { room, realtime };
    },
    send: async (room, text) => {
      const before = backends.map((b) => webhookTotal(b, 'messages'));
      await room.messages.send({ text });
      await vi.waitFor(() =>
        expect(backends.every((b, i) => webhookTotal(b, 'messages') > before[i]!)).toBe(true),
      );
    },
    presenceSettled: (taskId, present) =>
      vi.waitFor(
        async () => {
          for (const backend of backends) {
            const stored = await backend.store.presence(taskId, clock.now, 3_600_000);
            for (const [userId, here] of Object.entries(present))
              expect(stored.present.has(userId)).toBe(here);
          }
        },
        { timeout: 5000 },
      ),
    createTask: async (taskId, participants, task = { type: 'order', title: `Order ${taskId}` }) => {
      const created = await admin('PUT', `/tasks/${taskId}`, task);
      if (created.status >= 300) throw new Error(`unable to create task: ${JSON.stringify(created.body)}`);
      for (const p of participants) {
        const added = await admin('PUT', `/tasks/${taskId}/participants/${encodeURIComponent(p.userId)}`, {
          role: p.role,
          name: p.name ?? p.userId,
        });
        if (added.status >= 300) throw new Error(`unable to add participant: ${JSON.stringify(added.body)}`);
      }
    },
    device: async (taskId, userId, role) => {
      const issued = await token(taskId, userId, role);
      const subscription = service.subscribe();
      const client = pushDeviceClient(ably, false, {
        clientId: userId,
        token: issued.token,
        subscription: () => subscription,
      });
      await client.push.activate();
      await client.channels.get(issued.notificationsChannel!).push.subscribeDevice();
      return { subscription, client };
    },
  };
}

function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A total over the webhook requests a backend has answered 204 (their log fields: messages, presence, alerted). */
export function webhookTotal(backend: PushBackend, field: 'messages' | 'presence' | 'alerted'): number {
  return backend.logs
    .filter((l) => l.includes('/api/webhooks/ably') && l.includes('"status":204'))
    .map((l) => (JSON.parse(l) as Record<string, number>)[field] ?? 0)
    .reduce((a, b) => a + b, 0);
}
