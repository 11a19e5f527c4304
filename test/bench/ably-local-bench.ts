import { fileURLToPath } from 'node:url';
import {
  compareFanOut,
  compareMemory,
  fanOutAnomalies,
  TARGETS,
  type FanOutRound,
  type ServerKind,
} from './ably-local-report.js';
import { codeRevision, machineInfo, progress, round, writeResult } from './bench-support.js';
import { startChildServer, type ChildServer } from './child-server.js';
import { measureConnectionMemory, type MemoryPlan, type MemoryResult } from './connection-memory.js';
import { runFanOut, type FanOutPlan, type FanOutScenario } from './fan-out.js';
import { loadAverage1m } from './proc-stats.js';

const KEY = 'bench.key:bench-secret';
const ABLY_LOCAL_MAIN = fileURLToPath(new URL('../../server/ably-local/main.ts', import.meta.url));
const BENCH_SERVER_MAIN = fileURLToPath(new URL('./bench-server-main.ts', import.meta.url));

/**
 * Publishers stay at a few hundred messages/s each, under ably-local's default 1000 frames/s per connection,
 * but a closed loop can burst; the limit is raised so it never shapes a figure (NACKs are counted anyway).
 */
const MAX_INBOUND_RATE = 100_000;

/** Baseline and ably-local alternate this many times per scenario; the best round of each is compared. */
const ROUNDS = 3;

const SCENARIOS: (FanOutScenario & { plan: FanOutPlan })[] = [
  {
    name: 'rooms-100x5',
    rooms: 100,
    subscribersPerRoom: 5,
    plan: {
      warmupMs: 1000,
      saturation: { durationMs: 3000, windowPerRoom: 5, maxMessages: 200_000 },
      fixedRate: { messagesPerSecond: 2000, durationMs: 3000 },
      drainMs: 3000,
    },
  },
  {
    name: 'room-1x1000',
    rooms: 1,
    subscribersPerRoom: 1000,
    plan: {
      warmupMs: 1000,
      saturation: { durationMs: 3000, windowPerRoom: 4, maxMessages: 2000 },
      fixedRate: { messagesPerSecond: 10, durationMs: 3000 },
      drainMs: 3000,
    },
  },
];

/** Client and server in one process would need 2 × 5000 fds; the server runs in a child (limit 20000 each). */
const MEMORY_PLAN: MemoryPlan = {
  connections: 5000,
  perChannel: 5,
  warmupConnections: 200,
  concurrency: 100,
  settleMs: 1500,
};

/** `npm run bench -- ably-local`: fan-out and memory of ably-local against a raw `ws` baseline. */
export async function runAblyLocalBench(): Promise<void> {
  const started = Date.now();
  const loadAtStart = loadAverage1m();
  const machine = await machineInfo();
  const softLimit = machine.openFiles?.soft ?? Infinity;
  if (MEMORY_PLAN.connections + MEMORY_PLAN.warmupConnections + 100 > softLimit) {
    throw new Error(
      `unable to open ${MEMORY_PLAN.connections} connections; the open-file limit is ${softLimit}`,
    );
  }
  const anomalies: string[] = [];
  const fanOut: Record<string, unknown> = {};
  for (const scenario of SCENARIOS) {
    const rounds: FanOutRound[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const pair = {} as FanOutRound;
      for (const kind of ['ws-baseline', 'ably-local'] as const) {
        progress(`fan-out ${scenario.name}, ${kind}, round ${i + 1}/${ROUNDS}`);
        const server = await startFanOutServer(kind);
        try {
          pair[kind] = await runFanOut(server, KEY, scenario, scenario.plan);
        } finally {
          await server.stop();
        }
      }
      rounds.push(pair);
    }
    const { name, rooms, subscribersPerRoom, plan } = scenario;
    fanOut[name] = {
      rooms,
      subscribersPerRoom,
      publishers: rooms,
      plan,
      comparison: compareFanOut(rounds),
      rounds,
    };
    anomalies.push(...fanOutAnomalies(name, rounds));
  }

  const memory = {} as Record<ServerKind, MemoryResult>;
  for (const kind of ['ws-baseline', 'ably-local'] as const) {
    progress(`memory: ${MEMORY_PLAN.connections} attached connections on ${kind}`);
    const server =
      kind === 'ably-local'
        ? await startChildServer(ABLY_LOCAL_MAIN, ['--port', '0', '--key', KEY])
        : await startFanOutServer(kind);
    memory[kind] = await measureConnectionMemory(server, KEY, MEMORY_PLAN);
  }

  const result = {
    benchmark: 'ably-local',
    date: new Date(started).toISOString(),
    durationS: round((Date.now() - started) / 1000, 1),
    machine: { ...machine, loadAverage1m: { atStart: loadAtStart, atEnd: loadAverage1m() } },
    code: codeRevision(['server/ably-local', 'test/bench']),
    setup: SETUP,
    targets: TARGETS,
    before: BEFORE,
    fanOut,
    memory: { plan: MEMORY_PLAN, ...memory, comparison: compareMemory(memory) },
    anomalies,
  };
  const path = await writeResult('ably-local', result);
  progress(`wrote ${path}`);
}

