import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import * as Ably from 'ably';
import { createLocalAbly, type LocalAbly } from '../../server/ably-local/create-server.js';
import { agentChannelFor } from '../../server/backend/ably-auth/channel-names.js';
import { createApp } from '../../server/backend/app.js';
import { createLogger } from '../../server/backend/logger.js';
import { SqliteStore } from '../../server/backend/store/sqlite-store.js';
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

const EMBED = 'bench-embed-secret-0123456789abcdef0123';
const SERVER = 'bench-server-secret-0123456789abcdef012';
/** Chunks of the latency run, one every PACE_MS (a model streaming ~50 tokens a second). */
const LATENCY_CHUNKS = 400;
const PACE_MS = 20;
const WARMUP = 20;
/** Chunks of the throughput run, written as fast as they can be. */
const BURST_CHUNKS = 5000;
const CONCURRENT_RUNS = 50;
const CONCURRENT_CHUNKS = 200;
const CONCURRENT_PACE_MS = 20;

interface Setup {
  ably: LocalAbly;
  api: string;
  server: Server;
  store: SqliteStore;
}

/** A chunk carries its number, so a subscriber knows which chunks a delivery holds: `w17 `. */
const chunk = (n: number) => `w${n} `;
const TOKEN = /w(\d+) /g;

async function setUp(): Promise<Setup> {
  const ably = await createLocalAbly({ namespaces: [{ id: 'agent', mutableMessages: true }] });
  return backendOn(ably, new SqliteStore(':memory:'));
}

/** A backend app on port 0 against `ably`, its agent connections using `appendRollupWindowMs`. */
async function backendOn(ably: LocalAbly, store: SqliteStore, appendRollupWindowMs?: number): Promise<Setup> {
  const { endpoint, port, key } = ably.clientOptions;
  const app = createApp({
    store,
    ably: { apiKey: key, endpoint, port, tls: false },
    embedSecret: EMBED,
    serverSecret: SERVER,
    logger: createLogger({ level: 'silent' }),
    push: { presence: 'rest' },
    ...(appendRollupWindowMs === undefined ? {} : { agentRuns: { appendRollupWindowMs } }),
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  return { ably, api, server, store };
}

async function admin(setup: Setup, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${setup.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${SERVER}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`unable to ${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function newTask(setup: Setup, id: string): Promise<void> {
  await admin(setup, 'PUT', `/tasks/${id}`, { type: 'ticket', title: `Ticket ${id}` });
  await admin(setup, 'PUT', `/tasks/${id}/participants/ann`, { role: 'customer', name: 'Ann' });
  await admin(setup, 'PUT', `/tasks/${id}/participants/help-bot`, { role: 'bot', name: 'Help bot' });
}

function client(setup: Setup, extra: Ably.ClientOptions = {}): Ably.Realtime {
  const { endpoint, port, key } = setup.ably.clientOptions;
  return new Ably.Realtime({
    endpoint,
    port,
    tls: false,
    key,
    disableConnectivityCheck: true,
    logLevel: 0,
    ...extra,
  });
}

/** A subscriber that notes when each chunk number first arrives and keeps the text it would show. */
async function watch(channel: Ably.RealtimeChannel) {
  const arrived = new Map<number, number>();
  const state = { text: '', status: '' };
  await channel.subscribe((m) => {
    const now = performance.now();
    const data = typeof m.data === 'string' ? m.data : '';
    if (m.action === 'message.append') state.text += data;
    else state.text = data;
    state.status =
      (m.extras as { headers?: { status?: string } } | undefined)?.headers?.status ?? state.status;
    for (const match of data.matchAll(TOKEN)) {
      const n = Number(match[1]);
      if (!arrived.has(n)) arrived.set(n, now);
    }
  });
  return { arrived, state };
}

/** Writes chunks into a run through the backend, as an agent's streamed HTTP body does. */
function backendWriter(setup: Setup, task: string, run: string) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const encoder = new TextEncoder();
  const answer = fetch(`${setup.api}/tasks/${task}/agent-runs/${run}/output`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SERVER}`, 'content-type': 'text/plain' },
    body: new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) }),
    duplex: 'half',
  } as RequestInit).then(async (r) => (await r.json()) as { status: string });
  return {
    write: (text: string) => controller.enqueue(encoder.encode(text)),
    end: async () => {
      controller.close();
      return answer;
    },
  };
}

