import { performance } from 'node:perf_hooks';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { round } from './bench-support.js';
import {
  awaitInPage,
  BenchPage,
  metricsOf,
  openPage,
  readHeap,
  SETTLE_MS,
  withPage,
  type HeapReading,
} from './widget-bench-browser.js';
import { ratio, spread, type Spread } from './widget-bench-report.js';

/** How long a page may take to load all its history, or to be scrolled through. */
const PAGE_BACK_LIMIT_MS = 180_000;
const SCROLL_LIMIT_MS = 180_000;
const INTERACTIVE_TIMEOUT_MS = 20_000;
const ARRIVAL_TIMEOUT_MS = 10_000;
/** After a message is painted, what follows it (read marker saved, animation) runs within this. */
const ARRIVAL_SETTLE_MS = 500;

/** Paging back to the start of the conversation, the way a reader does (the element only). */
export interface PageBack {
  ms: number;
  /** Times the list was scrolled to the top. */
  scrolls: number;
  longTasks: number;
  longestTaskMs: number | null;
}

/** Scrolling the whole loaded conversation from top to bottom, a screen every two frames. */
export interface ScrollThrough {
  steps: number;
  ms: number;
  scrollHeight: number;
  /** Main-thread tasks over 50 ms meanwhile (PerformanceObserver 'longtask'). */
  longTasks: number;
  /** The longest of them; null when none was over 50 ms. */
  longestTaskMs: number | null;
  /** The longest interval between two frames (requestAnimationFrame), whatever held it. */
  longestFrameMs: number;
}

/** One message arriving from someone else while the list is at its newest (medians over the arrivals). */
export interface ArrivalCost {
  arrivals: number;
  /**
   * Renderer main-thread CPU time (CDP `Performance.getMetrics` ThreadTime) from just before the publish to
   * ARRIVAL_SETTLE_MS after the message was painted: the SDK, the element and the frames it caused. CPU time,
   * so time the thread waited for a core on this shared machine does not count.
   */
  mainThreadCpuMs: Spread;
  /** The same window as wall time of the main thread's tasks (TaskDuration)… */
  taskMs: Spread;
  /** …of which script (ScriptDuration), layout (LayoutDuration) and style (RecalcStyleDuration). */
  scriptMs: Spread;
  layoutMs: Spread;
  styleMs: Spread;
  /** The WebSocket frame carrying it arrived → its text in the DOM (in the page's clock). */
  frameToDomMs: Spread;
  /** The WebSocket frame → the first frame drawn after its text was in the DOM. */
  frameToPaintMs: Spread;
  /** Publish (Chat REST, from Node) → painted, on Node's clock (includes ably-local and a CDP round trip). */
  publishToPaintMs: Spread;
}

/** One page with a conversation of `messages` loaded, after it was scrolled through. */
export interface LevelReading {
  /** Messages loaded, as the page shows them. */
  messages: number;
  /** Message rows in the DOM at the bottom. */
  rowsInDom: number;
  heap: HeapReading;
  pageBack?: PageBack;
  scroll: ScrollThrough;
}

/** The element at a level, measured and left open at its newest message for arrivals. */
export interface OpenLevel {
  messages: number;
  reading: LevelReading;
  page: BenchPage;
  cdp: CDPSession;
  /** Makes someone else send `text` to this conversation. */
  send: (text: string) => Promise<unknown>;
}

/**
 * The element at a level: opens the page, waits for the chunk loaded after the first paint (the list's
 * windowing), pages back to the start of the conversation by scrolling to the top, scrolls through it all
 * from the top and reads DOM and heap at the bottom. The page stays open (the caller closes it).
 */
export async function openElementLevel(
  browser: Browser,
  level: { url: string; messages: number; send: (text: string) => Promise<unknown> },
): Promise<OpenLevel> {
  const bench = await BenchPage.open(browser);
  try {
    const { page } = bench;
    await openPage(page, level.url);
    await awaitInPage(page, 'window.__interactive', 'the participants button', INTERACTIVE_TIMEOUT_MS);
    const pageBack = roundAll(
      await awaitInPage<PageBack>(
        page,
        `__pageBack(${PAGE_BACK_LIMIT_MS})`,
        'paging back',
        PAGE_BACK_LIMIT_MS + 5_000,
      ),
    );
    const scroll = await scrollThrough(page);
    const loaded = (await page.evaluate('__loaded()')) as number;
    if (loaded !== level.messages) {
      throw new Error(
        `unable to measure the element at ${level.messages} messages; it shows ${loaded} after paging back`,
      );
    }
    await page.waitForTimeout(SETTLE_MS);
    const cdp = await bench.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const heap = await readHeap(page, cdp);
    const rowsInDom = (await page.evaluate('__rows()')) as number;
    const reading = { messages: loaded, rowsInDom, heap, pageBack, scroll };
    return { messages: level.messages, reading, page: bench, cdp, send: level.send };
  } catch (err) {
    await bench.close();
    throw bench.explain(err);
  }
}

type Sample = Record<Exclude<keyof ArrivalCost, 'arrivals'>, number>;

/**
 * Times `arrivals` messages arriving at each open level, one level after the other in each round (ABC, then
 * CBA), so that whatever else the machine does weighs on every level alike; a first round warms up.
 */