function startFanOutServer(kind: ServerKind): Promise<ChildServer> {
  const args = ['--kind', kind, '--key', KEY, '--max-inbound-rate', String(MAX_INBOUND_RATE)];
  return startChildServer(BENCH_SERVER_MAIN, args);
}

/**
 * Fixed-rate p99 ratio (ably-local / baseline) of each round before issue #11 §4's changes (ably-local at
 * 3506a8a, same box, 2026-12-01), kept in every result so a run shows what changed.
 */
const BEFORE = {
  'rooms-100x5': { perRoundP99Ratio: [4.304, 0.943, 9.037], ablyLocalP99Ms: [16.562, 9.847, 13.565] },
  'room-1x1000': { perRoundP99Ratio: [1.216, 0.954, 0.524], ablyLocalP99Ms: [22.961, 19.974, 21.339] },
};

/** How the figures were taken, carried in the JSON so a result file explains itself. */
const SETUP = {
  loadGenerator:
    'raw ws clients speaking minimal Ably JSON (CONNECTED, ATTACH/ATTACHED, MESSAGE/ACK) in the bench process; ' +
    'each room has 1 publisher (echo=false) and N subscribers',
  servers: 'each server runs in its own child process (node --import tsx), fresh for every run',
  ablyLocalFanOut: `createLocalAbly in a child (test/bench/bench-server-main.ts), in-memory storage, realtime.maxInboundRate=${MAX_INBOUND_RATE}`,
  ablyLocalMemory: 'server/ably-local/main.ts --port 0 (default options) in a child',
  baseline:
    'test/bench/ws-baseline-server.ts: a ws server that sends each MESSAGE frame unchanged (one buffer) to every other socket in its room; no ACKs',
  rateLimit: `fan-out: ably-local maxInboundRate raised from 1000 to ${MAX_INBOUND_RATE} frames/s per connection; NACKs are counted`,
  rounds: `${ROUNDS} alternating rounds (baseline, ably-local) per scenario; comparison uses each server's best round`,
  deliveriesPerSecond:
    'saturation phase: closed loop, windowPerRoom messages in flight per room, counted over durationMs',
  latency:
    'publish → receive; performance.now() at send is in the message data and read on receipt in the same process',
  p99: 'fixed-rate phase: open loop, the same rate for both servers',
  serverGc:
    "each phase's main-thread GC pauses of the server (a PerformanceObserver in the child, read over SIGUSR2): count, mean, max and % of the phase paused",
  memory:
    'RSS (/proc/PID/status) of the server process before and after N idle connections, each ATTACHed, rooms of perChannel; median of three readings',
};
