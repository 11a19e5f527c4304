import type { HeapReading, Milestones } from './widget-bench-browser.js';
import type { Download } from './widget-bench-download.js';
import type { ArrivalCost, LevelReading } from './widget-bench-long.js';
import type { TimingSummary } from './widget-bench-report.js';
import type { Target } from './widget-bench-targets.js';

/** The parts of the widget bench's result the summary prints. */
export interface SummaryInput {
  machine: { cpuModel: string; cpuCount: number };
  loadAverage: { start: number[]; end: number[] };
  browser: string;
  targets: Target[];
  download: {
    element: { firstConversation: Download; firstSeconds: Download };
    eager: { firstConversation: Download; firstSeconds: Download };
    baseline: { firstConversation: Download; firstSeconds: Download };
    ratio: {
      firstConversationGzip: number;
      firstSecondsGzip: number;
      eagerFirstConversationGzip: number;
      eagerFirstSecondsGzip: number;
    };
  };
  timeToFirstConversation: {
    element: TimingSummary;
    eager: TimingSummary;
    baseline: TimingSummary;
    ratio: {
      fromNavigation: number;
      eagerFromNavigation: number;
      fromAppend: number;
      perRound: { median: number; min: number; max: number };
      eagerPerRound: { median: number; min: number; max: number };
    };
  };
  longConversations: {
    emptyPage: HeapReading;
    levels: {
      messages: number;
      element: LevelReading & { arrival: ArrivalCost };
      baseline: LevelReading;
      ratio: { jsHeapUsed: number; domNodes?: number };
    }[];
    arrivalRatio: {
      mainThreadCpu: number;
      task: number;
      frameToDom: number;
      frameToPaint: number;
      publishToPaint: number;
    };
  };
  durationSeconds: number;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (v: number | null) => (v === null ? '–' : `${Math.round(v)}`);
const MILESTONES: [keyof Milestones, string][] = [
  ['scriptsLoaded', 'scripts'],
  ['codeEvaluated', 'code'],
  ['tokenRequested', 'token asked'],
  ['tokenAnswered', 'token'],
  ['socketOpened', 'socket'],
  ['connected', 'connected'],
  ['attached', 'attached'],
  ['historyRequested', 'hist. asked'],
  ['historyAnswered', 'history'],
  ['rendered', 'rendered'],
  ['afterPaintChunkLoaded', 'extras'],
  ['interactive', 'interactive'],
];

function files(d: Download): string {
  return d.files.map((f) => `${f.path.replace(/^\/(dist|bare)\//, '')} ${kb(f.gzip)}`).join(', ');
}

function row(label: string, cells: string[], width = 14, labelWidth = 36): string {
  return `  ${label.padEnd(labelWidth)}${cells.map((c) => c.padStart(width)).join('')}`;
}

/** A readable account on stderr (stdout is the JSON). */
export function printSummary(r: SummaryInput): void {
  const d = r.download;
  const t = r.timeToFirstConversation;
  const levels = r.longConversations.levels;
  const arrival = r.longConversations.arrivalRatio;
  const perLevel = (label: string, cell: (l: (typeof levels)[number]) => string) =>
    row(label, levels.map(cell));
  const tasks = (s: LevelReading['scroll']) =>
    `${s.longTasks}/${s.longestTaskMs === null ? '<50' : Math.round(s.longestTaskMs)}/${Math.round(s.longestFrameMs)}`;
  const step = (x?: { medianMs: number; longTaskMedianMs: number }) =>
    x ? `${ms(x.medianMs)} (${ms(x.longTaskMedianMs)})` : '–';
  const lines = [
    `embedded-chat bench: ${r.durationSeconds} s, ${r.machine.cpuCount} × ${r.machine.cpuModel}, ${r.browser}`,
    `  load average (1 min) ${r.loadAverage.start[0]} at the start, ${r.loadAverage.end[0]} at the end`,
    '',
    'JavaScript downloaded (gzip -9 of the files fetched)',
    `  first conversation  element ${kb(d.element.firstConversation.gzip)} (${files(d.element.firstConversation)})`,
    `                      eager ${kb(d.eager.firstConversation.gzip)} (${files(d.eager.firstConversation)})`,
    `                      baseline ${kb(d.baseline.firstConversation.gzip)} → element ${d.ratio.firstConversationGzip}×, ` +
      `eager ${d.ratio.eagerFirstConversationGzip}×`,
    `  first seconds       element ${kb(d.element.firstSeconds.gzip)} (${files(d.element.firstSeconds)})`,
    `                      eager ${kb(d.eager.firstSeconds.gzip)}`,
    `                      baseline ${kb(d.baseline.firstSeconds.gzip)} → element ${d.ratio.firstSecondsGzip}×, ` +
      `eager ${d.ratio.eagerFirstSecondsGzip}×`,
    '',
    `Time to the newest of 50 messages (median of ${t.element.fromNavigation.samplesMs.length} loads each, in turn)`,
    `  element ${t.element.fromNavigation.medianMs} ms, baseline ${t.baseline.fromNavigation.medianMs} ms → ` +
      `${t.ratio.fromNavigation} (per round: median ${t.ratio.perRound.median}, ${t.ratio.perRound.min}–${t.ratio.perRound.max}); ` +
      `from append ${t.element.fromAppend.medianMs} vs ${t.baseline.fromAppend.medianMs} ms → ${t.ratio.fromAppend}`,
    `  eager entry ${t.eager.fromNavigation.medianMs} ms → ${t.ratio.eagerFromNavigation} ` +
      `(per round: median ${t.ratio.eagerPerRound.median}, ${t.ratio.eagerPerRound.min}–${t.ratio.eagerPerRound.max})`,
    '  milestones, median ms since navigation start:',
    row(
      '',
      MILESTONES.map(([, label]) => label),
      12,
      10,
    ),
    row(
      'element',
      MILESTONES.map(([key]) => ms(t.element.milestonesMs[key])),
      12,
      10,
    ),
    row(
      'eager',
      MILESTONES.map(([key]) => ms(t.eager.milestonesMs[key])),
      12,
      10,
    ),
    row(
      'baseline',
      MILESTONES.map(([key]) => ms(t.baseline.milestonesMs[key])),
      12,
      10,
    ),
    row('steps, median ms (in tasks > 50 ms)', ['element', 'eager', 'baseline'], 14, 44),
    ...t.element.segments.map((s) => {
      const same = (x: { from: string; to: string }) => x.from === s.from && x.to === s.to;
      return row(
        `  ${s.from} → ${s.to}`,
        [step(s), step(t.eager.segments.find(same)), step(t.baseline.segments.find(same))],
        14,
        44,
      );
    }),
    `  token → history answered: element ${ms(t.element.tokenToHistoryAnsweredMs)} ms, baseline ` +
      `${ms(t.baseline.tokenToHistoryAnsweredMs)} ms; history answered → rendered: element ` +
      `${ms(t.element.historyAnsweredToRenderedMs)} ms, baseline ${ms(t.baseline.historyAnsweredToRenderedMs)} ms`,
    `  newest on screen when rendered: element ${t.element.newestOnScreen}, baseline ${t.baseline.newestOnScreen}`,
    '',
    row(
      'Long conversations (messages loaded)',
      levels.map((l) => `${l.messages}`),
    ),
    perLevel('DOM nodes, element', (l) => `${l.element.heap.domNodes ?? '?'}`),
    perLevel('DOM nodes, baseline', (l) => `${l.baseline.heap.domNodes ?? '?'}`),
    perLevel('comments in the tree, element', (l) => `${l.element.heap.commentNodesInTree}`),
    perLevel('rows in the DOM, element', (l) => `${l.element.rowsInDom}`),
    perLevel('JS heap, element', (l) => mb(l.element.heap.jsHeapUsedBytes)),
    perLevel('JS heap, baseline', (l) => mb(l.baseline.heap.jsHeapUsedBytes)),
    perLevel('JS heap ratio', (l) => `${l.ratio.jsHeapUsed}`),
    perLevel('DOM (Blink) heap, element', (l) => mb(l.element.heap.embedderHeapUsedBytes ?? 0)),
    perLevel('DOM (Blink) heap, baseline', (l) => mb(l.baseline.heap.embedderHeapUsedBytes ?? 0)),
    `  (empty page: JS heap ${mb(r.longConversations.emptyPage.jsHeapUsedBytes)})`,
    perLevel('scroll, element: >50ms/longest/frame', (l) => tasks(l.element.scroll)),
    perLevel('scroll, baseline: same', (l) => tasks(l.baseline.scroll)),
    perLevel('paging back, element (s)', (l) =>
      l.element.pageBack ? (l.element.pageBack.ms / 1000).toFixed(1) : '–',
    ),
    perLevel('arrival: main-thread CPU ms', (l) => `${l.element.arrival.mainThreadCpuMs.medianMs}`),
    perLevel('arrival: task time ms', (l) => `${l.element.arrival.taskMs.medianMs}`),
    perLevel('arrival: frame → DOM ms', (l) => `${l.element.arrival.frameToDomMs.medianMs}`),
    perLevel('arrival: frame → painted ms', (l) => `${l.element.arrival.frameToPaintMs.medianMs}`),
    perLevel('arrival: publish → painted ms', (l) => `${l.element.arrival.publishToPaintMs.medianMs}`),
    `  arrival at ${levels.at(-1)?.messages} / at ${levels[0]?.messages}: main-thread CPU ${arrival.mainThreadCpu}, ` +
      `task time ${arrival.task}, frame → DOM ${arrival.frameToDom}, frame → painted ${arrival.frameToPaint}, ` +
      `publish → painted ${arrival.publishToPaint}`,
    '',
    'Targets',
    ...r.targets.map(
      (g) =>
        `  ${g.met === null ? '?  ' : g.met ? 'met' : 'NOT'}  ${g.name}: ${g.value ?? '–'} (goal ${g.goal})`,
    ),
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
}
