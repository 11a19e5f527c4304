import { fork, type ChildProcess } from 'node:child_process';
import { createServer, request, Agent as HttpAgent, type Server } from 'node:http';
import { Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { ChatClient, LogLevel, type Room } from '@ably/chat';
import * as Ably from 'ably';
import { createLocalAbly, type LocalAbly } from '../../server/ably-local/create-server.js';
import { signature } from '../../server/ably-local/integrations/webhook-request.js';
import type { WebhookRuleInput } from '../../server/ably-local/integrations/webhook-rule.js';
import { createApp } from '../../server/backend/app.js';
import { createLogger } from '../../server/backend/logger.js';
import { createParticipantToken } from '../../server/backend/participants/participant-token.js';
import type { PushPresenceMode } from '../../server/backend/presence/task-presence.js';
import { SqliteStore } from '../../server/backend/store/sqlite-store.js';
import type { IssuedToken } from '../../server/backend/tokens/token-issuer.js';
import { applyAblySetup } from '../support/ably-setup.js';
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
  type LatencySummary,
} from './bench-support.js';

const EMBED = 'bench-embed-secret-0123456789abcdef0123';
const SERVER = 'bench-server-secret-0123456789abcdef012';
const SAMPLES = 300;
const WARMUP = 30;
const FAN_OUT = 1000;
const FAN_OUT_ROUNDS = 3;
/** REST calls per 1,000 messages: tasks in parallel, each with one sender and three others. */
const COUNT_TASKS = 10;
const COUNT_MESSAGES = 1000;
const RECEIVER_SECONDS = 3;
const RECEIVER_BATCH = 100;
const RECEIVER_CONCURRENCY = 8;

/**
 * Where "who is in the room" comes from: `rest` is the path before presence was stored (a REST presence call
 * per webhook request), the baseline each figure is measured against in the same run; `webhook` the default.
 */
const MODES: readonly PushPresenceMode[] = ['rest', 'webhook'];

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

/**
 * A loopback proxy between the backends and ably-local that counts the backends' REST requests to Ably by kind
 * (keep-alive on both sides, so it adds a hop but no connection set-up). The SDK clients that send and receive
 * talk to ably-local directly.
 */
class CountingProxy {
  counts = { presence: 0, push: 0, other: 0 };
  port = 0;
  private readonly _agent = new HttpAgent({ keepAlive: true });
  private readonly _server: Server;

