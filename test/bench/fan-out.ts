import { performance } from 'node:perf_hooks';
import { mapLimit, round, sleep } from './bench-support.js';
import type { ChildServer } from './child-server.js';
import { FanOutPhase, summarizeGcPauses, type PhaseResult } from './fan-out-phase.js';
import { machineBusyMs } from './proc-stats.js';
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
  /** Open loop at a fixed rate, spread round-robin over the rooms: the latency figure. */
  fixedRate: { messagesPerSecond: number; durationMs: number };
  /** Longest wait for stragglers after a phase. */
  drainMs: number;
}

export interface FanOutResult {
  connectAndAttachMs: number;
  saturation: PhaseResult;
  fixedRate: PhaseResult;
  serverRssBytes: { afterAttach: number; atEnd: number };
  /** RSS growth over every message published (warm-up included): what the server keeps per message. */
  rssGrowthPerMessageBytes: number;
  /** MESSAGE frames that arrived after their phase ended or were unreadable; in no figure. */
  strayFrames: number;
}

/** `data` of each published message, JSON-escaped inside the frame: phase, message index, send time. */
const PROBE = /\\"p\\":(\d+),\\"i\\":(\d+),\\"t\\":([\d.]+)/;
const CONNECT_CONCURRENCY = 50;

/**
 * Fan-out against one server: `rooms` channels, each with one publisher (echo off) and `subscribersPerRoom`
 * subscribers, all raw protocol clients in this process. Latency is publish → receive on one clock.
 */
export async function runFanOut(
  server: ChildServer,
  key: string,
  scenario: FanOutScenario,
  plan: FanOutPlan,
): Promise<FanOutResult> {
  let current: FanOutPhase | undefined;
  let strays = 0;
  const onMessage = (frame: string): void => {
    const probe = PROBE.exec(frame);
    if (!probe || current?.id !== Number(probe[1])) return void strays++;
    current.delivered(Number(probe[2]), Number(probe[3]));
  };
  const channels = Array.from({ length: scenario.rooms }, (_, r) => `bench:${scenario.name}:${r}`);
  const connectStart = performance.now();
  const join = (channel: string, options: { echo?: boolean; onMessage?: (frame: string) => void }) =>
    RawAblyClient.connect(server.wsUrl, { key, ...options }).then(async (client) => {
      await client.attach(channel);
      return client;
    });
  const publishers = await mapLimit(channels, CONNECT_CONCURRENCY, (c) => join(c, { echo: false }));
  const subscribers: RawAblyClient[] = [];
  try {
    const memberships = channels.flatMap((c) => Array<string>(scenario.subscribersPerRoom).fill(c));
    await mapLimit(memberships, CONNECT_CONCURRENCY, async (c) => {
      subscribers.push(await join(c, { onMessage }));
    });
    const connectAndAttachMs = performance.now() - connectStart;
    const afterAttach = server.rssBytes();
    let phaseId = 0;
    let totalPublished = 0;

    const publish = (phase: FanOutPhase, room: number): void => {
      const index = phase.published++;
      phase.roomOf[index] = room;
      publishers[room]!.publish(channels[room]!, `{"p":${phase.id},"i":${index},"t":${performance.now()}}`);
    };
    const measure = async (phase: FanOutPhase, drive: () => Promise<void>): Promise<PhaseResult> => {
      const nacksBefore = publishers.reduce((n, p) => n + p.nacks, 0);
      const [serverBefore, clientBefore, machineBefore] = [
        server.cpuMs(),
        process.cpuUsage(),
        machineBusyMs(),
      ];
      const startedAt = Date.now();
      current = phase;
      await drive();
      const drainUntil = performance.now() + plan.drainMs;
      while (!phase.done && performance.now() < drainUntil) await sleep(10);
      current = undefined;
      const endedAt = Date.now();
      totalPublished += phase.published;
      const client = process.cpuUsage(clientBefore);
      const serverGc = summarizeGcPauses(await server.gcPauses(), startedAt, endedAt);
      return phase.result({
        serverGc,
        serverCpuMs: server.cpuMs() - serverBefore,
        clientCpuMs: (client.user + client.system) / 1000,
        machineBusyMs: machineBusyMs() - machineBefore,
        nacks: publishers.reduce((n, p) => n + p.nacks, 0) - nacksBefore,
        errors: [...new Set(publishers.flatMap((p) => p.takeErrors()))],
      });
    };
    const saturate = (durationMs: number): Promise<PhaseResult> => {
      const { windowPerRoom, maxMessages } = plan.saturation;
      const phase = new FanOutPhase(++phaseId, maxMessages, scenario.subscribersPerRoom);
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
      const phase = new FanOutPhase(++phaseId, total, scenario.subscribersPerRoom);
      return measure(phase, async () => {
        while (phase.published < total) {
          const elapsed = performance.now() - phase.startedAt;
          const due = Math.min(total, Math.floor((elapsed * messagesPerSecond) / 1000));
          while (phase.published < due) publish(phase, phase.published % scenario.rooms);
          await sleep(2);
        }
      });
    };

    await saturate(plan.warmupMs);
    const saturation = await saturate(plan.saturation.durationMs);
    const fixed = await fixedRate();
    const atEnd = server.rssBytes();
    return {
      connectAndAttachMs: Math.round(connectAndAttachMs),
      saturation,
      fixedRate: fixed,
      serverRssBytes: { afterAttach, atEnd },
      rssGrowthPerMessageBytes: round((atEnd - afterAttach) / Math.max(1, totalPublished), 0),
      strayFrames: strays,
    };
  } finally {
    for (const client of [...publishers, ...subscribers]) client.close();
  }
}
