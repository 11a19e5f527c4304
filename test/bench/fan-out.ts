import { performance } from 'node:perf_hooks';
import { mapLimit, round, sleep, summarizeLatencies, type LatencySummary } from './bench-support.js';
import type { ChildServer } from './child-server.js';
import { RawAblyClient } from './raw-ably-client.js';

export interface FanOutScenario {
  name: string;
  rooms: number;
  subscribersPerRoom: number;
}

export interface FanOutPlan {
  /** A discarded saturation phase, so both sides are JIT-warm before anything is measured. */
  warmupMs: number;
  /**
   * Closed loop: each room keeps `windowPerRoom` messages in flight (published, not yet received by every
   * subscriber) for `durationMs`; deliveries/s is the capacity figure. Capped at `maxMessages`.
   */
  saturation: { durationMs: number; windowPerRoom: number; maxMessages: number };
  /** Open loop at a fixed rate both servers sustain: the latency figure. */
  fixedRate: { messagesPerSecond: number; durationMs: number };
  /** Longest wait for stragglers after a phase. */
  drainMs: number;
}

export interface PhaseResult {
  publishedMessages: number;
  expectedDeliveries: number;
  deliveries: number;
  lostDeliveries: number;
  durationMs: number;
  deliveriesPerSecond: number;
  latency: LatencySummary;
  /** CPU the server process used during the phase (incl. drain), per delivery. */
  serverCpuMs: number;
  serverCpuUsPerDelivery: number;
  /** CPU of this (load generator) process during the phase; near durationMs means the generator was the limit. */
  clientCpuMs: number;
  nacks: number;
}

export interface FanOutResult {
  rooms: number;
  subscribersPerRoom: number;
  publishers: number;
  connectAndAttachMs: number;
  saturation: PhaseResult;
  fixedRate: PhaseResult;
  serverRssBytes: { afterAttach: number; atEnd: number };
  /** MESSAGE frames that arrived after their phase ended (or were unreadable); not in any figure. */
  strayFrames: number;
}

/** `data` of each published message: JSON with the phase, the message index and the send time. */
const PROBE = /\\"p\\":(\d+),\\"i\\":(\d+),\\"t\\":([\d.]+)/;
const CONNECT_CONCURRENCY = 50;

/** Tracks one phase: latency samples, deliveries per message and completion. */
class Phase {
  readonly latencies: Float64Array;
  readonly counts: Uint16Array;
  readonly roomOf: Int32Array;
  published = 0;
  deliveries = 0;
  deliveriesInWindow = 0;
  completed = 0;
  startedAt = performance.now();
  windowEndsAt = Infinity;
  lastDeliveryAt = 0;
  onComplete?: (index: number) => void;

  constructor(
    readonly id: number,
    readonly maxMessages: number,
    readonly fanOut: number,
  ) {
    this.latencies = new Float64Array(maxMessages * fanOut);
    this.counts = new Uint16Array(maxMessages);
    this.roomOf = new Int32Array(maxMessages);
  }

  get done(): boolean {
    return this.completed === this.published;
  }

  delivered(index: number, sentAt: number): void {
    const now = performance.now();
    this.latencies[this.deliveries++] = now - sentAt;
    if (now <= this.windowEndsAt) this.deliveriesInWindow++;
    this.lastDeliveryAt = now;
    if (++this.counts[index]! === this.fanOut) {
      this.completed++;
      this.onComplete?.(index);
    }
  }
}

/**
 * Fan-out against one server: `rooms` channels, each with one publisher (echo off) and `subscribersPerRoom`
 * subscribers, all raw protocol clients in this process. Latency is publish → receive on the same clock.
 */