async function startRun(setup: Setup, task: string): Promise<{ run: string; serial: string }> {
  return (await admin(setup, 'POST', `/tasks/${task}/agent-runs`, {
    agentId: 'help-bot',
    userId: 'ann',
  })) as {
    run: string;
    serial: string;
  };
}

/** Writes directly with ably-js (the raw baseline): one message created, then pipelined appends. */
async function rawWriter(agent: Ably.Realtime, channelName: string) {
  const channel = agent.channels.get(channelName);
  const { serials } = await channel.publish('agent.run', '');
  const serial = serials[0]!;
  const inFlight: Promise<unknown>[] = [];
  return {
    write: (text: string) => void inFlight.push(channel.appendMessage({ serial, data: text })),
    end: async () => {
      await Promise.all(inFlight);
      return { status: 'complete' };
    },
  };
}

interface PathResult {
  latency: LatencySummary;
  /** Chunks whose arrival never came, or came out of order. */
  missing: number;
}

/** One paced run: chunk n written at t_n, latency = first arrival of n − t_n. */
async function pacedRun(
  writer: { write(text: string): void; end(): Promise<{ status: string }> },
  arrived: Map<number, number>,
  count: number,
  paceMs: number,
): Promise<PathResult & { samples: Float64Array; sent: Float64Array }> {
  const sent = new Float64Array(count);
  const start = performance.now();
  for (let n = 0; n < count; n++) {
    const due = start + n * paceMs;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    sent[n] = performance.now();
    writer.write(chunk(n));
  }
  await writer.end();
  const deadline = performance.now() + 5000;
  while (arrived.size < count && performance.now() < deadline) await sleep(10);
  const samples = new Float64Array(count);
  let taken = 0;
  for (let n = WARMUP; n < count; n++) {
    const at = arrived.get(n);
    if (at !== undefined) samples[taken++] = at - sent[n]!;
  }
  return { latency: summarizeLatencies(samples, taken), missing: count - arrived.size, samples, sent };
}

