import { fileURLToPath } from 'node:url';
import jwt from 'jsonwebtoken';
import {
  codeRevision,
  machineInfo,
  progress,
  round,
  sleep,
  summarizeLatencies,
  writeResult,
  type LatencySummary,
} from './bench-support.js';
import { startChildServer, type ChildServer } from './child-server.js';
import { LoadGenerator } from './load-generator.js';
import type { StormReply, WindowReply } from './load-worker.js';
import { loadAverage1m, machineBusyMs, processCpuMs } from './proc-stats.js';

const KEY_NAME = 'bench.key';
const KEY_SECRET = 'bench-secret';
const ABLY_LOCAL_MAIN = fileURLToPath(new URL('../../server/ably-local/main.ts', import.meta.url));
const BENCH_SERVER_MAIN = fileURLToPath(new URL('./bench-server-main.ts', import.meta.url));

type ServerKind = 'ws-baseline' | 'ably-local';

/** What one run does; carried in the JSON. */
const PLAN = {
  /** Concurrent clients at each step; the ramp stops after the first step that misses the target. */
  steps: [250, 500, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 10_000, 12_000, 14_000, 15_000, 16_000],
  membersPerRoom: 5,
  sendIntervalMs: 5000,
  connectConcurrencyPerWorker: 100,
  settleMs: 1000,
  windowMs: 6000,
  drainMs: 2000,
  p99TargetMs: 50,
  stormClients: 5000,
  workers: 2,
};

interface StepResult {
  clients: number;
  rooms: number;
  connectFailures: string[];
  growMs: number;
  sentMessages: number;
  messagesPerSecond: number;
  expectedDeliveries: number;
  deliveries: number;
  lostDeliveries: number;
  nacks: number;
  errors: string[];
  latency: LatencySummary;
  /** Server CPU over the window, as a share of one core. */
  serverCpuShare: number;
  generatorCpuShare: number;
  /** CPU other processes on the machine used over the window, in cores: noise, not load. */
  backgroundCpuShare: number;
  serverRssBytes: number;
  meetsTarget: boolean;
  /** A step that missed the target is measured once more (this box is shared); the better window counts. */
  retried?: { latency: LatencySummary; lostDeliveries: number; backgroundCpuShare: number };
}

interface StormResult {
  clients: number;
  allConnectedMs: number;
  allAttachedMs: number;
  connectionsPerSecond: number;
  attachesPerSecond: number;
  resumed: number;
  /** Server CPU from the drop to the last ATTACHED, per client: independent of how fast the generator is. */
  serverCpuMsPerReconnect: number;
  failures: string[];
}

