import { performance } from 'node:perf_hooks';
import { mapLimit, sleep } from './bench-support.js';
import type { ChildServer } from './child-server.js';
import { RawAblyClient } from './raw-ably-client.js';

export interface MemoryPlan {
  connections: number;
  /** Connections attached to each channel (rooms of this size). */
  perChannel: number;
  /** Connected, attached and CLOSEd before the baseline reading, so lazy setup is not counted per connection. */
  warmupConnections: number;
  concurrency: number;
  settleMs: number;
}

export interface MemoryResult {
  connections: number;
  channels: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  bytesPerConnection: number;
  connectAndAttachMs: number;
  connectionsPerSecond: number;
}

/** RSS of the server before and after `connections` idle, attached connections (median of three readings). */
export async function measureConnectionMemory(
  server: ChildServer,
  key: string,
  plan: MemoryPlan,
): Promise<MemoryResult> {
  const channelOf = (i: number): string => `bench:memory:${Math.floor(i / plan.perChannel)}`;
  const open = (i: number): Promise<RawAblyClient> =>
    RawAblyClient.connect(server.wsUrl, { key }).then(async (client) => {
      await client.attach(channelOf(i));
      return client;
    });

  const warmup = await mapLimit(range(plan.warmupConnections), plan.concurrency, open);
  for (const client of warmup) client.close();
  await sleep(plan.settleMs);
  const rssBeforeBytes = await medianRss(server);

  const start = performance.now();
  const clients: RawAblyClient[] = [];
  try {
    await mapLimit(range(plan.connections), plan.concurrency, async (i) => {
      clients.push(await open(i));
    });
    const connectAndAttachMs = performance.now() - start;
    await sleep(plan.settleMs);
    const rssAfterBytes = await medianRss(server);
    return {
      connections: plan.connections,
      channels: Math.ceil(plan.connections / plan.perChannel),
      rssBeforeBytes,
      rssAfterBytes,
      bytesPerConnection: Math.round((rssAfterBytes - rssBeforeBytes) / plan.connections),
      connectAndAttachMs: Math.round(connectAndAttachMs),
      connectionsPerSecond: Math.round((plan.connections * 1000) / connectAndAttachMs),
    };
  } finally {
    await server.stop();
    for (const client of clients) client.terminate();
  }
}

async function medianRss(server: ChildServer): Promise<number> {
  const readings: number[] = [];
  for (let i = 0; i < 3; i++) {
    if (i > 0) await sleep(250);
    readings.push(server.rssBytes());
  }
  return readings.sort((a, b) => a - b)[1]!;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