async function latencyPhase(shared: Setup, rollupMs: number) {
  progress(`latency: ${LATENCY_CHUNKS} chunks every ${PACE_MS} ms, appendRollupWindow ${rollupMs} ms`);
  // Both paths with the same window: the backend's agent connections get it from their own app.
  const setup = await backendOn(shared.ably, shared.store, rollupMs);
  const subscriber = client(setup);
  const agent = client(setup, { clientId: 'raw-agent', transportParams: { appendRollupWindow: rollupMs } });
  try {
    // Raw ably-js: the agent appends itself, the subscriber receives.
    const rawName = agentChannelFor(`bench:raw-${rollupMs}`);
    const raw = await watch(subscriber.channels.get(rawName));
    const rawResult = await pacedRun(await rawWriter(agent, rawName), raw.arrived, LATENCY_CHUNKS, PACE_MS);
    // Through the backend: the agent's HTTP body, the backend's agent connection, the subscriber.
    const task = `bench:path-${rollupMs}`;
    await newTask(setup, task);
    const backend = await watch(subscriber.channels.get(agentChannelFor(task)));
    const { run } = await startRun(setup, task);
    const path = await pacedRun(backendWriter(setup, task, run), backend.arrived, LATENCY_CHUNKS, PACE_MS);
    return {
      rollupMs,
      raw: { latency: rawResult.latency, missing: rawResult.missing },
      backend: { latency: path.latency, missing: path.missing },
      ratio: {
        p50: round(path.latency.p50Ms / rawResult.latency.p50Ms),
        p99: round(path.latency.p99Ms / rawResult.latency.p99Ms),
      },
    };
  } finally {
    subscriber.close();
    agent.close();
    await closeServer(setup.server);
  }
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** One run's throughput: chunks written as fast as they can be until a subscriber shows the whole text. */
async function throughputPhase(setup: Setup) {
  progress(`throughput: ${BURST_CHUNKS} chunks as fast as they can be written`);
  const expected = Array.from({ length: BURST_CHUNKS }, (_, n) => chunk(n)).join('');
  const subscriber = client(setup);
  const agent = client(setup, { clientId: 'raw-agent' });
  try {
    const measure = async (
      writer: { write(text: string): void; end(): Promise<{ status: string }> },
      state: { text: string },
    ) => {
      const start = performance.now();
      for (let n = 0; n < BURST_CHUNKS; n++) writer.write(chunk(n));
      await writer.end();
      const deadline = performance.now() + 30_000;
      while (!state.text.startsWith(expected) && performance.now() < deadline) await sleep(2);
      const seconds = (performance.now() - start) / 1000;
      return { chunksPerSecond: round(BURST_CHUNKS / seconds, 0), whole: state.text.startsWith(expected) };
    };
    const rawName = agentChannelFor('bench:burst-raw');
    const raw = await watch(subscriber.channels.get(rawName));
    const rawResult = await measure(await rawWriter(agent, rawName), raw.state);
    const task = 'bench:burst';
    await newTask(setup, task);
    const backend = await watch(subscriber.channels.get(agentChannelFor(task)));
    const { run } = await startRun(setup, task);
    const path = await measure(backendWriter(setup, task, run), backend.state);
    return {
      chunks: BURST_CHUNKS,
      raw: rawResult,
      backend: path,
      ratio: round(path.chunksPerSecond / rawResult.chunksPerSecond),
    };
  } finally {
    subscriber.close();
    agent.close();
  }
}

/** 50 runs at once, each on its own task, paced; every subscriber must show exactly its run's text. */
async function concurrentPhase(setup: Setup) {
  progress(
    `concurrent: ${CONCURRENT_RUNS} runs × ${CONCURRENT_CHUNKS} chunks every ${CONCURRENT_PACE_MS} ms`,
  );
  const subscriber = client(setup);
  try {
    const tasks = Array.from({ length: CONCURRENT_RUNS }, (_, i) => `bench:many-${i}`);
    for (const task of tasks) await newTask(setup, task);
    const watched = await Promise.all(
      tasks.map((task) => watch(subscriber.channels.get(agentChannelFor(task)))),
    );
    const runs = await Promise.all(tasks.map((task) => startRun(setup, task)));
    const start = performance.now();
    const results = await Promise.all(
      tasks.map((task, i) =>
        pacedRun(
          backendWriter(setup, task, runs[i]!.run),
          watched[i]!.arrived,
          CONCURRENT_CHUNKS,
          CONCURRENT_PACE_MS,
        ),
      ),
    );
    const seconds = (performance.now() - start) / 1000;
    const expected = Array.from({ length: CONCURRENT_CHUNKS }, (_, n) => chunk(n)).join('');
    const deadline = performance.now() + 10_000;
    while (watched.some((w) => w.state.status !== 'complete') && performance.now() < deadline)
      await sleep(10);
    const wrong = watched.filter((w) => w.state.text !== expected).length;
    const all = new Float64Array(results.reduce((n, r) => n + r.latency.count, 0));
    let at = 0;
    results.forEach((r, i) => {
      for (let n = WARMUP; n < CONCURRENT_CHUNKS; n++) {
        const arrived = watched[i]!.arrived.get(n);
        if (arrived !== undefined) all[at++] = arrived - r.sent[n]!;
      }
    });
    return {
      runs: CONCURRENT_RUNS,
      chunksPerRun: CONCURRENT_CHUNKS,
      chunksPerSecond: round((CONCURRENT_RUNS * CONCURRENT_CHUNKS) / seconds, 0),
      latency: summarizeLatencies(all, at),
      missingChunks: results.reduce((n, r) => n + r.missing, 0),
      runsNotShowingTheirExactText: wrong,
      runsNotComplete: watched.filter((w) => w.state.status !== 'complete').length,
    };
  } finally {
    subscriber.close();
  }
}

/** `npm run bench -- agent`: agent runs through the backend against raw ably-js in the same run. */
export async function runAgentBench(): Promise<void> {
  const setup = await setUp();
  try {
    const latency = [await latencyPhase(setup, 40), await latencyPhase(setup, 0)];
    const throughput = await throughputPhase(setup);
    const concurrent = await concurrentPhase(setup);
    await writeResult('agent', {
      benchmark: 'agent',
      machine: await machineInfo(),
      code: codeRevision(['server', 'test/bench']),
      loadAverage: loadavg().map((v) => round(v, 2)),
      notes:
        'latency: chunk written (the agent’s HTTP body through the backend, or a raw ably-js appendMessage: the baseline) → first arrival at a raw ably-js subscriber, both paths with the same appendRollupWindow; throughput: chunks written at once, until the subscriber shows the whole text (the backend appends what arrived together as one piece, raw ably-js sends one append per chunk); everything in one process on this machine',
      latency,
      throughput,
      concurrent,
    });
  } finally {
    await closeServer(setup.server);
    await setup.store.close();
    await setup.ably.close();
  }
}
