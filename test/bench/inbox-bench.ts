import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { ChatClient, LogLevel } from '@ably/chat';
import * as Ably from 'ably';
import { createLocalAbly, type LocalAbly } from '../../server/ably-local/create-server.js';
import { signature } from '../../server/ably-local/integrations/webhook-request.js';
import { createApp } from '../../server/backend/app.js';
import { createLogger } from '../../server/backend/logger.js';
import { createParticipantToken } from '../../server/backend/participants/participant-token.js';
import { createUserToken } from '../../server/backend/participants/user-token.js';
import { PostgresStore } from '../../server/backend/store/postgres-store.js';
import { SqliteStore } from '../../server/backend/store/sqlite-store.js';
import type { InboxMessage, Store } from '../../server/backend/store/store.js';
import type { InboxUpdate, UserTokenAnswer } from '../../server/contract/api-contract.js';
import { applyAblySetup } from '../support/ably-setup.js';
import pg from 'pg';
import { startPostgres } from '../support/postgres.js';
import {
  codeRevision,
  machineInfo,
  progress,
  round,
  summarizeLatencies,
  writeResult,
} from './bench-support.js';
import { startChildServer, type ChildServer } from './child-server.js';

const EMBED = 'bench-embed-secret-0123456789abcdef0123';
const CHILD_KEY = 'bench.inbox:bench-inbox-secret-0123456789';
const SERVER = 'bench-server-secret-0123456789abcdef012';
const TASKS = 1000;
const MESSAGES_PER_TASK = 100;
const PAGE_SAMPLES = 200;
const LATENCY_SAMPLES = 200;
const WEBHOOK_SAMPLES = 300;
const WARMUP = 20;
const CPU_BLOCK = 200;

/**
 * `npm run bench -- inbox`: (1) a user in 1,000 tasks with 100,000 messages — `POST /api/inbox` first page p50/p95
 * over HTTP, on SQLite and on PostgreSQL (goal p95 ≤ 50 ms); (2) a chat message sent through `@ably/chat` → the
 * other participant's inbox update arrives on their inbox channel (a Node `ably` client standing for the other
 * browser), through ably-local's webhook batched every 20 ms as `npm start` does (goal p50 ≤ 250 ms); (3) the
 * webhook receiver's time per message with 5 and 50 participants on SQLite and PostgreSQL, inbox on against the push-only path (`INBOX=false`)
 * in interleaved rounds, same store and Ably (goal ≤ 2×).
 */
