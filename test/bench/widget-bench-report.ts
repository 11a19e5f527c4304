import { round } from './bench-support.js';
import type { Milestones, TimedRun } from './widget-bench-browser.js';

/** How the widget bench summarises its samples. */

export interface Spread {
  medianMs: number;
  minMs: number;
  maxMs: number;
  samplesMs: number[];
}

export function spread(samples: number[]): Spread {
  return {
    medianMs: round(median(samples), 1),
    minMs: Math.min(...samples),
    maxMs: Math.max(...samples),
    samplesMs: samples,
  };
}

/** Ratios' median and range. */
export function ratios(samples: number[]) {
  return {
    median: round(median(samples)),
    min: round(Math.min(...samples)),
    max: round(Math.max(...samples)),
    samples: samples.map((v) => round(v)),
  };
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

type MilestoneName = keyof Milestones;

/**
 * The way to the first conversation, one step after another (ms since navigation start). The page needs both
 * its code and its token before it can connect: whichever came last starts the connection (the element's
 * loader asks for the token while the chat chunk downloads, so that step can take no time).
 */
const STEPS: { name: string; at: (m: Milestones) => number | null }[] = [
  { name: 'scripts loaded', at: (m) => m.scriptsLoaded },
  { name: 'code evaluated', at: (m) => m.codeEvaluated },
  { name: 'code and token', at: (m) => maxOf(m.codeEvaluated, m.tokenAnswered) },
  { name: 'socket opened', at: (m) => m.socketOpened },
  { name: 'connected', at: (m) => m.connected },
  { name: 'attached', at: (m) => m.attached },
  { name: 'history requested', at: (m) => m.historyRequested },
  { name: 'history answered', at: (m) => m.historyAnswered },
  { name: 'rendered', at: (m) => m.rendered },
  { name: 'interactive', at: (m) => m.interactive },
];

function maxOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

/** One step of the way: how long it took and how much of that the main thread spent in tasks over 50 ms. */
export interface Segment {
  from: string;
  to: string;
  medianMs: number;
  longTaskMedianMs: number;
}

function segments(runs: TimedRun[]): Segment[] {
  const out: Segment[] = [];
  let from = { name: 'navigation', at: (_: Milestones): number | null => 0 };
  for (const step of STEPS) {
    const spans = runs.flatMap((r) => {
      const start = from.at(r.milestones);
      const end = step.at(r.milestones);
      return start === null || end === null ? [] : [{ start, end, tasks: r.longTasks }];
    });
    if (spans.length === 0) continue;
    out.push({
      from: from.name,
      to: step.name,
      medianMs: round(median(spans.map((s) => s.end - s.start)), 1),
      longTaskMedianMs: round(median(spans.map((s) => blockedWithin(s.tasks, s.start, s.end))), 1),
    });
    from = step;
  }
  return out;
}

/** Milliseconds of [start, end] covered by the long tasks. */
function blockedWithin(tasks: { start: number; duration: number }[], start: number, end: number): number {
  let blocked = 0;
  for (const t of tasks)
    blocked += Math.max(0, Math.min(end, t.start + t.duration) - Math.max(start, t.start));
  return blocked;
}

export function summarize(runs: TimedRun[]) {
  const milestone = (name: MilestoneName) => {
    const values = runs.map((r) => r.milestones[name]).filter((v): v is number => v !== null);
    return values.length === 0 ? null : round(median(values), 1);
  };
  const names = Object.keys(runs[0]?.milestones ?? {}) as MilestoneName[];
  const between = (from: MilestoneName, to: MilestoneName) => {
    const values = runs.flatMap((r) => {
      const a = r.milestones[from];
      const b = r.milestones[to];
      return a === null || b === null ? [] : [b - a];
    });
    return values.length === 0 ? null : round(median(values), 1);
  };
  return {
    /** Navigation start → the newest message's text in the DOM. */
    fromNavigation: spread(runs.map((r) => r.milestones.rendered)),
    fromAppend: spread(runs.map((r) => r.fromAppendMs)),
    /** Medians, ms since navigation start. */
    milestonesMs: Object.fromEntries(names.map((n) => [n, milestone(n)])) as Record<
      MilestoneName,
      number | null
    >,
    tokenToHistoryAnsweredMs: between('tokenAnswered', 'historyAnswered'),
    historyAnsweredToRenderedMs: between('historyAnswered', 'rendered'),
    /** Medians of each step's duration over the runs (so they need not add up to the medians above). */
    segments: segments(runs),
    newestOnScreen: `${runs.filter((r) => r.newestOnScreen).length} of ${runs.length} runs`,
    rowsAtRender: median(runs.map((r) => r.rowsAtRender)),
  };
}

export type TimingSummary = ReturnType<typeof summarize>;

export const ratio = (a: number, b: number) => round(a / b);
