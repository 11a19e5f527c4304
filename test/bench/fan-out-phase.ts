import { performance } from 'node:perf_hooks';
import { round, summarizeLatencies, type LatencySummary } from './bench-support.js';
import type { GcPause } from './child-server.js';

export interface PhaseResult {
  publishedMessages: number;
  expectedDeliveries: number;
  deliveries: number;
  lostDeliveries: number;
  durationMs: number;
  deliveriesPerSecond: number;
  latency: LatencySummary;
  /** CPU the server process used during the phase (incl. drain), and per delivery. */
  serverCpuMs: number;
  serverCpuUsPerDelivery: number;
  /** CPU of the load generator; close to the phase's wall time means the generator was the limit. */
  clientCpuMs: number;
  /** Busy CPU of the machine not used by the server or the generator: other work competing for the cores. */
  backgroundCpuMs: number;
  nacks: number;
  /** Distinct NACK/ERROR messages the publishers got. */
  errors: string[];
  /** The server's main-thread GC pauses during the phase (incl. drain): a message arriving in one waits. */
  serverGc: GcSummary;
}

export interface GcSummary {
  pauses: number;
  totalMs: number;
  meanMs: number;
  maxMs: number;
  /** Share of the phase's wall time the server's main thread was paused by GC, in %. */
  pausedPercent: number;
}

/** The pauses that started within [from, to] (epoch ms). */
export function summarizeGcPauses(pauses: readonly GcPause[], from: number, to: number): GcSummary {
  const inside = pauses.filter(([at]) => at >= from && at <= to).map(([, ms]) => ms);
  const totalMs = inside.reduce((sum, ms) => sum + ms, 0);
  return {
    pauses: inside.length,
    totalMs: round(totalMs, 1),
    meanMs: inside.length > 0 ? round(totalMs / inside.length) : 0,
    maxMs: round(Math.max(0, ...inside)),
    pausedPercent: to > from ? round((totalMs * 100) / (to - from)) : 0,
  };
}

/** CPU readings taken around a phase by the runner. */
export interface PhaseCost {
  serverCpuMs: number;
  clientCpuMs: number;
  machineBusyMs: number;
  nacks: number;
  errors: string[];
  serverGc: GcSummary;
}

/**
 * One measured phase: latency samples, deliveries per message and completion. Messages are numbered; a
 * message is complete once every subscriber of its room has it.
 */
export class FanOutPhase {
  readonly latencies: Float64Array;
  readonly roomOf: Int32Array;
  published = 0;
  deliveries = 0;
  completed = 0;
  readonly startedAt = performance.now();
  /** Closed-loop phases count deliveries/s over a fixed window; open-loop ones up to the last delivery. */
  windowEndsAt = Infinity;
  onComplete?: (index: number) => void;
  private readonly _counts: Uint16Array;
  private _deliveriesInWindow = 0;
  private _lastDeliveryAt = 0;

  constructor(
    readonly id: number,
    readonly maxMessages: number,
    readonly fanOut: number,
  ) {
    this.latencies = new Float64Array(maxMessages * fanOut);
    this._counts = new Uint16Array(maxMessages);
    this.roomOf = new Int32Array(maxMessages);
  }

  get done(): boolean {
    return this.completed === this.published;
  }

  delivered(index: number, sentAt: number): void {
    if (index >= this.published || this._counts[index] === this.fanOut) return; // not ours, or a duplicate
    const now = performance.now();
    this.latencies[this.deliveries++] = now - sentAt;
    if (now <= this.windowEndsAt) this._deliveriesInWindow++;
    this._lastDeliveryAt = now;
    if (++this._counts[index]! === this.fanOut) {
      this.completed++;
      this.onComplete?.(index);
    }
  }

  result(cost: PhaseCost): PhaseResult {
    const bounded = Number.isFinite(this.windowEndsAt);
    const durationMs = (bounded ? this.windowEndsAt : this._lastDeliveryAt) - this.startedAt;
    const counted = bounded ? this._deliveriesInWindow : this.deliveries;
    const expected = this.published * this.fanOut;
    return {
      publishedMessages: this.published,
      expectedDeliveries: expected,
      deliveries: this.deliveries,
      lostDeliveries: expected - this.deliveries,
      durationMs: round(Math.max(0, durationMs), 1),
      deliveriesPerSecond: durationMs > 0 ? Math.round((counted * 1000) / durationMs) : 0,
      latency: summarizeLatencies(this.latencies, this.deliveries),
      serverCpuMs: round(cost.serverCpuMs, 1),
      serverCpuUsPerDelivery: round((cost.serverCpuMs * 1000) / Math.max(1, this.deliveries)),
      clientCpuMs: round(cost.clientCpuMs, 1),
      backgroundCpuMs: round(Math.max(0, cost.machineBusyMs - cost.serverCpuMs - cost.clientCpuMs), 1),
      nacks: cost.nacks,
      errors: cost.errors,
      serverGc: cost.serverGc,
    };
  }
}
