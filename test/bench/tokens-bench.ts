import { once } from 'node:events';
import { Agent, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import express from 'express';
import { pino } from 'pino';
import { createApp } from '../../server/backend/app.js';
import { createLogger } from '../../server/backend/logger.js';
import { createParticipantToken } from '../../server/backend/participants/participant-token.js';
import { SqliteStore } from '../../server/backend/store/sqlite-store.js';
import {
  codeRevision,
  machineInfo,
  median,
  progress,
  round,
  summarizeLatencies,
  type LatencySummary,
} from './bench-support.js';

/**
 * `npm run bench -- tokens`: tokens/s and latency of `POST /api/token` with 50 concurrent keep-alive clients,
 * against a bare Express route (`express.json()` + `res.json`) given the same body, in the same run. Both
 * servers run in a worker thread; the load generator runs on the main thread.
 *
 * This box is shared and noisy (±25 %), so the two routes alternate in short slices and the headline ratio
 * is the median of the per-pair ratios. The server thread's busy time per request (event-loop utilisation)
 * is reported too: it does not depend on how fast the load generator is. Only 200 answers count as throughput,
 * and a run with any other answer fails instead of reporting a figure. Target: ratio ≥ 0.5.
 */

const CLIENTS = 50;
const WARMUP_MS = 1500;
const SLICE_MS = 2000;
const PAIRS = 6;
const TARGET_RATIO = 0.5;
/** Before issue #11 §4's changes (same box, same bench, 2026-12-01): median pair ratio and server-cost ratio. */
const BEFORE = {
  ratio: 0.418,
  serverCostRatio: 0.399,
  baselineRequestsPerSecond: 3733,
  tokensRequestsPerSecond: 1566,
};
const EMBED_SECRET = 'bench-embed-secret-0123456789abcdef0123';
const TASK = 'order:bench';
const SERVER_ROLE = 'tokens-bench-server';

interface ServerPorts {
  baseline: number;
  tokens: number;
}

interface Slice {
  /** Requests answered 200 inside the window: the throughput. */
  requests: number;
  /** Answers other than 200 (0: a network error), by status; never counted as throughput. */
  errors: Record<number, number>;
  latencies: number[];
  /** Server thread busy time during the slice, ms. */
  serverBusyMs: number;
}

/** The worker side: both servers in one thread; answers ELU probes; stops when told. */
async function serve(): Promise<void> {
  const store = new SqliteStore(':memory:');
  await store.upsertTask({ id: TASK, type: 'order', title: 'Bench order', url: null }, Date.now());
  for (let i = 0; i < CLIENTS; i++) {
    await store.upsertParticipant(
      { taskId: TASK, userId: `user-${i}`, role: 'buyer', name: `User ${i}` },
      Date.now(),
    );
  }
  const tokensApp = createApp({
    store,
    ably: { apiKey: 'bench.key:bench-ably-secret', endpoint: '127.0.0.1', port: 1, tls: false },
    embedSecret: EMBED_SECRET,
    rateLimits: { perIp: 1e9, perUser: 1e9, windowMs: 60_000 },
    // Request logging stays on (info), written to /dev/null: its cost is part of the figure.
    logger: createLogger({
      level: 'info',
      destination: pino.destination({ dest: '/dev/null', sync: false }),
    }),
  });
  const baselineApp = express();
  baselineApp.post('/baseline', express.json({ limit: 16 * 1024 }), (_req, res) => {
    res.json({ ok: true });
  });
  const listen = async (app: express.Express): Promise<Server> => {
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return server;
  };
  const servers = await Promise.all([listen(baselineApp), listen(tokensApp)]);
  const [baseline, tokens] = servers.map((s) => (s.address() as AddressInfo).port) as [number, number];
  parentPort!.postMessage({ baseline, tokens } satisfies ServerPorts);
  parentPort!.on('message', (message: string) => {
    if (message === 'elu') {
      parentPort!.postMessage(performance.eventLoopUtilization());
      return;
    }
    for (const server of servers) server.closeAllConnections();
    void Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
      .then(() => store.close())
      .then(() => process.exit(0));
  });
}

/** One POST on a keep-alive agent; resolves with the status code (0 on a network error). */
function post(agent: Agent, port: number, path: string, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
        res.once('error', () => resolve(0));
      },
    );
    req.once('error', () => resolve(0));
    req.end(body);
  });
}

async function eventLoopUtilization(worker: Worker): Promise<EventLoopUtilization> {
  worker.postMessage('elu');
  const [elu] = (await once(worker, 'message')) as [EventLoopUtilization];
  return elu;
}