/** `npm run bench -- load`: element-like clients one server holds under the p99 target, and a reconnect storm. */
export async function runLoadBench(): Promise<void> {
  const started = Date.now();
  const loadAtStart = loadAverage1m();
  const machine = await machineInfo();
  const servers = {} as Record<ServerKind, { steps: StepResult[]; maxClients: number; storm: StormResult }>;
  for (const kind of ['ws-baseline', 'ably-local'] as const) {
    const steps = await ramp(kind);
    const passing = steps.filter((s) => s.meetsTarget);
    const storm = await reconnectStorm(kind);
    servers[kind] = { maxClients: passing.at(-1)?.clients ?? 0, steps, storm };
  }
  const base = servers['ws-baseline'];
  const local = servers['ably-local'];
  const capped = (kind: ServerKind) => servers[kind].maxClients === PLAN.steps.at(-1);
  const result = {
    benchmark: 'load',
    date: new Date(started).toISOString(),
    durationS: round((Date.now() - started) / 1000, 1),
    machine: { ...machine, loadAverage1m: { atStart: loadAtStart, atEnd: loadAverage1m() } },
    code: codeRevision(['server/ably-local', 'test/bench']),
    setup: SETUP,
    plan: PLAN,
    before: BEFORE,
    comparison: {
      maxClientsUnderP99Target: {
        baseline: base.maxClients,
        ablyLocal: local.maxClients,
        ratio: round(local.maxClients / Math.max(1, base.maxClients)),
        note:
          capped('ws-baseline') || capped('ably-local')
            ? `a server that passed the last step (${PLAN.steps.at(-1)}) was stopped by the plan, not by the target`
            : 'each figure is the last step that met the target',
      },
      stormConnectionsPerSecond: {
        baseline: base.storm.connectionsPerSecond,
        ablyLocal: local.storm.connectionsPerSecond,
        ratio: round(local.storm.connectionsPerSecond / base.storm.connectionsPerSecond),
      },
      stormServerCpuMsPerReconnect: {
        baseline: base.storm.serverCpuMsPerReconnect,
        ablyLocal: local.storm.serverCpuMsPerReconnect,
        ratio: round(local.storm.serverCpuMsPerReconnect / base.storm.serverCpuMsPerReconnect),
      },
      stormAttachesPerSecond: {
        baseline: base.storm.attachesPerSecond,
        ablyLocal: local.storm.attachesPerSecond,
        ratio: round(local.storm.attachesPerSecond / base.storm.attachesPerSecond),
      },
    },
    servers,
  };
  const path = await writeResult('load', result);
  progress(`wrote ${path}`);
}

async function ramp(kind: ServerKind): Promise<StepResult[]> {
  const server = await startServer(kind);
  const generator = await LoadGenerator.start(PLAN.workers);
  const steps: StepResult[] = [];
  try {
    await generator.setup(server.wsUrl, PLAN.sendIntervalMs, PLAN.membersPerRoom);
    let open = 0;
    for (const target of PLAN.steps) {
      progress(`load ${kind}: ${target} clients`);
      const growStart = performance.now();
      const grown = await generator.grow(
        clientSpecs(open, target, generator.size),
        PLAN.connectConcurrencyPerWorker,
      );
      const growMs = performance.now() - growStart;
      open = target;
      await sleep(PLAN.settleMs);
      const connectFailures = grown.flatMap((g) => g.failures);
      let step = await measureStep(server, generator, target, connectFailures, growMs);
      if (!step.meetsTarget && connectFailures.length === 0) {
        progress(
          `load ${kind}: ${target} clients missed the target (p99 ${step.latency.p99Ms} ms); once more`,
        );
        const again = await measureStep(server, generator, target, connectFailures, growMs);
        step = again.meetsTarget ? { ...again, retried: pick(step) } : { ...step, retried: pick(again) };
      }
      steps.push(step);
      progress(
        `load ${kind}: ${target} clients p99 ${step.latency.p99Ms} ms, lost ${step.lostDeliveries}, server CPU ${step.serverCpuShare}`,
      );
      if (!step.meetsTarget) break;
    }
  } finally {
    await generator.close();
    await server.stop();
  }
  return steps;
}

async function measureStep(
  server: ChildServer,
  generator: LoadGenerator,
  clients: number,
  connectFailures: string[],
  growMs: number,
): Promise<StepResult> {
  const before = {
    server: processCpuMs(server.pid),
    generator: generatorCpu(generator),
    machine: machineBusyMs(),
  };
  const windows = await generator.window(PLAN.windowMs, PLAN.drainMs);
  const spanMs = PLAN.windowMs + PLAN.drainMs;
  const serverMs = processCpuMs(server.pid) - before.server;
  const generatorMs = generatorCpu(generator) - before.generator;
  const backgroundMs = machineBusyMs() - before.machine - serverMs - generatorMs;
  return summarizeStep(clients, windows, {
    connectFailures,
    growMs,
    serverCpuShare: serverMs / spanMs,
    generatorCpuShare: generatorMs / spanMs,
    backgroundCpuShare: Math.max(0, backgroundMs) / spanMs,
    serverRssBytes: server.rssBytes(),
  });
}

