import { fork, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import { Agent } from 'node:https';
import { loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ChatClient, LogLevel, type Room } from '@ably/chat';
import * as Ably from 'ably';
import { createLocalAbly, type LocalAbly } from '../../server/ably-local/create-server.js';
import { signature } from '../../server/ably-local/integrations/webhook-request.js';
import type { WebhookRuleInput } from '../../server/ably-local/integrations/webhook-rule.js';
import { createApp } from '../../server/backend/app.js';
import { createLogger } from '../../server/backend/logger.js';
import { createParticipantToken } from '../../server/backend/participants/participant-token.js';
import { SqliteStore } from '../../server/backend/store/sqlite-store.js';
import type { IssuedToken } from '../../server/backend/tokens/token-issuer.js';
import type { TestSubscription } from '../support/push-service.js';
import { processCpuMs } from './proc-stats.js';
import {
  codeRevision,
  machineInfo,
  mapLimit,
  progress,
  round,
  summarizeLatencies,
  writeResult,
} from './bench-support.js';

const EMBED = 'bench-embed-secret-0123456789abcdef0123';
const SERVER = 'bench-server-secret-0123456789abcdef012';
const SAMPLES = 300;
const WARMUP = 30;
const FAN_OUT = 1000;
const FAN_OUT_ROUNDS = 3;
const RECEIVER_SECONDS = 3;
const RECEIVER_BATCH = 100;
const RECEIVER_CONCURRENCY = 8;

/** The rule `npm start` configures (server/dev-main.ts), pointed at this run's backend. */
const npmStartRule = (backendUrl: string, keyName: string): WebhookRuleInput => ({
  id: 'embedded-chat-rooms',
  url: `${backendUrl}/api/webhooks/ably`,
  channelFilter: '^task:.*::\\$chat$',
  sources: ['channel.message'],
  requestMode: 'batch',
  batchIntervalMs: 20,
  signWithKey: keyName,
});

/** The push service in its child process, seen from here. */
interface RemotePushService {
  pid: number;
  subscribe(count: number): Promise<Pick<TestSubscription, 'id' | 'recipient'>[]>;
  /** Called with each decrypted push's subscription id, as the child reports it. */
  onReceive?: (id: string) => void;
  stop(): Promise<void>;
}

async function startPushService(): Promise<{ service: RemotePushService; cert: string }> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./push-service-child.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let pending: ((list: Pick<TestSubscription, 'id' | 'recipient'>[]) => void) | undefined;
  const service: RemotePushService = {
    pid: child.pid!,
    subscribe: (count) =>
      new Promise((resolve) => {
        pending = resolve;
        child.send({ type: 'subscribe', count });
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
      }),
  };
  const cert = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`push service exited with ${code}`)));
    child.on('message', (message: { type: string; id?: string; list?: never; cert?: string }) => {
      if (message.type === 'ready') resolve(message.cert!);
      else if (message.type === 'push') service.onReceive?.(message.id!);
      else if (message.type === 'subscriptions') pending?.(message.list!);
    });
  });
  return { service, cert };
}

interface Stack {
  ably: LocalAbly;
  service: RemotePushService;
  backendUrl: string;
  server: Server;
  store: SqliteStore;
}

/**
 * `npm run bench -- push`: the push path on loopback as `npm start` runs it — ably-local and the backend in
 * this process (with the SDK clients that send), the local HTTPS push service that decrypts every push in a
 * child process (it stands for the browser vendors' push services, which are elsewhere).
 * (1) a Chat message sent → its Web Push decrypted at the receiver's endpoint, p50/p99, with npm start's
 * batched rule and with single requests; (2) the time to alert 1,000 offline participants of one task;
 * (3) what the webhook receiver accepts per second when every offline participant is throttled already.
 */
export async function runPushBench(): Promise<void> {
  const started = new Date().toISOString();
  const stack = await startStack();
  try {
    const latency = {
      npmStartRule: await latencyPhase(stack, 'batch (npm start: 20 ms batching)'),
      singleRequests: await latencyPhase(stack, 'single', { requestMode: 'single' }),
    };
    const fanOut = await fanOutPhase(stack);
    const receiver = await receiverPhase(stack);
    await writeResult('push', {
      benchmark: 'push',
      started,
      machine: await machineInfo(),
      revision: codeRevision(['server', 'test/bench']),
      setup: {
        note: 'ably-local + backend (SQLite in memory) + SDK senders in one process, as npm start; the HTTPS push service (web-push → http_ece decrypt) in a child process; 2 shared cores',
        latencySamples: SAMPLES,
        warmup: WARMUP,
        alertWindowSeconds: 0,
      },
      messageToDecryptedPush: latency,
      alertOneThousandOffline: fanOut,
      webhookReceiver: receiver,
      targets: { p50Ms: 100, thousandAlertsMs: 1000 },
      loadAverageAfter: loadavg(),
    });
  } finally {
    await stopStack(stack);
  }
}

