import { round } from './bench-support.js';
import type { LevelResult } from './widget-bench-long.js';

/** The goals `npm run bench -- widget` checks, each a ratio against the same run's baseline or a bound. */
export const GOALS = {
  /** JavaScript (gzip -9) the element's page downloads before the newest of 50 messages is on screen. */
  firstConversationGzipKB: 80,
  /** Time to the newest of 50 messages, element / baseline, medians. */
  timeRatio: 1.3,
  /** At 1,000 and 5,000 messages loaded. */
  domNodes: 2_000,
  heapRatio: 2,
  longTasksWhileScrolling: 0,
  /** "Costs the same at 5,000 as at 50": ≈ 1, taken as ≤ 1.25 given this machine's run-to-run noise. */
  arrivalRatio: 1.25,
} as const;

/** Levels (messages loaded) the DOM, heap and scrolling goals apply to. */
const LONG = 1_000;

/** A goal, the figure this run measured, and whether it met it (null: not measured). */
export interface Target {
  name: string;
  value: number | null;
  goal: string;
  met: boolean | null;
}

function target(name: string, value: number | null, goal: string, ok: (v: number) => boolean): Target {
  return { name, value, goal, met: value === null ? null : ok(value) };
}

export interface TargetInput {
  firstConversationGzip: number;
  timeRatio: number;
  /** The same two through `embedded-chat.eager.js`. */
  eagerFirstConversationGzip: number;
  eagerTimeRatio: number;
  levels: LevelResult[];
  /** The arrival's main-thread CPU time at the most messages / at the fewest. */
  arrivalRatio: { mainThreadCpu: number };
}

export function targetsOf(r: TargetInput): Target[] {
  const long = r.levels.filter((l) => l.messages >= LONG);
  const fewest = r.levels[0]?.messages;
  const most = r.levels.at(-1)?.messages;
  return [
    target(
      'first conversation download, element (KB gzip)',
      round(r.firstConversationGzip / 1024, 1),
      `≤ ${GOALS.firstConversationGzipKB}`,
      (v) => v <= GOALS.firstConversationGzipKB,
    ),
    target(
      'time to the newest of 50, element / baseline',
      r.timeRatio,
      `≤ ${GOALS.timeRatio}`,
      (v) => v <= GOALS.timeRatio,
    ),
    target(
      'first conversation download, eager entry (KB gzip)',
      round(r.eagerFirstConversationGzip / 1024, 1),
      `≤ ${GOALS.firstConversationGzipKB}`,
      (v) => v <= GOALS.firstConversationGzipKB,
    ),
    target(
      'time to the newest of 50, eager entry / baseline',
      r.eagerTimeRatio,
      `≤ ${GOALS.timeRatio}`,
      (v) => v <= GOALS.timeRatio,
    ),
    ...long.map((l) =>
      target(
        `DOM nodes at ${l.messages}, element`,
        l.element.heap.domNodes ?? null,
        `≤ ${GOALS.domNodes}`,
        (v) => v <= GOALS.domNodes,
      ),
    ),
    ...long.map((l) =>
      target(
        `JS heap at ${l.messages}, element / baseline`,
        l.ratio.jsHeapUsed,
        `≤ ${GOALS.heapRatio}`,
        (v) => v <= GOALS.heapRatio,
      ),
    ),
    // The baseline keeps its messages as DOM text (Blink's heap), the element as objects (V8's): the JS heap
    // alone compares unlike things, so the page's whole heap is reported beside it.
    ...long.map((l) =>
      target(
        `JS + DOM heap at ${l.messages}, element / baseline`,
        l.ratio.jsAndEmbedderHeap ?? null,
        `≤ ${GOALS.heapRatio}`,
        (v) => v <= GOALS.heapRatio,
      ),
    ),
    ...long.map((l) =>
      target(
        `tasks > 50 ms scrolling through ${l.messages}, element`,
        l.element.scroll.longTasks,
        `${GOALS.longTasksWhileScrolling}`,
        (v) => v <= GOALS.longTasksWhileScrolling,
      ),
    ),
    target(
      `a message arriving, main-thread CPU at ${most} / at ${fewest}, element`,
      r.arrivalRatio.mainThreadCpu,
      `≈ 1 (≤ ${GOALS.arrivalRatio})`,
      (v) => v <= GOALS.arrivalRatio,
    ),
  ];
}
