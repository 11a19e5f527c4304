import { fileURLToPath } from 'node:url';
import { machineInfo, progress, round, writeResult } from './bench-support.js';
import { startChildServer, type ChildServer } from './child-server.js';
import { measureConnectionMemory, type MemoryPlan, type MemoryResult } from './connection-memory.js';
import { runFanOut, type FanOutPlan, type FanOutResult, type FanOutScenario } from './fan-out.js';

const KEY = 'bench.key:bench-secret';
const ABLY_LOCAL_MAIN = fileURLToPath(new URL('../../server/ably-local/main.ts', import.meta.url));
const BENCH_SERVER_MAIN = fileURLToPath(new URL('./bench-server-main.ts', import.meta.url));

/**
 * Fan-out publishers run at up to a few hundred messages/s each, under ably-local's default 1000 frames/s, but a
 * closed loop can burst; the limit is raised so it never shapes a figure (NACKs are counted anyway).
 */
const MAX_INBOUND_RATE = 100_000;

/** The targets, relative to a raw `ws` broadcast server measured in the same run. */
const TARGETS = { minDeliveriesRatio: 0.5, maxP99Ratio: 2 };

const SCENARIOS: (FanOutScenario & { plan: FanOutPlan })[] = [
  {
    name: 'rooms-100x5',
    rooms: 100,
    subscribersPerRoom: 5,
    plan: {
      warmupMs: 1500,
      saturation: { durationMs: 4000, windowPerRoom: 2, maxMessages: 200_000 },
      fixedRate: { messagesPerSecond: 4000, durationMs: 4000 },
      drainMs: 3000,
    },
  },
  {
    name: 'room-1x1000',
    rooms: 1,
    subscribersPerRoom: 1000,
    plan: {
      warmupMs: 1500,
      saturation: { durationMs: 4000, windowPerRoom: 4, maxMessages: 2000 },
      fixedRate: { messagesPerSecond: 20, durationMs: 4000 },
      drainMs: 3000,
    },
  },
];

const MEMORY_PLAN: MemoryPlan = {
  connections: 5000,
  perChannel: 5,
  warmupConnections: 200,
  concurrency: 100,
  settleMs: 1500,
};

type ServerKind = 'ably-local' | 'ws-baseline';

/** `npm run bench -- ably-local`: fan-out and memory of ably-local against a raw `ws` baseline. */
export async function runAblyLocalBench(): Promise<void> {
  const started = Date.now();
  const machine = await machineInfo();
  const fanOut: Record<string, unknown> = {};
  for (const scenario of SCENARIOS) {
    const runs = {} as Record<ServerKind, FanOutResult>;
    for (const kind of ['ws-baseline', 'ably-local'] as const) {
      progress(`fan-out ${scenario.name} on ${kind}`);
      const server = await startFanOutServer(kind);
      try {
        runs[kind] = await runFanOut(server, KEY, scenario, scenario.plan);
      } finally {
        await server.stop();
      }
    }
    fanOut[scenario.name] = { plan: scenario.plan, ...runs, comparison: compareFanOut(runs) };
  }

  const memory = {} as Record<ServerKind, MemoryResult>;
  const softLimit = machine.openFiles?.soft ?? Infinity;
  if (MEMORY_PLAN.connections + MEMORY_PLAN.warmupConnections + 100 > softLimit) {
    throw new Error(`unable to open ${MEMORY_PLAN.connections} connections; open-file limit is ${softLimit}`);
  }
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
    durationS: 0,
    machine,
    setup: {
      loadGenerator:
        'raw ws clients speaking minimal Ably JSON (CONNECTED/ATTACH/MESSAGE) in the bench process; ' +
        'each room has 1 publisher (echo=false) plus N subscribers',
      servers:
        'each server runs in its own child process (node --import tsx), so server and load generator get one core each',
      ablyLocalFanOut: `createLocalAbly in a child (test/bench/bench-server-main.ts), in-memory storage, realtime.maxInboundRate=${MAX_INBOUND_RATE}`,
      ablyLocalMemory:
        'server/ably-local/main.ts --port 0 (default options) in a child; RSS from /proc/PID/status',
      baseline:
        'test/bench/ws-baseline-server.ts: ws server, each MESSAGE frame broadcast unchanged (one buffer) to every other socket in its room',
      rateLimit: `ably-local maxInboundRate raised to ${MAX_INBOUND_RATE} frames/s/connection (default 1000) for fan-out; NACKs are counted`,
      latency:
        'publish → receive, performance.now() stamped into message data at send, read on receipt (same clock)',
      deliveriesPerSecond: 'from the saturation phase (closed loop)',
      p99: 'from the fixed-rate phase (open loop at the same rate for both servers)',
      targets: TARGETS,
    },
    fanOut,
    memory: { plan: MEMORY_PLAN, ...memory, comparison: compareMemory(memory) },
  };
  result.durationS = round((Date.now() - started) / 1000, 1);
  const path = await writeResult('ably-local', result);
  progress(`wrote ${path}`);
}

function startFanOutServer(kind: ServerKind): Promise<ChildServer> {
  const args = ['--kind', kind, '--key', KEY, '--max-inbound-rate', String(MAX_INBOUND_RATE)];
  return startChildServer(BENCH_SERVER_MAIN, args);
}

function compareFanOut(runs: Record<ServerKind, FanOutResult>) {
  const base = runs['ws-baseline'];
  const local = runs['ably-local'];
  const deliveriesRatio = local.saturation.deliveriesPerSecond / base.saturation.deliveriesPerSecond;
  const p99Ratio = local.fixedRate.latency.p99Ms / base.fixedRate.latency.p99Ms;
  return {
    deliveriesPerSecond: {
      baseline: base.saturation.deliveriesPerSecond,
      ablyLocal: local.saturation.deliveriesPerSecond,
      ratio: round(deliveriesRatio),
      target: `>= ${TARGETS.minDeliveriesRatio}`,
      meetsTarget: deliveriesRatio >= TARGETS.minDeliveriesRatio,
    },
    p99LatencyMs: {
      baseline: base.fixedRate.latency.p99Ms,
      ablyLocal: local.fixedRate.latency.p99Ms,
      ratio: round(p99Ratio),
      target: `<= ${TARGETS.maxP99Ratio}`,
      meetsTarget: p99Ratio <= TARGETS.maxP99Ratio,
    },
    informational: {
      p50RatioFixedRate: round(local.fixedRate.latency.p50Ms / base.fixedRate.latency.p50Ms),
      p99RatioAtSaturation: round(local.saturation.latency.p99Ms / base.saturation.latency.p99Ms),
      serverCpuUsPerDeliveryRatio: round(
        local.saturation.serverCpuUsPerDelivery / base.saturation.serverCpuUsPerDelivery,
      ),
    },
  };
}

function compareMemory(memory: Record<ServerKind, MemoryResult>) {
  const base = memory['ws-baseline'].bytesPerConnection;
  const local = memory['ably-local'].bytesPerConnection;
  return { bytesPerConnection: { baseline: base, ablyLocal: local, ratio: round(local / base) } };
}