async function startStack(): Promise<Stack> {
  const { service, cert } = await startPushService();
  const ably = await createLocalAbly({
    push: { agent: new Agent({ ca: cert, keepAlive: true }) },
    restWriteRate: 100_000,
    realtime: { maxInboundRate: 100_000 },
  });
  const store = new SqliteStore(':memory:');
  const { endpoint, port, key } = ably.clientOptions;
  const app = createApp({
    store,
    ably: { apiKey: key, endpoint, port, tls: false },
    embedSecret: EMBED,
    serverSecret: SERVER,
    logger: createLogger({ level: 'silent' }),
    rateLimits: { windowMs: 60_000, perIp: 1e9, perUser: 1e9, readStatePerUser: 1e9 },
    // Every message alerts (no throttling), so each sample is one alert.
    push: { alertWindowSeconds: 0 },
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const backendUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { ably, service, backendUrl, server, store };
}

async function stopStack(stack: Stack): Promise<void> {
  stack.server.closeAllConnections();
  await new Promise<void>((resolve) => stack.server.close(() => resolve()));
  await stack.ably.close();
  await stack.service.stop();
  await stack.store.close();
}

async function admin(stack: Stack, method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${stack.backendUrl}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${SERVER}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`unable to ${method} ${path}: ${res.status} ${await res.text()}`);
}

/** A task with one sender (`ann`, connected) and `receivers` offline participants with a device each. */
async function taskWith(stack: Stack, task: string, receivers: number) {
  await admin(stack, 'PUT', `/tasks/${task}`, {
    type: 'order',
    title: `Bench ${task}`,
    url: 'https://shop.example/o',
  });
  // Ids unique to the task: a clientId's devices all get its alerts, whatever task they were registered in.
  const ids = Array.from({ length: receivers }, (_, i) => `${task.replace(/:/g, '-')}-user-${i}`);
  await mapLimit(['ann', ...ids], 16, (userId) =>
    admin(stack, 'PUT', `/tasks/${task}/participants/${userId}`, { role: 'buyer', name: userId }),
  );
  const rest = new Ably.Rest({ ...stack.ably.clientOptions, logLevel: 0 });
  const subscriptions = await stack.service.subscribe(ids.length);
  await mapLimit(ids, 32, async (userId) => {
    const subscription = subscriptions[ids.indexOf(userId)]!;
    await rest.push.admin.deviceRegistrations.save({
      id: `bench-${subscription.id}`,
      platform: 'browser',
      formFactor: 'desktop',
      clientId: userId,
      push: { recipient: subscription.recipient },
    });
  });
  const participantToken = createParticipantToken({ secret: EMBED, userId: 'ann', task, role: 'buyer' });
  const res = await fetch(`${stack.backendUrl}/api/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ participantToken }),
  });
  const issued = (await res.json()) as IssuedToken;
  const realtime = new Ably.Realtime({
    ...(issued.clientOptions as Ably.ClientOptions),
    token: issued.token,
    logLevel: 0,
  });
  const room: Room = await new ChatClient(realtime, { logLevel: LogLevel.Silent }).rooms.get(issued.room);
  await room.attach();
  return { room, realtime };
}

async function latencyPhase(stack: Stack, label: string, rule: Partial<WebhookRuleInput> = {}) {
  progress(`message → decrypted push, ${label}`);
  stack.ably.setWebhooks([{ ...npmStartRule(stack.backendUrl, stack.ably.keys[0]!.keyName), ...rule }]);
  const { room, realtime } = await taskWith(stack, `latency:${rule.requestMode ?? 'batch'}`, 1);
  let arrived: (() => void) | undefined;
  stack.service.onReceive = () => arrived?.();
  const samples = new Float64Array(SAMPLES);
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    const pushed = new Promise<void>((resolve) => (arrived = resolve));
    const t0 = performance.now();
    await Promise.all([room.messages.send({ text: `message ${i}` }), pushed]);
    if (i >= WARMUP) samples[i - WARMUP] = performance.now() - t0;
  }
  stack.service.onReceive = undefined;
  realtime.close();
  return summarizeLatencies(samples, SAMPLES);
}

async function fanOutPhase(stack: Stack) {
  progress(`alerting ${FAN_OUT} offline participants of one task, ${FAN_OUT_ROUNDS} rounds`);
  stack.ably.setWebhooks([npmStartRule(stack.backendUrl, stack.ably.keys[0]!.keyName)]);
  const { room, realtime } = await taskWith(stack, 'fan-out:1', FAN_OUT);
  const rounds: { allDecryptedMs: number; firstMs: number; serverCpuMs: number; pushServiceCpuMs: number }[] =
    [];
  for (let r = 0; r < FAN_OUT_ROUNDS; r++) {
    let count = 0;
    let first = 0;
    let done: (() => void) | undefined;
    const all = new Promise<void>((resolve) => (done = resolve));
    const cpu0 = process.cpuUsage();
    const childCpu0 = processCpuMs(stack.service.pid);
    const t0 = performance.now();
    stack.service.onReceive = () => {
      if (count === 0) first = performance.now() - t0;
      if (++count === FAN_OUT) done?.();
    };
    await room.messages.send({ text: `round ${r}` });
    await all;
    const cpu = process.cpuUsage(cpu0);
    rounds.push({
      allDecryptedMs: round(performance.now() - t0, 1),
      firstMs: round(first, 1),
      serverCpuMs: round((cpu.user + cpu.system) / 1000, 1),
      pushServiceCpuMs: round(processCpuMs(stack.service.pid) - childCpu0, 1),
    });
  }
  stack.service.onReceive = undefined;
  realtime.close();
  return { participants: FAN_OUT, rounds };
}

/** Signed webhook batches straight at the receiver; every offline participant is throttled already. */
async function receiverPhase(stack: Stack) {
  progress(
    `webhook receiver for ${RECEIVER_SECONDS} s, batches of ${RECEIVER_BATCH}, ${RECEIVER_CONCURRENCY} in flight`,
  );
  stack.ably.setWebhooks([]);
  const task = 'receiver:1';
  await admin(stack, 'PUT', `/tasks/${task}`, { type: 'order', title: 'Receiver' });
  for (const userId of ['ann', 'bob', 'cy']) {
    await admin(stack, 'PUT', `/tasks/${task}/participants/${userId}`, { role: 'buyer', name: userId });
  }
  // A backend with a one-hour window over the same store, and a claim already made for both offline
  // participants: the receiver does everything (signature, decode, task, participants, REST presence,
  // throttle claim) but publish.
  await stack.store.claimPushAlerts(task, ['bob', 'cy'], Date.now(), 0);
  const { endpoint, port, key: apiKey } = stack.ably.clientOptions;
  const throttled = createApp({
    store: stack.store,
    ably: { apiKey, endpoint, port, tls: false },
    embedSecret: EMBED,
    logger: createLogger({ level: 'silent' }),
    push: { alertWindowSeconds: 3600 },
  }).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => throttled.once('listening', resolve));
  const key = stack.ably.keys[0]!;
  const messages = Array.from({ length: RECEIVER_BATCH }, (_, i) => ({
    id: `m${i}:0`,
    clientId: 'ann',
    connectionId: 'c',
    timestamp: Date.now(),
    name: 'chat.message',
    action: 0,
    serial: `0${i}`,
    data: JSON.stringify({ text: `hello ${i}`, metadata: {} }),
    encoding: 'json',
    extras: { headers: {} },
  }));
  const body = Buffer.from(
    JSON.stringify({
      items: [
        {
          webhookId: 'bench',
          source: 'channel.message',
          serial: 's',
          timestamp: Date.now(),
          name: 'channel.message',
          data: { channelId: `task:${task}::$chat`, site: 'local', messages },
        },
      ],
    }),
  );
  const headers = {
    'content-type': 'application/json',
    'x-ably-key': key.keyName,
    'x-ably-signature': signature(key.secret, body),
  };
  const url = `http://127.0.0.1:${(throttled.address() as AddressInfo).port}/api/webhooks/ably`;
  let requests = 0;
  let failures = 0;
  const deadline = performance.now() + RECEIVER_SECONDS * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: RECEIVER_CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const res = await fetch(url, { method: 'POST', headers, body: new Uint8Array(body) });
        await res.arrayBuffer();
        if (res.status === 204) requests++;
        else failures++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  throttled.closeAllConnections();
  await new Promise<void>((resolve) => throttled.close(() => resolve()));
  return {
    messagesPerRequest: RECEIVER_BATCH,
    concurrency: RECEIVER_CONCURRENCY,
    requestsPerSecond: round(requests / seconds, 1),
    messagesPerSecond: round((requests * RECEIVER_BATCH) / seconds, 1),
    failures,
  };
}