export async function runInboxBench(): Promise<void> {
  // `npm run bench -- inbox webhook` runs only the webhook figures.
  const only = process.argv[3];
  const started = new Date().toISOString();
  const ably = await createLocalAbly({
    restWriteRate: 100_000,
    realtime: { maxInboundRate: 100_000 },
    webhookTiming: { batchIntervalMs: 20 },
  });
  const postgres = await startPostgres();
  try {
    const firstPage: Record<string, unknown> = {};
    let latency: unknown;
    if (only !== 'webhook') {
      const sqlite = new SqliteStore(':memory:');
      firstPage.sqlite = await firstPagePhase(ably, sqlite, 'sqlite');
      await sqlite.close();
      const postgresStore = await PostgresStore.connect(postgres.databaseUrl);
      firstPage.postgresql = await firstPagePhase(ably, postgresStore, 'postgresql', async () => {
        // What autovacuum does after a bulk load, at once: the planner's statistics of the new rows.
        const client = new pg.Client({ connectionString: postgres.databaseUrl });
        await client.connect();
        await client.query('VACUUM ANALYZE');
        await client.end();
      });
      await postgresStore.close();
      latency = await latencyPhase(ably);
    }
    const webhook: Record<string, unknown> = {};
    // ably-local in a child process here, so this process's CPU is the backend's (and the load generator's).
    const child = await startChildServer(fileURLToPath(new URL('./bench-server-main.ts', import.meta.url)), [
      '--kind',
      'ably-local',
      '--key',
      CHILD_KEY,
      '--max-inbound-rate',
      '100000',
      '--rest-write-rate',
      '100000',
    ]);
    try {
      const stores: Record<string, () => Promise<Store>> = {
        sqlite: () => Promise.resolve(new SqliteStore(':memory:')),
        postgresql: () => PostgresStore.connect(postgres.databaseUrl),
      };
      for (const [name, open] of Object.entries(stores)) {
        const figures: Record<string, unknown> = {};
        for (const participants of [5, 50]) {
          figures[`participants${participants}`] = await webhookPhase(
            child,
            participants,
            name,
            await open(),
          );
        }
        webhook[name] = figures;
      }
    } finally {
      await child.stop();
    }
    await writeResult(only === 'webhook' ? 'inbox-webhook' : 'inbox', {
      benchmark: 'inbox',
      started,
      machine: await machineInfo(),
      revision: codeRevision(['server', 'test/bench']),
      setup: {
        note: 'ably-local (webhooks batched every 20 ms, as npm start) + backend + SDK clients in one process; PostgreSQL 15 on loopback; 2 shared cores',
        tasks: TASKS,
        messages: TASKS * MESSAGES_PER_TASK,
        pageSamples: PAGE_SAMPLES,
        latencySamples: LATENCY_SAMPLES,
        webhookSamples: WEBHOOK_SAMPLES,
      },
      firstPage,
      messageToInboxUpdate: latency,
      webhookPerMessage: webhook,
      goals: { firstPageP95Ms: 50, updateP50Ms: 250, webhookRatio: 2 },
      loadAverageAfter: loadavg(),
    });
  } finally {
    await ably.close();
    await postgres.stop();
  }
}

async function listen(app: ReturnType<typeof createApp>): Promise<{ url: string; server: Server }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Where a backend reaches Ably: an ably-local in this process, or one in a child process. */
type AblyTarget = { port: number; key: string };

const targetOf = (ably: LocalAbly): AblyTarget => ({ port: ably.port, key: ably.clientOptions.key });