  constructor(private readonly _target: number) {
    this._server = createServer((req, res) => {
      const path = req.url ?? '';
      if (req.method === 'GET' && /^\/channels\/[^/]+\/presence(\?|$)/.test(path)) this.counts.presence++;
      else if (path.startsWith('/push/publish') || path.startsWith('/push/batch/publish')) this.counts.push++;
      else this.counts.other++;
      const upstream = request(
        {
          host: '127.0.0.1',
          port: this._target,
          method: req.method,
          path,
          headers: req.headers,
          agent: this._agent,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    this._server.keepAliveTimeout = 60_000;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this._server.listen(0, '127.0.0.1', resolve));
    this.port = (this._server.address() as AddressInfo).port;
  }

  /** The counts since the last call. */
  take(): { presence: number; push: number; other: number; total: number } {
    const { presence, push, other } = this.counts;
    this.counts = { presence: 0, push: 0, other: 0 };
    return { presence, push, other, total: presence + push + other };
  }

  async close(): Promise<void> {
    this._server.closeAllConnections();
    await new Promise<void>((resolve) => this._server.close(() => resolve()));
    this._agent.destroy();
  }
}

interface Stack {
  ably: LocalAbly;
  service: RemotePushService;
  proxy: CountingProxy;
  store: SqliteStore;
}

/** A backend instance over the shared store, reaching Ably through the counting proxy. */
interface Backend {
  url: string;
  mode: PushPresenceMode;
  /** Chat messages and presence messages it has taken from webhooks (when started with `count`). */
  handled: { messages: number; presence: number };
  close(): Promise<void>;
}

/**
 * `npm run bench -- push`: the push path on loopback as `npm start` runs it — ably-local set up by ably-setup
 * (webhooks batched every 20 ms), the backend(s) and the SDK clients in this process, the local HTTPS push service
 * that decrypts every push in a child process (it stands for the browser vendors' push services, which are
 * elsewhere). Each figure is measured with presence from the Store (`webhook`) and, in the same run, with REST
 * presence at every decision (`rest`, the path before it): (1) a Chat message → its Web Push decrypted,
 * p50/p99, batched and single webhook requests; (2) Ably REST calls per 1,000 messages with everyone present and
 * with half away; (3) the webhook receiver's messages per second. Then (4) the time to alert 1,000 offline
 * participants of one task.
 */
export async function runPushBench(): Promise<void> {
  const started = new Date().toISOString();
  const stack = await startStack();
  try {
    const latency: Record<string, Record<string, LatencySummary>> = { batch: {}, single: {} };
    const restCalls: Record<string, Record<string, unknown>> = { everyonePresent: {}, halfAway: {} };
    const intake: Record<string, Record<string, unknown>> = { oneMessageEveryonePresent: {}, throttled: {} };
    latency.batch = await latencyPhase(stack, 'batch');
    latency.single = await latencyPhase(stack, 'single');
    for (const away of [0, 2]) {
      for (const mode of MODES) {
        restCalls[away === 0 ? 'everyonePresent' : 'halfAway']![mode] = await restCallsPhase(
          stack,
          mode,
          away,
        );
      }
    }
    for (const mode of MODES)
      intake.oneMessageEveryonePresent![mode] = await intakePhase(stack, mode, 'present');
    for (const mode of MODES) intake.throttled![mode] = await intakePhase(stack, mode, 'throttled');
    const fanOut = await fanOutPhase(stack);
    await writeResult('push', {
      benchmark: 'push',
      started,
      machine: await machineInfo(),
      revision: codeRevision(['server', 'test/bench']),
      setup: {
        note: 'ably-local (set up by ably-setup, webhooks batched every 20 ms as npm start) + backend (SQLite in memory) + SDK clients in one process, the backends reaching Ably through a counting keep-alive proxy; the HTTPS push service (web-push → http_ece decrypt) in a child process; 2 shared cores',
        modes: {
          rest: 'REST presence at every decision: the path before stored presence (PUSH_PRESENCE=rest), the baseline',
          webhook:
            'presence kept in the Store from the channel.presence webhook (PUSH_PRESENCE=webhook, default)',
        },
        latencySamples: SAMPLES,
        warmup: WARMUP,
        latencyAlertWindowSeconds: 0,
        restCallTasks: COUNT_TASKS,
      },
      messageToDecryptedPush: latency,
      restCallsPer1000Messages: restCalls,
      webhookIntake: intake,
      alertOneThousandOffline: fanOut,
      goals: {
        restCallsSteadyState: 0,
        intake: '≥ rest',
        p50p99: '≤ rest',
        p50Ms: 100,
        thousandAlertsMs: 1000,
      },
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
    webhookTiming: { batchIntervalMs: 20 },
  });
  const proxy = new CountingProxy(ably.port);
  await proxy.start();
  return { ably, service, proxy, store: new SqliteStore(':memory:') };
}

async function stopStack(stack: Stack): Promise<void> {
  await stack.proxy.close();
  await stack.ably.close();
  await stack.service.stop();
  await stack.store.close();
}

/**
 * A backend instance over the stack's store; with `count` it logs its requests to count what the webhooks
 * brought (that costs a little, so latency and intake phases run without it).
 */
async function startBackend(
  stack: Stack,
  mode: PushPresenceMode,
  options: { alertWindowSeconds: number; count?: boolean },
): Promise<Backend> {
  const handled = { messages: 0, presence: 0 };
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n')) {
        if (!line.includes('/api/webhooks/ably')) continue;
        const fields = JSON.parse(line) as { messages?: number; presence?: number };
        handled.messages += fields.messages ?? 0;
        handled.presence += fields.presence ?? 0;
      }
      callback();
    },
  });
  const { key } = stack.ably.clientOptions;
  const app = createApp({
    store: stack.store,
    ably: {
      apiKey: key,
      endpoint: '127.0.0.1',
      port: stack.proxy.port,
      tls: false,
      // The element's clients connect to ably-local itself.
      publicEndpoint: '127.0.0.1',
      publicPort: stack.ably.port,
    },
    embedSecret: EMBED,
    serverSecret: SERVER,
    logger: options.count ? createLogger({ level: 'info', destination }) : createLogger({ level: 'silent' }),
    rateLimits: { windowMs: 60_000, perIp: 1e9, perUser: 1e9, readStatePerUser: 1e9 },
    push: { alertWindowSeconds: options.alertWindowSeconds, presence: mode },
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    mode,
    handled,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Points ably-local's rules at `backend`, as `npm run ably-setup` with its PUBLIC_URL and PUSH_PRESENCE would. */
async function routeTo(stack: Stack, backend: Backend): Promise<void> {
  stack.ably.setWebhooks([]);
  await applyAblySetup(stack.ably, { publicUrl: backend.url, pushAlerts: true, pushPresence: backend.mode });
}

/** Takes every webhook rule away, so the clients a phase closes send no leaves to a backend about to stop. */
async function unroute(stack: Stack): Promise<void> {
  stack.ably.setWebhooks([]);
  await applyAblySetup(stack.ably, { publicUrl: 'http://127.0.0.1:9', pushAlerts: false });
}

/** Rules like ably-setup's, but one request per event (`npm run ably-setup` batches). */
function singleRules(stack: Stack, backend: Backend): WebhookRuleInput[] {
  const sources =
    backend.mode === 'webhook'
      ? (['channel.message', 'channel.presence'] as const)
      : (['channel.message'] as const);
  return sources.map((source) => ({
    id: `single-${source}`,
    url: `${backend.url}/api/webhooks/ably`,
    channelFilter: '^task:',
    sources: [source],
    requestMode: 'single' as const,
    signWithKey: stack.ably.keys[0]!.keyName,
  }));
}

async function admin(backend: Backend, method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${backend.url}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${SERVER}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`unable to ${method} ${path}: ${res.status} ${await res.text()}`);
}

/** A task and its participants; ids unique to the task, as a clientId's devices all get its alerts. */
async function createTask(backend: Backend, task: string, others: number): Promise<string[]> {
  await admin(backend, 'PUT', `/tasks/${task}`, {
    type: 'order',
    title: `Bench ${task}`,
    url: 'https://shop.example/o',
  });
  const ids = Array.from({ length: others }, (_, i) => `${task.replace(/:/g, '-')}-user-${i}`);
  await mapLimit(['ann', ...ids], 16, (userId) =>
    admin(backend, 'PUT', `/tasks/${task}/participants/${userId}`, { role: 'buyer', name: userId }),
  );
  return ids;
}

/** Registers a push device for each user at the push service. */
async function registerDevices(stack: Stack, userIds: string[]): Promise<void> {
  const rest = new Ably.Rest({ ...stack.ably.clientOptions, logLevel: 0 });
  const subscriptions = await stack.service.subscribe(userIds.length);
  await mapLimit(
    userIds.map((userId, i) => ({ userId, i })),
    32,
    async ({ userId, i }) => {
      await rest.push.admin.deviceRegistrations.save({
        id: `bench-${subscriptions[i]!.id}`,
        platform: 'browser',
        formFactor: 'desktop',
        clientId: userId,
        push: { recipient: subscriptions[i]!.recipient },
      });
    },
  );
}

/** A participant's element: token from the backend, connected, attached, present when `enter`. */
async function join(backend: Backend, task: string, userId: string, enter: boolean) {
  const participantToken = createParticipantToken({ secret: EMBED, userId, task, role: 'buyer' });
  const res = await fetch(`${backend.url}/api/token`, {
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
  if (enter) await room.presence.enter();
  return { room, realtime };
}

async function until(what: string, done: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Rounds per mode of the latency phase, interleaved (and each mode first in every other round) so both modes see
 * the same moments of a shared machine.
 */
const LATENCY_ROUNDS = 6;

/**
 * Message → decrypted push for one offline participant, every message alerting (window 0): a backend and a task
 * per mode, the rules pointed at one then the other for {@link LATENCY_ROUNDS} rounds each.
 */
async function latencyPhase(stack: Stack, requests: 'batch' | 'single') {
  const setups = new Map<PushPresenceMode, { backend: Backend; room: Room; realtime: Ably.Realtime }>();
  for (const mode of MODES) {
    const backend = await startBackend(stack, mode, { alertWindowSeconds: 0 });
    const task = `latency:${mode}-${requests}`;
    const [receiver] = await createTask(backend, task, 1);
    await registerDevices(stack, [receiver!]);
    setups.set(mode, { backend, ...(await join(backend, task, 'ann', true)) });
  }
  const perRound = SAMPLES / LATENCY_ROUNDS;
  const samples = new Map(MODES.map((mode) => [mode, new Float64Array(SAMPLES)]));
  let arrived: (() => void) | undefined;
  stack.service.onReceive = () => arrived?.();
  for (let r = 0; r < LATENCY_ROUNDS; r++) {
    // Each mode goes first in every other round.
    for (const mode of r % 2 === 0 ? MODES : [...MODES].reverse()) {
      progress(`message → decrypted push, ${requests} webhook requests, ${mode} presence, round ${r + 1}`);
      const { backend, room } = setups.get(mode)!;
      await routeTo(stack, backend);
      if (requests === 'single') {
        await applyAblySetup(stack.ably, { publicUrl: backend.url, pushAlerts: false });
        stack.ably.setWebhooks(singleRules(stack, backend));
      }
      const warmup = WARMUP / LATENCY_ROUNDS;
      for (let i = 0; i < warmup + perRound; i++) {
        const pushed = new Promise<void>((resolve) => (arrived = resolve));
        const t0 = performance.now();
        await Promise.all([room.messages.send({ text: `message ${i}` }), pushed]);
        if (i >= warmup) samples.get(mode)![r * perRound + i - warmup] = performance.now() - t0;
      }
    }
  }
  stack.service.onReceive = undefined;
  await unroute(stack);
  for (const { backend, realtime } of setups.values()) {
    realtime.close();
    await backend.close();
  }
  return Object.fromEntries(MODES.map((mode) => [mode, summarizeLatencies(samples.get(mode)!, SAMPLES)]));
}

/**
 * Ably REST calls the backend makes for {@link COUNT_MESSAGES} messages spread over {@link COUNT_TASKS} tasks of
 * four participants, `away` of whom are not in the room (the default alert window of 60 s): after one message
 * per task (a new instance's cold start, counted apart), then in the steady state.
 */
async function restCallsPhase(stack: Stack, mode: PushPresenceMode, away: number) {
  progress(`REST calls per ${COUNT_MESSAGES} messages, ${mode} presence, ${away} of 4 away`);
  const backend = await startBackend(stack, mode, { alertWindowSeconds: 60, count: true });
  await routeTo(stack, backend);
  const tasks = Array.from({ length: COUNT_TASKS }, (_, i) => `count:${mode}-${away}-${i}`);
  const senders = await Promise.all(
    tasks.map(async (task) => {
      const others = await createTask(backend, task, 3);
      const joined = await Promise.all(
        others.slice(0, 3 - away).map((userId) => join(backend, task, userId, true)),
      );
      const sender = await join(backend, task, 'ann', true);
      return { ...sender, others: joined };
    }),
  );
  const presenceExpected = mode === 'webhook' ? COUNT_TASKS * (4 - away) : 0;
  await until('presence webhooks', () => backend.handled.presence >= presenceExpected);
  stack.proxy.take();
  const send = async (perTask: number) => {
    const before = backend.handled.messages;
    await Promise.all(
      senders.map(async ({ room }) => {
        for (let i = 0; i < perTask; i++) await room.messages.send({ text: `hello ${i}` });
      }),
    );
    await until('message webhooks', () => backend.handled.messages >= before + perTask * COUNT_TASKS);
  };
  await send(1);
  const coldStart = stack.proxy.take();
  const t0 = performance.now();
  await send(COUNT_MESSAGES / COUNT_TASKS);
  const seconds = (performance.now() - t0) / 1000;
  const steady = stack.proxy.take();
  await unroute(stack);
  for (const { realtime, others } of senders) {
    realtime.close();
    for (const other of others) other.realtime.close();
  }
  await backend.close();
  return {
    messages: COUNT_MESSAGES,
    steadyState: steady,
    firstMessagePerTask: { messages: COUNT_TASKS, ...coldStart },
    messagesPerSecond: round(COUNT_MESSAGES / seconds, 1),
  };
}

/**
 * Signed webhook requests straight at a new backend instance for {@link RECEIVER_SECONDS} s: `present`, one
 * message per request from a task whose participants are all in the room (the common case while people chat:
 * nobody to alert); `throttled`, {@link RECEIVER_BATCH} messages per request from a task whose offline
 * participants are all throttled already (everything but the publish).
 */
async function intakePhase(stack: Stack, mode: PushPresenceMode, kind: 'present' | 'throttled') {
  const perRequest = kind === 'present' ? 1 : RECEIVER_BATCH;
  progress(
    `webhook intake for ${RECEIVER_SECONDS} s, ${mode} presence, ${kind}: ${perRequest} per request, ${RECEIVER_CONCURRENCY} in flight`,
  );
  // A counting instance the rules reach, so the Store hears who is present.
  const routed = await startBackend(stack, mode, { alertWindowSeconds: 3600, count: true });
  await routeTo(stack, routed);
  const task = `intake:${mode}-${kind}`;
  const others = await createTask(routed, task, 2);
  const joined =
    kind === 'present' ? await Promise.all(others.map((userId) => join(routed, task, userId, true))) : [];
  if (mode === 'webhook') await until('presence webhooks', () => routed.handled.presence >= joined.length);
  if (kind === 'throttled') await stack.store.claimPushAlerts(task, others, Date.now(), 0);
  const backend = await startBackend(stack, mode, { alertWindowSeconds: 3600 });
  const key = stack.ably.keys[0]!;
  const messages = Array.from({ length: perRequest }, (_, i) => ({
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
  const url = `${backend.url}/api/webhooks/ably`;
  let requests = 0;
  let failures = 0;
  stack.proxy.take();
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
  const calls = stack.proxy.take();
  await unroute(stack);
  for (const j of joined) j.realtime.close();
  await backend.close();
  await routed.close();
  return {
    messagesPerRequest: perRequest,
    concurrency: RECEIVER_CONCURRENCY,
    requestsPerSecond: round(requests / seconds, 1),
    messagesPerSecond: round((requests * perRequest) / seconds, 1),
    restCalls: calls,
    failures,
  };
}

/** 1,000 offline participants of one task alerted by one message (presence from the Store). */
async function fanOutPhase(stack: Stack) {
  progress(`alerting ${FAN_OUT} offline participants of one task, ${FAN_OUT_ROUNDS} rounds`);
  const backend = await startBackend(stack, 'webhook', { alertWindowSeconds: 0 });
  await routeTo(stack, backend);
  const ids = await createTask(backend, 'fan-out:1', FAN_OUT);
  await registerDevices(stack, ids);
  const { room, realtime } = await join(backend, 'fan-out:1', 'ann', true);
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
  await unroute(stack);
  realtime.close();
  await backend.close();
  return { participants: FAN_OUT, rounds };
}