function pick(step: StepResult): NonNullable<StepResult['retried']> {
  return {
    latency: step.latency,
    lostDeliveries: step.lostDeliveries,
    backgroundCpuShare: step.backgroundCpuShare,
  };
}

async function reconnectStorm(kind: ServerKind): Promise<StormResult> {
  const server = await startServer(kind);
  const generator = await LoadGenerator.start(PLAN.workers);
  try {
    await generator.setup(server.wsUrl, PLAN.sendIntervalMs, PLAN.membersPerRoom);
    progress(`storm ${kind}: opening ${PLAN.stormClients} clients`);
    const grown = await generator.grow(
      clientSpecs(0, PLAN.stormClients, generator.size),
      PLAN.connectConcurrencyPerWorker,
    );
    const opened = grown.reduce((n, g) => n + g.opened, 0);
    if (opened !== PLAN.stormClients) {
      throw new Error(`unable to open storm clients; ${grown.flatMap((g) => g.failures).join('; ')}`);
    }
    await sleep(2000);
    progress(`storm ${kind}: dropping every socket at once`);
    const cpuBefore = processCpuMs(server.pid);
    const replies = await generator.storm();
    return summarizeStorm(replies, processCpuMs(server.pid) - cpuBefore);
  } finally {
    await generator.close();
    await server.stop();
  }
}

function summarizeStorm(replies: StormReply[], serverCpuMs: number): StormResult {
  const clients = replies.reduce((n, r) => n + r.clients, 0);
  const allConnectedMs = Math.max(...replies.map((r) => r.allConnectedMs));
  const allAttachedMs = Math.max(...replies.map((r) => r.allAttachedMs));
  return {
    clients,
    allConnectedMs: Math.round(allConnectedMs),
    allAttachedMs: Math.round(allAttachedMs),
    connectionsPerSecond: Math.round((clients * 1000) / allConnectedMs),
    attachesPerSecond: Math.round((clients * 1000) / allAttachedMs),
    resumed: replies.reduce((n, r) => n + r.resumed, 0),
    serverCpuMsPerReconnect: round(serverCpuMs / clients),
    failures: replies.flatMap((r) => r.failures),
  };
}

function summarizeStep(
  clients: number,
  windows: WindowReply[],
  extra: {
    connectFailures: string[];
    growMs: number;
    serverCpuShare: number;
    generatorCpuShare: number;
    backgroundCpuShare: number;
    serverRssBytes: number;
  },
): StepResult {
  const all = Float64Array.from(windows.flatMap((w) => w.latenciesMs));
  const latency = summarizeLatencies(all, all.length);
  const sent = windows.reduce((n, w) => n + w.sent, 0);
  const expected = windows.reduce((n, w) => n + w.expectedDeliveries, 0);
  const nacks = windows.reduce((n, w) => n + w.nacks, 0);
  const lost = Math.max(0, expected - all.length);
  return {
    clients,
    rooms: Math.ceil(clients / PLAN.membersPerRoom),
    connectFailures: extra.connectFailures,
    growMs: Math.round(extra.growMs),
    sentMessages: sent,
    messagesPerSecond: Math.round((sent * 1000) / PLAN.windowMs),
    expectedDeliveries: expected,
    deliveries: all.length,
    lostDeliveries: lost,
    nacks,
    errors: [...new Set(windows.flatMap((w) => w.errors))],
    latency,
    serverCpuShare: round(extra.serverCpuShare, 2),
    generatorCpuShare: round(extra.generatorCpuShare, 2),
    backgroundCpuShare: round(extra.backgroundCpuShare, 2),
    serverRssBytes: extra.serverRssBytes,
    meetsTarget:
      latency.p99Ms < PLAN.p99TargetMs && lost === 0 && nacks === 0 && extra.connectFailures.length === 0,
  };
}