export async function measureArrivals(levels: OpenLevel[], arrivals: number): Promise<ArrivalCost[]> {
  const samples = levels.map((): Sample[] => []);
  for (let pass = 0; pass <= arrivals; pass++) {
    const order = levels.map((_, i) => i);
    if (pass % 2 === 1) order.reverse();
    for (const i of order) {
      const level = levels[i]!;
      try {
        const sample = await arrival(level, `Arrival ${pass} at ${level.messages}`);
        if (pass > 0) samples[i]!.push(sample);
      } catch (err) {
        throw level.page.explain(err);
      }
    }
  }
  return samples.map((list) => {
    const of = (key: keyof Sample) => spread(list.map((s) => round2(s[key])));
    return {
      arrivals,
      mainThreadCpuMs: of('mainThreadCpuMs'),
      taskMs: of('taskMs'),
      scriptMs: of('scriptMs'),
      layoutMs: of('layoutMs'),
      styleMs: of('styleMs'),
      frameToDomMs: of('frameToDomMs'),
      frameToPaintMs: of('frameToPaintMs'),
      publishToPaintMs: of('publishToPaintMs'),
    };
  });
}

async function arrival(level: OpenLevel, text: string): Promise<Sample> {
  const { page } = level.page;
  await page.evaluate(`window.__pending = __arrival(${JSON.stringify(text)}); 0`);
  const before = await metricsOf(level.cdp);
  const sentAt = performance.now();
  await level.send(text);
  const seen = await awaitInPage<{ frameAt: number | null; domAt: number; paintedAt: number }>(
    page,
    'window.__pending',
    `"${text}" painted`,
    ARRIVAL_TIMEOUT_MS,
  );
  const publishToPaintMs = performance.now() - sentAt;
  await page.waitForTimeout(ARRIVAL_SETTLE_MS);
  const after = await metricsOf(level.cdp);
  if (seen.frameAt === null) throw new Error(`unable to time "${text}"; no WebSocket frame carried it`);
  const delta = (name: string) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
  return {
    mainThreadCpuMs: delta('ThreadTime'),
    taskMs: delta('TaskDuration'),
    scriptMs: delta('ScriptDuration'),
    layoutMs: delta('LayoutDuration'),
    styleMs: delta('RecalcStyleDuration'),
    frameToDomMs: seen.domAt - seen.frameAt,
    frameToPaintMs: seen.paintedAt - seen.frameAt,
    publishToPaintMs,
  };
}

const round2 = (v: number) => round(v, 2);

/** The baseline at a level: writes the latest `messages` messages, scrolls through them, reads DOM and heap. */
export function bareLevel(browser: Browser, url: string, messages: number): Promise<LevelReading> {
  return withPage(browser, async (page, context) => {
    await page.goto(url);
    const shown = await awaitInPage<number>(
      page,
      'window.__bare.then((b) => b.shown)',
      `${messages} messages written`,
      PAGE_BACK_LIMIT_MS,
    );
    if (shown !== messages) {
      throw new Error(`unable to measure the baseline at ${messages} messages; it wrote ${shown}`);
    }
    const scroll = await scrollThrough(page);
    await page.waitForTimeout(SETTLE_MS);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const heap = await readHeap(page, cdp);
    const rowsInDom = (await page.evaluate('__rows()')) as number;
    return { messages: shown, rowsInDom, heap, scroll };
  });
}

async function scrollThrough(page: Page): Promise<ScrollThrough> {
  return roundAll(
    await awaitInPage<ScrollThrough>(
      page,
      `__scrollThrough(${SCROLL_LIMIT_MS})`,
      'scrolling through',
      SCROLL_LIMIT_MS + 5_000,
    ),
  );
}

function roundAll<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, typeof v === 'number' ? round(v, 1) : v]),
  ) as T;
}

/** A level's readings, element and baseline, and their ratios. */
export function levelOf(
  messages: number,
  element: LevelReading & { arrival: ArrivalCost },
  baseline: LevelReading,
  emptyHeapBytes: number,
) {
  const above = (r: LevelReading) => r.heap.jsHeapUsedBytes - emptyHeapBytes;
  const nodes = (r: LevelReading) => r.heap.domNodes;
  const both = (r: LevelReading) => r.heap.jsHeapUsedBytes + (r.heap.embedderHeapUsedBytes ?? 0);
  return {
    messages,
    element,
    baseline,
    ratio: {
      jsHeapUsed: ratio(element.heap.jsHeapUsedBytes, baseline.heap.jsHeapUsedBytes),
      jsHeapUsedAboveEmptyPage: ratio(above(element), above(baseline)),
      /** V8 and Blink (DOM) heaps together: the baseline keeps its rows as DOM, the element as JS objects. */
      jsAndEmbedderHeap: ratio(both(element), both(baseline)),
      ...(nodes(element) && nodes(baseline) ? { domNodes: ratio(nodes(element)!, nodes(baseline)!) } : {}),
    },
  };
}

/** The cost of a message arriving with the most messages loaded, over the cost with the fewest. */
export function arrivalRatioOf(fewest: { arrival: ArrivalCost }, most: { arrival: ArrivalCost }) {
  const a = fewest.arrival;
  const b = most.arrival;
  return {
    mainThreadCpu: ratio(b.mainThreadCpuMs.medianMs, a.mainThreadCpuMs.medianMs),
    task: ratio(b.taskMs.medianMs, a.taskMs.medianMs),
    frameToDom: ratio(b.frameToDomMs.medianMs, a.frameToDomMs.medianMs),
    frameToPaint: ratio(b.frameToPaintMs.medianMs, a.frameToPaintMs.medianMs),
    publishToPaint: ratio(b.publishToPaintMs.medianMs, a.publishToPaintMs.medianMs),
  };
}

export type LevelResult = ReturnType<typeof levelOf>;