export async function runFanOut(
  server: ChildServer,
  key: string,
  scenario: FanOutScenario,
  plan: FanOutPlan,
): Promise<FanOutResult> {
  let current: Phase | undefined;
  let strays = 0;
  const onMessage = (frame: string): void => {
    const probe = PROBE.exec(frame);
    if (!probe || current?.id !== Number(probe[1])) return void strays++;
    current.delivered(Number(probe[2]), Number(probe[3]));
  };
  const channels = Array.from({ length: scenario.rooms }, (_, r) => `bench:${scenario.name}:${r}`);
  const connectStart = performance.now();
  const publishers = await mapLimit(channels, CONNECT_CONCURRENCY, async (channel) => {
    const client = await RawAblyClient.connect(server.wsUrl, { key, echo: false });
    await client.attach(channel);
    return client;
  });
  const subscriberChannels = channels.flatMap((c) => Array<string>(scenario.subscribersPerRoom).fill(c));
  const subscribers = await mapLimit(subscriberChannels, CONNECT_CONCURRENCY, async (channel) => {
    const client = await RawAblyClient.connect(server.wsUrl, { key, onMessage });
    await client.attach(channel);
    return client;
  });
  const connectAndAttachMs = performance.now() - connectStart;
  const afterAttach = server.rssBytes();

  const publish = (phase: Phase, room: number): void => {
    const index = phase.published++;
    phase.roomOf[index] = room;
    const data = `{"p":${phase.id},"i":${index},"t":${performance.now()}}`;
    publishers[room]!.publish(channels[room]!, data);
  };
  const measure = async (phase: Phase, drive: () => Promise<void>): Promise<PhaseResult> => {
    const nacksBefore = publishers.reduce((n, p) => n + p.nacks, 0);
    const cpuBefore = server.cpuMs();
    const clientBefore = process.cpuUsage();
    current = phase;
    await drive();
    const drainUntil = performance.now() + plan.drainMs;
    while (!phase.done && performance.now() < drainUntil) await sleep(10);
    current = undefined;
    const clientCpu = process.cpuUsage(clientBefore);
    const serverCpuMs = server.cpuMs() - cpuBefore;
    return phaseResult(phase, serverCpuMs, (clientCpu.user + clientCpu.system) / 1000, nacksBefore);
  };
  const phaseResult = (phase: Phase, serverCpuMs: number, clientCpuMs: number, nacksBefore: number) => {
    const bounded = Number.isFinite(phase.windowEndsAt);
    const durationMs = (bounded ? phase.windowEndsAt : phase.lastDeliveryAt) - phase.startedAt;
    const counted = bounded ? phase.deliveriesInWindow : phase.deliveries;
    const expected = phase.published * phase.fanOut;
    return {
      publishedMessages: phase.published,
      expectedDeliveries: expected,
      deliveries: phase.deliveries,
      lostDeliveries: expected - phase.deliveries,
      durationMs: round(durationMs, 1),
      deliveriesPerSecond: Math.round((counted * 1000) / durationMs),
      latency: summarizeLatencies(phase.latencies, phase.deliveries),
      serverCpuMs: round(serverCpuMs, 1),
      serverCpuUsPerDelivery: round((serverCpuMs * 1000) / Math.max(1, phase.deliveries)),
      clientCpuMs: round(clientCpuMs, 1),
      nacks: publishers.reduce((n, p) => n + p.nacks, 0) - nacksBefore,
    };
  };

  const fanOut = scenario.subscribersPerRoom;
  let phaseId = 0;
  const saturate = (durationMs: number): Promise<PhaseResult> => {
    const { windowPerRoom, maxMessages } = plan.saturation;
    const phase = new Phase(++phaseId, maxMessages, fanOut);
    return measure(phase, async () => {
      phase.windowEndsAt = phase.startedAt + durationMs;
      const next = (room: number): void => {
        if (phase.published < maxMessages && performance.now() < phase.windowEndsAt) publish(phase, room);
      };
      phase.onComplete = (index) => next(phase.roomOf[index]!);
      for (let w = 0; w < windowPerRoom; w++) for (let room = 0; room < scenario.rooms; room++) next(room);
      await sleep(durationMs);
    });
  };
  const fixedRate = (): Promise<PhaseResult> => {
    const { messagesPerSecond, durationMs } = plan.fixedRate;
    const total = Math.round((messagesPerSecond * durationMs) / 1000);
    const phase = new Phase(++phaseId, total, fanOut);
    return measure(phase, async () => {
      while (phase.published < total) {
        const due = Math.min(
          total,
          Math.floor(((performance.now() - phase.startedAt) * messagesPerSecond) / 1000),
        );
        while (phase.published < due) publish(phase, phase.published % scenario.rooms);
        await sleep(2);
      }
    });
  };

  try {
    await saturate(plan.warmupMs);
    const saturation = await saturate(plan.saturation.durationMs);
    const fixed = await fixedRate();
    return {
      rooms: scenario.rooms,
      subscribersPerRoom: scenario.subscribersPerRoom,
      publishers: publishers.length,
      connectAndAttachMs: Math.round(connectAndAttachMs),
      saturation,
      fixedRate: fixed,
      serverRssBytes: { afterAttach, atEnd: server.rssBytes() },
      strayFrames: strays,
    };
  } finally {
    for (const client of [...publishers, ...subscribers]) client.close();
  }
}