/** Clients `from`..`to`-1: rooms of `membersPerRoom`, each room in one worker, a JWT per client. */
function clientSpecs(from: number, to: number, workers: number) {
  return Array.from({ length: to - from }, (_, k) => {
    const i = from + k;
    const room = Math.floor(i / PLAN.membersPerRoom);
    const channel = `load:${room}::$chat`;
    return { channel, token: tokenFor(`client-${i}`), worker: room % workers };
  });
}

/** An Ably JWT like the backend's: one clientId, the room channels only (docs/architecture.md §3). */
function tokenFor(clientId: string): string {
  const capability = JSON.stringify({ 'load:*': ['publish', 'subscribe', 'presence'] });
  return jwt.sign({ 'x-ably-clientId': clientId, 'x-ably-capability': capability }, KEY_SECRET, {
    algorithm: 'HS256',
    keyid: KEY_NAME,
    expiresIn: 3600,
  });
}

function generatorCpu(generator: LoadGenerator): number {
  return generator.pids().reduce((sum, pid) => sum + processCpuMs(pid), 0);
}

function startServer(kind: ServerKind): Promise<ChildServer> {
  const key = `${KEY_NAME}:${KEY_SECRET}`;
  return kind === 'ably-local'
    ? startChildServer(ABLY_LOCAL_MAIN, ['--port', '0', '--key', key])
    : startChildServer(BENCH_SERVER_MAIN, ['--kind', kind, '--key', key]);
}

/**
 * Figures of the first run, before the fixes of issue #11 §4 (commit d407245, ably-local at 3506a8a), kept in
 * every result so a run shows what changed. That run was disturbed (load average 1.4 → 5.4).
 */
const BEFORE = {
  date: '2026-12-01',
  maxClientsUnderP99Target: { baseline: 14_000, ablyLocal: 4000, note: 'ably-local p99 274 ms at 5000' },
  stormConnectionsPerSecond: { baseline: 1579, ablyLocal: 763, ratio: 0.483 },
  stormServerCpuMsPerReconnect: {
    baseline: 0.29,
    ablyLocal: 0.68,
    note: '5000 clients, measured with the same storm outside the bench',
  },
};

/** How the figures were taken, carried in the JSON so a result file explains itself. */
const SETUP = {
  clients:
    'element-like raw protocol clients (test/bench/raw-ably-client.ts over ws, JSON, no SDK): connect with an Ably JWT ' +
    '(access_token), ATTACH the room channel <room>::$chat, enter presence, then publish one MESSAGE every ' +
    `${PLAN.sendIntervalMs} ms (random phase) over the realtime connection; rooms of ${PLAN.membersPerRoom}, echo=false`,
  notLoaded:
    '@ably/chat sends over Chat REST (POST /chat/v4/rooms/:room/messages) and ably-js sends heartbeats; this bench publishes over the socket and asks for heartbeats=false',
  loadGenerator: `${PLAN.workers} worker processes (test/bench/load-worker.ts); every room lives in one worker, so send → receive is timed on one clock`,
  ablyLocal:
    'server/ably-local/main.ts --port 0 --key K (default options, in-memory storage) in a child process',
  baseline:
    'test/bench/ws-baseline-server.ts in a child: sends each MESSAGE or PRESENCE frame unchanged to the other sockets of its room; no auth, ACKs, resume or storage',
  steps: `clients are added step by step to one server; at each step a ${PLAN.windowMs} ms window is measured (drain ${PLAN.drainMs} ms), and once more if it misses the target (the better window counts; both are in the step). The ramp stops after the first step with p99 ≥ ${PLAN.p99TargetMs} ms, a lost delivery, a NACK or a failed connect`,
  storm: `a fresh server with ${PLAN.stormClients} clients; every socket is terminated at once (no CLOSE, as a network failure) and every client reconnects at once (with resume=<connectionKey>; the baseline ignores it) and re-ATTACHes; connections/s = clients / time to the last CONNECTED`,
};
