import { kb, type FileSize } from '../../widget/build/report-build.js';
import { round } from './bench-support.js';
import type { HeapReading, TimedRun } from './widget-bench-browser.js';

/** How the widget bench summarises its samples, and the lines it prints for people. */

export interface Spread {
  medianMs: number;
  minMs: number;
  maxMs: number;
  samplesMs: number[];
}

export function spread(samples: number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { medianMs: round(median, 1), minMs: sorted[0]!, maxMs: sorted.at(-1)!, samplesMs: samples };
}

export function summarize(runs: TimedRun[]) {
  const medianOf = (pick: (r: TimedRun) => number | null) => {
    const values = runs.map(pick).filter((v): v is number => v !== null);
    return values.length === 0 ? null : spread(values).medianMs;
  };
  return {
    fromNavigation: spread(runs.map((r) => r.fromNavigationMs)),
    fromAppend: spread(runs.map((r) => r.fromAppendMs)),
    /** Medians of the milestones on the way, ms since navigation start (resource timing). */
    milestonesMs: {
      scriptsLoaded: medianOf((r) => r.scriptsLoadedMs),
      tokenAnswered: medianOf((r) => r.tokenAnsweredMs),
      historyAnswered: medianOf((r) => r.historyAnsweredMs),
      rendered: medianOf((r) => r.fromNavigationMs),
    },
    jsBytesFetched: runs[0]?.jsBytes ?? 0,
  };
}

export function totalOf(parts: FileSize[]): Omit<FileSize, 'file'> {
  const sum = (key: 'raw' | 'gzip' | 'brotli') => parts.reduce((n, p) => n + p[key], 0);
  return { raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') };
}

/** Element / baseline, as measured and above an empty page (what each adds to a renderer). */
export function heapRatio(element: HeapReading, bare: HeapReading, empty: HeapReading) {
  const above = (r: HeapReading) => r.jsHeapUsedBytes - empty.jsHeapUsedBytes;
  return {
    jsHeapUsed: round(element.jsHeapUsedBytes / bare.jsHeapUsedBytes),
    jsHeapUsedAboveEmptyPage: round(above(element) / above(bare)),
    ...(element.domNodes && bare.domNodes ? { domNodes: round(element.domNodes / bare.domNodes) } : {}),
  };
}

const milestones = (s: ReturnType<typeof summarize>) =>
  Object.values(s.milestonesMs)
    .map((v) => v ?? '–')
    .join(' / ');

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export type TimingSummary = ReturnType<typeof summarize>;

/** The parts of the bench's result the summary prints. */
export interface SummaryInput {
  sizes: {
    elementLoader: FileSize;
    elementEnglishPage: Omit<FileSize, 'file'>;
    baseline: FileSize;
    budgetProblems: string[];
  };
  timeToFirstConversation: {
    element: TimingSummary;
    baseline: TimingSummary;
    ratio: { fromNavigation: number; fromAppend: number };
    targetRatio: number;
  };
  heap: {
    messages: number;
    element: HeapReading & { atAll: HeapReading };
    baseline: HeapReading & { atAll: HeapReading };
    emptyPage: HeapReading;
    elementPageBackMs: number;
  };
  durationSeconds: number;
}

/** A few lines for people, on stderr (stdout is the JSON). */
export function printSummary(r: SummaryInput): void {
  const s = r.sizes;
  const t = r.timeToFirstConversation;
  const h = r.heap;
  const size = (f: Omit<FileSize, 'file'>) => `${kb(f.raw)} raw, ${kb(f.gzip)} gzip, ${kb(f.brotli)} brotli`;
  const nodes = (reading: HeapReading) => `${reading.domNodes ?? '?'} DOM nodes`;
  const lines = [
    `embedded-chat bench (${r.durationSeconds} s)`,
    `  loader             ${size(s.elementLoader)}`,
    `  element page       ${size(s.elementEnglishPage)}`,
    `  baseline page      ${size(s.baseline)}`,
    ...s.budgetProblems.map((p) => `  over budget: ${p}`),
    `  first conversation, median of ${t.element.fromNavigation.samplesMs.length} from navigation start: ` +
      `element ${t.element.fromNavigation.medianMs} ms, baseline ${t.baseline.fromNavigation.medianMs} ms → ` +
      `ratio ${t.ratio.fromNavigation} (target ≤ ${t.targetRatio}); from append ` +
      `${t.element.fromAppend.medianMs} vs ${t.baseline.fromAppend.medianMs} ms → ${t.ratio.fromAppend}`,
    `  milestones (median ms from navigation: scripts loaded / token / history / rendered): ` +
      `element ${milestones(t.element)}, baseline ${milestones(t.baseline)}`,
    `  JS heap, ${h.messages} messages: element ${mb(h.element.atAll.jsHeapUsedBytes)} (${nodes(h.element.atAll)}), ` +
      `baseline ${mb(h.baseline.atAll.jsHeapUsedBytes)} (${nodes(h.baseline.atAll)}), empty page ${mb(h.emptyPage.jsHeapUsedBytes)}`,
    `  JS heap, ${h.element.messages} messages: element ${mb(h.element.jsHeapUsedBytes)}, ` +
      `baseline ${mb(h.baseline.jsHeapUsedBytes)}; paging back to ${h.messages} took the element ` +
      `${(h.elementPageBackMs / 1000).toFixed(1)} s`,
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
}