/** `CLIENTS` closed loops for `durationMs`; counts only requests that start and end inside the window. */
async function slice(
  worker: Worker,
  port: number,
  path: string,
  bodies: string[],
  durationMs: number,
): Promise<Slice> {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const latencies: number[] = [];
  const errors: Record<number, number> = {};
  const before = await eventLoopUtilization(worker);
  const end = performance.now() + durationMs;
  const client = async (index: number): Promise<void> => {
    const body = bodies[index % bodies.length]!;
    for (;;) {
      const sent = performance.now();
      if (sent >= end) return;
      const status = await post(agent, port, path, body);
      const done = performance.now();
      if (done > end) return;
      if (status === 200) latencies.push(done - sent);
      else errors[status] = (errors[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
  const busy = performance.eventLoopUtilization(await eventLoopUtilization(worker), before);
  agent.destroy();
  return { requests: latencies.length, errors, latencies, serverBusyMs: busy.active };
}

function summarize(slices: Slice[], durationMs: number) {
  const requests = slices.reduce((sum, s) => sum + s.requests, 0);
  const all = Float64Array.from(slices.flatMap((s) => s.latencies));
  const perSecond = slices.map((s) => s.requests / (durationMs / 1000));
  return {
    requestsPerSecond: round(median(perSecond), 1),
    bestRequestsPerSecond: round(Math.max(...perSecond), 1),
    errors: errorCount(slices),
    serverBusyMsPerRequest: round(slices.reduce((sum, s) => sum + s.serverBusyMs, 0) / requests, 4),
    latency: summarizeLatencies(all, all.length) as LatencySummary,
  };
}

function errorCount(slices: Slice[]): number {
  return slices.reduce((sum, s) => sum + Object.values(s.errors).reduce((a, b) => a + b, 0), 0);
}

/** A figure is only worth reporting when every request was answered 200. */
function assertAllAnswered(route: string, slices: Slice[]): void {
  if (errorCount(slices) === 0) return;
  const byStatus: Record<number, number> = {};
  for (const s of slices) {
    for (const [status, n] of Object.entries(s.errors))
      byStatus[Number(status)] = (byStatus[Number(status)] ?? 0) + n;
  }
  throw new Error(
    `unable to measure ${route}; answers other than 200 by status: ${JSON.stringify(byStatus)}`,
  );
}

/** Runs the benchmark and returns its JSON result (machine info included). */
export async function runTokensBench(): Promise<object> {
  // The worker loads this TypeScript file itself, so it first registers tsx's loader in its own thread.
  const entry = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(entry, { eval: true, workerData: { role: SERVER_ROLE } });
  const [ports] = (await once(worker, 'message')) as [ServerPorts];
  const bodies = Array.from({ length: CLIENTS }, (_, i) =>
    JSON.stringify({
      participantToken: createParticipantToken({
        secret: EMBED_SECRET,
        userId: `user-${i}`,
        task: TASK,
        role: 'buyer',
        ttlSeconds: 3600,
      }),
    }),
  );
  const baselineSlices: Slice[] = [];
  const tokenSlices: Slice[] = [];
  try {
    progress('tokens: warming up both routes');
    await slice(worker, ports.baseline, '/baseline', bodies, WARMUP_MS);
    await slice(worker, ports.tokens, '/api/token', bodies, WARMUP_MS);
    for (let i = 0; i < PAIRS; i++) {
      progress(`tokens: pair ${i + 1}/${PAIRS}`);
      baselineSlices.push(await slice(worker, ports.baseline, '/baseline', bodies, SLICE_MS));
      tokenSlices.push(await slice(worker, ports.tokens, '/api/token', bodies, SLICE_MS));
    }
  } finally {
    worker.postMessage('stop');
    await once(worker, 'exit');
  }
  assertAllAnswered('POST /baseline', baselineSlices);
  assertAllAnswered('POST /api/token', tokenSlices);
  const pairRatios = tokenSlices.map((t, i) => round(t.requests / baselineSlices[i]!.requests));
  const ratio = round(median(pairRatios));
  const baseline = summarize(baselineSlices, SLICE_MS);
  const tokens = summarize(tokenSlices, SLICE_MS);
  return {
    benchmark: 'tokens',
    date: new Date().toISOString(),
    machine: await machineInfo(),
    revision: codeRevision(['server/backend', 'test/bench/tokens-bench.ts']),
    plan: {
      clients: CLIENTS,
      warmupMs: WARMUP_MS,
      sliceMs: SLICE_MS,
      pairs: PAIRS,
      servers: 'one worker thread',
      loadGenerator: 'main thread, node:http keep-alive agent',
    },
    baseline: { route: 'POST /baseline (express.json + res.json)', ...baseline },
    tokens: {
      route: 'POST /api/token (helmet, per-IP and per-user limits, JWT verify, SQLite, JWT sign, pino log)',
      ...tokens,
    },
    ratio,
    pairRatios,
    serverCostRatio: round(baseline.serverBusyMsPerRequest / tokens.serverBusyMsPerRequest),
    target: TARGET_RATIO,
    meetsTarget: ratio >= TARGET_RATIO,
    before: BEFORE,
  };
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === SERVER_ROLE) {
  serve().catch((err: unknown) => {
    console.error('tokens bench server: unable to start', err);
    process.exit(1);
  });
}