function backend(ably: AblyTarget, store: Store, inbox = true) {
  const { port, key } = ably;
  const endpoint = '127.0.0.1';
  return listen(
    createApp({
      store,
      ably: { apiKey: key, endpoint, port, tls: false },
      embedSecret: EMBED,
      serverSecret: SERVER,
      inbox,
      push: { alertWindowSeconds: 3600 },
      rateLimits: { perIp: 1e9, perUser: 1e9, readStatePerUser: 1e9, inboxPerUser: 1e9 },
      logger: createLogger({ level: 'silent' }),
    }),
  );
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** Ably-like serials that order as strings. */
const serialOf = (n: number) => `${String(1_700_000_000_000 + n).padStart(14, '0')}-000@bench:${n}`;

function inboxMessage(n: number, author: string): InboxMessage {
  return {
    kind: 'create',
    serial: serialOf(n),
    versionSerial: serialOf(n),
    authorId: author,
    authorName: author,
    authorRole: 'buyer',
    preview: `message ${n} of a long enough conversation to be a realistic preview`,
    attachments: 0,
    at: 1_700_000_000_000 + n,
  };
}

/** Seeds 1,000 tasks × 100 messages for `sam` through the Store, then times first pages over HTTP. */
async function firstPagePhase(ably: LocalAbly, store: Store, name: string, afterSeed?: () => Promise<void>) {
  progress(`${name}: seeding ${TASKS} tasks × ${MESSAGES_PER_TASK} messages`);
  const t0 = performance.now();
  let n = 0;
  for (let t = 0; t < TASKS; t++) {
    const task = `order:${t}`;
    await store.upsertTask(
      { id: task, type: 'order', title: `Order ${t} · item ${t % 37}`, url: null },
      1000 + t,
    );
    for (const userId of ['sam', 'ann', `buyer-${t}`]) {
      await store.upsertParticipant(
        { taskId: task, userId, role: userId === 'sam' ? 'seller' : 'buyer', name: userId },
        1000 + t,
      );
    }
    const messages = Array.from({ length: MESSAGES_PER_TASK }, () =>
      inboxMessage(n++, n % 2 ? 'ann' : `buyer-${t}`),
    );
    await store.indexMessages(task, messages, 2000 + t);
    // Half the tasks read up to their 90th message.
    if (t % 2 === 0) {
      await store.setReadMarker(task, 'sam', messages[89]!.serial, 3000);
      await store.recountUnread(task, 'sam');
    }
  }
  const seedSeconds = (performance.now() - t0) / 1000;
  await afterSeed?.();
  const { url, server } = await backend(targetOf(ably), store);
  const userToken = createUserToken({ secret: EMBED, userId: 'sam', ttlSeconds: 3600 });
  const page = async (body: object) => {
    const s = performance.now();
    const res = await fetch(`${url}/api/inbox`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userToken, ...body }),
    });
    const answer = (await res.json()) as { tasks: unknown[]; cursor: string | null; totalUnread: number };
    if (res.status !== 200 || answer.tasks.length !== 30) throw new Error(`unexpected page ${res.status}`);
    return { ms: performance.now() - s, answer };
  };
  const measure = async (body: object) => {
    for (let i = 0; i < WARMUP; i++) await page(body);
    const samples = new Float64Array(PAGE_SAMPLES);
    for (let i = 0; i < PAGE_SAMPLES; i++) samples[i] = (await page(body)).ms;
    const summary = summarizeLatencies(samples, PAGE_SAMPLES);
    // The goal is on p95: nearest rank over the samples (sorted in place by the summary).
    return { ...summary, p95Ms: round(samples[Math.ceil(0.95 * PAGE_SAMPLES) - 1]!) };
  };
  progress(`${name}: ${PAGE_SAMPLES} first pages`);
  const first = await measure({});
  const unreadOnly = await measure({ unread: true });
  const { answer } = await page({});
  const second = await measure({ cursor: answer.cursor });
  await close(server);
  return {
    seedSeconds: round(seedSeconds, 1),
    totalUnread: answer.totalUnread,
    firstPage: first,
    unreadFilter: unreadOnly,
    secondPage: second,
  };
}

/** A participant's Chat room, with its token from the backend. */
async function roomOf(url: string, task: string, userId: string) {
  const participantToken = createParticipantToken({ secret: EMBED, userId, task, role: 'buyer' });
  const fetchToken = async () => {
    const res = await fetch(`${url}/api/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ participantToken }),
    });
    return (await res.json()) as { token: string; room: string; clientOptions: Ably.ClientOptions };
  };
  const first = await fetchToken();
  const realtime = new Ably.Realtime({
    ...first.clientOptions,
    token: first.token,
    authCallback: (_p, cb) =>
      void fetchToken().then(
        (a) => cb(null, a.token),
        (e: Error) => cb(e.message, null),
      ),
    logLevel: 0,
  });
  const chat = new ChatClient(realtime, { logLevel: LogLevel.Silent });
  const room = await chat.rooms.get(first.room);
  await room.attach();
  return { room, realtime };
}

/** A chat message → the other participant's inbox update on their channel, p50/p99. */
async function latencyPhase(ably: LocalAbly) {
  progress(`message → inbox update, ${LATENCY_SAMPLES} samples`);
  const store = new SqliteStore(':memory:');
  const { url, server } = await backend(targetOf(ably), store);
  await applyAblySetup(ably, { publicUrl: url, pushAlerts: false, inbox: true });
  const task = 'order:latency';
  await store.upsertTask({ id: task, type: 'order', title: 'Latency', url: null }, Date.now());
  for (const userId of ['ann', 'sam']) {
    await store.upsertParticipant({ taskId: task, userId, role: 'buyer', name: userId }, Date.now());
  }
  const answer = (await (
    await fetch(`${url}/api/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userToken: createUserToken({ secret: EMBED, userId: 'sam' }) }),
    })
  ).json()) as UserTokenAnswer;
  const listener = new Ably.Realtime({
    ...(answer.clientOptions as Ably.ClientOptions),
    token: answer.token,
    logLevel: 0,
  });
  let waiting: { serialText: string; resolve: () => void } | undefined;
  await listener.channels.get(answer.channel).subscribe('inbox', (m) => {
    const update = m.data as InboxUpdate;
    if (update.type === 'task' && waiting && update.task.lastMessage?.preview === waiting.serialText)
      waiting.resolve();
  });
  const { room, realtime } = await roomOf(url, task, 'ann');
  const samples = new Float64Array(LATENCY_SAMPLES);
  for (let i = -WARMUP; i < LATENCY_SAMPLES; i++) {
    const text = `ping ${i}`;
    const arrived = new Promise<void>((resolve) => (waiting = { serialText: text, resolve }));
    const s = performance.now();
    await room.messages.send({ text });
    await arrived;
    if (i >= 0) samples[i] = performance.now() - s;
  }
  realtime.close();
  listener.close();
  ably.setWebhooks([]);
  await close(server);
  await store.close();
  return summarizeLatencies(samples, LATENCY_SAMPLES);
}

/**
 * The webhook receiver's time for one message with `participants` in the task: signed single-message requests
 * (each a new serial) to a backend with the inbox and to one without (the push-only path: presence read and the
 * alert throttle, everyone throttled), alternating in rounds so both see the same machine.
 */
async function webhookPhase(ably: ChildServer, participants: number, name: string, store: Store) {
  progress(`${name}: webhook per message, ${participants} participants`);
  const target = { port: ably.port, key: CHILD_KEY };
  const withInbox = await backend(target, store, true);
  const pushOnly = await backend(target, store, false);
  // A task of its own per run: PostgreSQL keeps the tasks of earlier runs.
  const task = `order:webhook-${participants}-${Date.now()}`;
  await store.upsertTask({ id: task, type: 'order', title: 'Webhook', url: null }, Date.now());
  const users = Array.from({ length: participants }, (_, i) => `user-${i}`);
  for (const userId of users) {
    await store.upsertParticipant({ taskId: task, userId, role: 'buyer', name: userId }, Date.now());
  }
  // Steady state of the push path: everyone alerted within the window already.
  await store.claimPushAlerts(task, users, Date.now(), 3_600_000);
  const key = { keyName: CHILD_KEY.split(':')[0]!, secret: CHILD_KEY.split(':')[1]! };
  let n = 0;
  const post = async (url: string) => {
    const i = n++;
    const body = Buffer.from(
      JSON.stringify({
        items: [
          {
            webhookId: 'bench',
            source: 'channel.message',
            serial: `w${i}`,
            timestamp: Date.now(),
            name: 'channel.message',
            data: {
              channelId: `task:${task}::$chat`,
              site: 'local',
              messages: [
                {
                  id: `m${i}:0`,
                  clientId: 'user-0',
                  connectionId: 'c',
                  timestamp: Date.now(),
                  name: 'chat.message',
                  action: 0,
                  serial: serialOf(i),
                  data: JSON.stringify({ text: `hello ${i}`, metadata: {} }),
                  encoding: 'json',
                  extras: { headers: {} },
                },
              ],
            },
          },
        ],
      }),
    );
    const s = performance.now();
    const res = await fetch(`${url}/api/webhooks/ably`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-ably-key': key.keyName,
        'x-ably-signature': signature(key.secret, body),
      },
      body: new Uint8Array(body),
    });
    await res.arrayBuffer();
    if (res.status !== 204) throw new Error(`webhook answered ${res.status}`);
    return performance.now() - s;
  };
  const inbox = new Float64Array(WEBHOOK_SAMPLES);
  const push = new Float64Array(WEBHOOK_SAMPLES);
  for (let i = 0; i < WARMUP; i++) {
    await post(withInbox.url);
    await post(pushOnly.url);
  }
  for (let i = 0; i < WEBHOOK_SAMPLES; i++) {
    inbox[i] = await post(withInbox.url);
    push[i] = await post(pushOnly.url);
  }
  // CPU of this process (load generator, backend and ably-local alike) per message, in blocks: for the inbox
  // until the last update reached a participant's inbox channel.
  const listener = await inboxListener(withInbox.url, 'user-1');
  const cpu = { inbox: 0, pushOnly: 0, ablyInbox: 0, ablyPushOnly: 0 };
  const cpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  for (let round = 0; round < 3; round++) {
    let start = cpuMs();
    let ablyStart = ably.cpuMs();
    for (let i = 0; i < CPU_BLOCK; i++) await post(pushOnly.url);
    cpu.pushOnly += cpuMs() - start;
    cpu.ablyPushOnly += ably.cpuMs() - ablyStart;
    start = cpuMs();
    ablyStart = ably.cpuMs();
    const last = n + CPU_BLOCK - 1;
    const delivered = listener.until(`hello ${last}`);
    for (let i = 0; i < CPU_BLOCK; i++) await post(withInbox.url);
    await delivered;
    cpu.inbox += cpuMs() - start;
    cpu.ablyInbox += ably.cpuMs() - ablyStart;
  }
  listener.close();
  await close(withInbox.server);
  await close(pushOnly.server);
  await store.close();
  const withInboxSummary = summarizeLatencies(inbox, WEBHOOK_SAMPLES);
  const pushOnlySummary = summarizeLatencies(push, WEBHOOK_SAMPLES);
  return {
    inbox: withInboxSummary,
    pushOnly: pushOnlySummary,
    ratioP50: round(withInboxSummary.p50Ms / pushOnlySummary.p50Ms, 2),
    ratioMean: round(withInboxSummary.meanMs / pushOnlySummary.meanMs, 2),
    cpuMsPerMessage: {
      inbox: round(cpu.inbox / (3 * CPU_BLOCK)),
      pushOnly: round(cpu.pushOnly / (3 * CPU_BLOCK)),
      ratio: round(cpu.inbox / cpu.pushOnly, 2),
      ablyLocalInbox: round(cpu.ablyInbox / (3 * CPU_BLOCK)),
      ablyLocalPushOnly: round(cpu.ablyPushOnly / (3 * CPU_BLOCK)),
      note: 'this process (the backend, the load generator posting the webhooks, one inbox listener); ably-local, which takes the batch publish Ably would, in its own process',
    },
  };
}

/** A participant's inbox channel, as the inbox element attaches it. */
async function inboxListener(url: string, userId: string) {
  const answer = (await (
    await fetch(`${url}/api/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userToken: createUserToken({ secret: EMBED, userId }) }),
    })
  ).json()) as UserTokenAnswer;
  const realtime = new Ably.Realtime({
    ...(answer.clientOptions as Ably.ClientOptions),
    token: answer.token,
    logLevel: 0,
  });
  const seen = new Set<string>();
  const waiting = new Map<string, () => void>();
  await realtime.channels.get(answer.channel).subscribe('inbox', (m) => {
    const update = m.data as InboxUpdate;
    const preview = update.type === 'task' ? update.task.lastMessage?.preview : undefined;
    if (preview === undefined) return;
    seen.add(preview);
    waiting.get(preview)?.();
  });
  return {
    /** Resolves once an update shows `preview` as the last message. */
    until: (preview: string) =>
      seen.has(preview)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`unable to measure; no inbox update showed ${preview} within 30 s`)),
              30_000,
            );
            waiting.set(preview, () => {
              clearTimeout(timer);
              resolve();
            });
          }),
    close: () => realtime.close(),
  };
}
